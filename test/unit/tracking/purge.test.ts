import { FakePersistence } from './fakePersistence';
import { Clock, RETENTION_DAYS, Thread, identity, ids, purge, sync, trackingOf } from './harness';

const kinds = (store: FakePersistence) => store.records.map((record) => (record.data as { k?: string }).k ?? '?');
const threadRecords = (store: FakePersistence, tmid: string) =>
    store.records.filter((record) => record.associations.some((a) => a.id === `push-sync:thread:${tmid}`));

function threads(count: number, replies = 5): Thread[] {
    return Array.from({ length: count }, (_, index) => {
        const thread = new Thread(`T${index}`);
        for (let reply = 0; reply < replies; reply++) {
            thread.ids.add(`T${index}-r${reply}`);
        }
        return thread;
    });
}

describe('the purge', () => {
    it("an idle thread's ledger expires; its next sync answers an honest trackingSince", async () => {
        const store = new FakePersistence();
        const clock = new Clock();
        const [idle] = threads(1);
        await purge(store, clock); // the upgrade: the index starts the day before
        await sync(store, idle, clock);
        clock.days(RETENTION_DAYS + 2);
        expect((await purge(store, clock)).done).toBe(true);
        expect(threadRecords(store, 'T0')).toEqual([]);
        const [gone] = idle.ids;
        idle.ids.delete(gone);
        const next = await sync(store, idle, clock);
        expect(next.trackingSince).toEqual(clock.now());
        expect(next.removed).toEqual([]);
    });

    it('a sync of an expired thread the purge has not reached yet starts afresh too', async () => {
        const store = new FakePersistence();
        const clock = new Clock();
        const [idle] = threads(1);
        await trackingOf(store).upgrade(clock.now()); // the start-up job
        await sync(store, idle, clock);
        clock.days(RETENTION_DAYS + 2);
        const next = await sync(store, idle, clock);
        expect(next.trackingSince).toEqual(clock.now());
        await purge(store, clock);
        // The old epoch is dropped, the new one is kept.
        expect((await sync(store, idle, clock)).trackingSince).toEqual(next.trackingSince);
        expect(kinds(store).filter((kind) => kind === 'shard')).toHaveLength(1);
    });

    it('drops removals detected before the cutoff together with their known entry; keeps later ones', async () => {
        const store = new FakePersistence();
        const clock = new Clock();
        const [thread] = threads(1, 3);
        await purge(store, clock);
        await sync(store, thread, clock);
        const [first, second] = thread.ids;
        thread.ids.delete(first);
        await sync(store, thread, clock);
        clock.days(10);
        thread.ids.delete(second);
        await sync(store, thread, clock);
        for (let day = 0; day < RETENTION_DAYS - 8; day++) {
            clock.days(1);
            await sync(store, thread, clock);
            await purge(store, clock);
        }
        const after = await sync(store, thread, clock);
        expect(ids(after.removed)).toEqual([second]);
        expect(after.trackingSince.getTime()).toBeGreaterThan(after.removed[0].removedAt! - RETENTION_DAYS * 86_400_000);
    });

    it('a purge interrupted after some threads resumes where it stopped and purges everything in the end', async () => {
        const store = new FakePersistence();
        const clock = new Clock();
        const all = threads(300);
        await purge(store, clock);
        for (const thread of all) {
            await sync(store, thread, clock);
        }
        clock.days(RETENTION_DAYS + 2);
        let runs = 0;
        let done = false;
        while (!done) {
            const reads = store.calls.reads;
            // A time box of 0: each run handles one thread, then stops (as a run cut at its time box).
            const run = await purge(store, clock, 0);
            done = run.done;
            runs += 1;
            expect(store.calls.reads - reads).toBeLessThan(200);
            expect(runs).toBeLessThan(400);
        }
        expect(runs).toBeGreaterThan(100);
        expect(store.records.filter((record) => record.associations.some((a) => a.id.startsWith('push-sync:thread:')))).toEqual(
            [],
        );
    });

    it('never reads the records of threads with nothing to purge', async () => {
        const store = new FakePersistence();
        const clock = new Clock();
        await purge(store, clock);
        const all = threads(50);
        for (const thread of all) {
            await sync(store, thread, clock);
        }
        clock.days(5);
        const reads = store.calls.reads;
        await purge(store, clock);
        // Coverage, format flag, progress, and the index of days before the cutoff's: no thread.
        expect(store.calls.reads - reads).toBeLessThan(10);
    });

    it('event records of an idle tracked thread expire with it', async () => {
        const store = new FakePersistence();
        const clock = new Clock();
        const [thread] = threads(1);
        await purge(store, clock);
        await sync(store, thread, clock);
        for (let index = 0; index < 20; index++) {
            await trackingOf(store).recordEvent(identity(`late-${index}`, 'T0'));
        }
        clock.days(RETENTION_DAYS + 2);
        await purge(store, clock);
        expect(threadRecords(store, 'T0')).toEqual([]);
    });
});

describe('the upgrade from 0.2.0 and 0.1.0', () => {
    it('drops every record they wrote once, and only once; this format is kept', async () => {
        const store = new FakePersistence();
        const clock = new Clock();
        const misc = (id: string) => ({ model: 'misc', id: `push-sync:${id}` });
        store.seed([misc('thread:OLD'), misc('thread-ledger'), misc('record:k1')], {
            kind: 'thread-ledger',
            tmid: 'OLD',
            key: 'k1',
            known: [],
            removed: [],
            observedAt: [],
        });
        store.seed([misc('thread:OLD'), misc('known-reply'), { model: 'message', id: 'm1' }], {
            kind: 'known-reply',
            tmid: 'OLD',
            copy: { msg: 'legacy secret' },
        });
        store.seed([misc('purge')], { cutoff: '2020-01-01T00:00:00.000Z' });
        const [thread] = threads(1);
        expect(await trackingOf(store).upgrade(clock.now())).toBe(true);
        expect(JSON.stringify(store.records)).not.toContain('OLD');
        expect(JSON.stringify(store.records)).not.toContain('legacy secret');
        await sync(store, thread, clock);
        const before = store.records.length;
        expect(await trackingOf(store).upgrade(clock.now())).toBe(false);
        expect(store.records).toHaveLength(before);
    });
});
