import { FakePersistence } from './fakePersistence';
import { Clock, Thread, identity, ids, sync, trackingOf } from './harness';

const event = (store: FakePersistence, id: string, removedAt?: number) =>
    trackingOf(store).recordEvent({ ...identity(id), ...(removedAt !== undefined ? { removedAt } : {}) });

/** Every removal the ledger holds now, as the next nothing-new sync answers it. */
async function removedIds(store: FakePersistence, thread: Thread, clock: Clock): Promise<string[]> {
    return ids((await sync(store, thread, clock)).removed);
}

const big = (count: number) => {
    const thread = new Thread();
    for (let index = 0; index < count; index++) {
        thread.ids.add(`r${String(index).padStart(16, '0')}`);
    }
    return thread;
};
const shardCount = (store: FakePersistence) =>
    store.records.filter((record) => (record.data as { k?: string }).k === 'shard').length;

describe('concurrent writers never lose or invent a removal', () => {
    it('two instances sync the same thread while a bulk deletion happens', async () => {
        const store = new FakePersistence();
        const clock = new Clock();
        const thread = big(3);
        await sync(store, thread, clock);
        const [gone] = thread.ids;
        thread.ids.delete(gone);
        const [one, two] = await Promise.all([sync(store, thread, clock), sync(store, thread, clock)]);
        expect(ids(one.removed)).toEqual([gone]);
        expect(ids(two.removed)).toEqual([gone]);
        expect(await removedIds(store, thread, clock)).toEqual([gone]);
    });

    it('a reply sent (and recorded by its event) between reading the ledger and the snapshot is not removed', async () => {
        const store = new FakePersistence();
        const clock = new Clock();
        const thread = big(1);
        await sync(store, thread, clock);
        const observation = await sync(store, thread, clock, async () => {
            thread.ids.add('new');
            await event(store, 'new');
        });
        expect(observation.removed).toEqual([]);
        expect(await removedIds(store, thread, clock)).toEqual([]);
    });

    it("a first sync writes the thread's marker before its snapshot: an event during it is recorded", async () => {
        const store = new FakePersistence();
        const clock = new Clock();
        const thread = big(2);
        await sync(store, thread, clock, async () => {
            thread.ids.add('late');
            expect(await event(store, 'late')).toBe(true);
        });
        thread.ids.delete('late');
        expect(await removedIds(store, thread, clock)).toEqual(['late']);
    });

    it('no removal is lost across shard boundaries when syncs, deletions and events interleave', async () => {
        const store = new FakePersistence();
        const clock = new Clock();
        const thread = big(8000);
        await sync(store, thread, clock);
        expect(shardCount(store)).toBeGreaterThanOrEqual(3);
        const all = [...thread.ids];
        const doomed = [all[0], all[3000], all[5500], all[7999]];
        const late = ['x', 'y', 'z'];
        doomed.slice(0, 2).forEach((id) => thread.ids.delete(id));
        await Promise.all([
            sync(store, thread, clock),
            sync(store, thread, clock, async () => {
                doomed.slice(2).forEach((id) => thread.ids.delete(id));
            }),
            ...late.map(async (id) => {
                thread.ids.add(id);
                await event(store, id);
                thread.ids.delete(id);
                await event(store, id, clock.time);
            }),
            sync(store, thread, clock),
        ]);
        expect(await removedIds(store, thread, clock)).toEqual([...doomed, ...late].sort());
        // Versions left by racing writers are merged again: the ledger converges to one record per slot.
        await sync(store, thread, clock);
        const slots = store.records
            .map((record) => record.data as { k?: string; n?: number })
            .filter((data) => data.k === 'shard')
            .map((data) => data.n);
        expect(new Set(slots).size).toBe(slots.length);
        expect(await removedIds(store, thread, clock)).toEqual([...doomed, ...late].sort());
    });

    it('costs two reads and a few writes on a first sync, two reads and no write when nothing changed', async () => {
        const store = new FakePersistence();
        const clock = new Clock();
        const thread = big(1000);
        await sync(store, thread, clock);
        expect(store.calls.reads).toBe(2);
        const writes = store.calls.writes;
        await sync(store, thread, clock);
        expect(store.calls).toEqual({ reads: 4, writes });
    });
});
