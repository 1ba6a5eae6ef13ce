import { removeItems } from '../../../lib/tracking/decisions';
import { FakePersistence } from './fakePersistence';
import { Clock, T0, Thread, identity, ids, purge, sizeOf, sync, trackingOf } from './harness';

const thread = (...replyIds: string[]) => {
    const one = new Thread();
    replyIds.forEach((id) => one.ids.add(id));
    return one;
};

describe('a sync observes a thread', () => {
    it('first sync: tracking from now, no removal; nothing new afterwards writes nothing the same day', async () => {
        const store = new FakePersistence();
        const clock = new Clock();
        const first = await sync(store, thread('a', 'b'), clock);
        expect(first.trackingSince).toEqual(clock.now());
        expect(first.removed).toEqual([]);
        const writes = store.calls.writes;
        clock.time += 60_000;
        const again = await sync(store, thread('a', 'b'), clock);
        expect(again.trackingSince).toEqual(new Date(T0));
        expect(store.calls.writes).toBe(writes);
    });

    it('a known reply missing from the snapshot is removed once, with the detection time, and stays reported', async () => {
        const store = new FakePersistence();
        const clock = new Clock();
        await sync(store, thread('a', 'b'), clock);
        clock.time += 1000;
        const detected = await sync(store, thread('a'), clock);
        expect(ids(detected.removed)).toEqual(['b']);
        expect(detected.removed[0]).toEqual({ ...identity('b'), removedAt: clock.time });
        clock.time += 1000;
        const later = await sync(store, thread('a'), clock);
        expect(later.removed).toEqual(detected.removed);
        expect(removeItems(later.removed, new Date(clock.time - 1500))).toEqual([
            {
                _id: 'b',
                rid: 'ROOM',
                tmid: 'T',
                ts: new Date(T0),
                u: { _id: 'u1', username: 'name-u1' },
                _deletedAt: new Date(clock.time - 1000),
                __collection__: 'message',
            },
        ]);
    });

    it('a thread synced daily with nothing new writes one small marker a day and never expires', async () => {
        const store = new FakePersistence();
        const clock = new Clock();
        const one = thread('a', 'b');
        const first = await sync(store, one, clock);
        for (let day = 1; day <= 45; day++) {
            clock.days(1);
            const writes = store.calls.writes;
            await sync(store, one, clock);
            expect(store.calls.writes - writes).toBeLessThanOrEqual(4); // marker, its day index, and the two removals
            const purged = await purge(store, clock);
            expect(purged.done).toBe(true);
        }
        const last = await sync(store, one, clock);
        // Not expired: tracking still holds from the first sync, except that the applied purge cutoff bounds it.
        expect(last.trackingSince).toEqual(new Date(Math.max(first.trackingSince.getTime(), clock.time - 30 * 86_400_000)));
        expect(last.trackingSince.getTime()).toBeLessThan(clock.time);
        one.ids.delete('a');
        expect(ids((await sync(store, one, clock)).removed)).toEqual(['a']);
        expect(sizeOf(store).largest).toBeLessThan(400);
    });

    it('an untracked thread: reply events write nothing', async () => {
        const store = new FakePersistence();
        for (let index = 0; index < 100; index++) {
            expect(await trackingOf(store).recordEvent(identity(`r${index}`, 'UNSYNCED'))).toBe(false);
        }
        expect(store.records).toEqual([]);
    });

    it('a tracked thread: a reply sent and hard-deleted between syncs is reported (its events are merged)', async () => {
        const store = new FakePersistence();
        const clock = new Clock();
        const one = thread('a');
        await sync(store, one, clock);
        expect(await trackingOf(store).recordEvent(identity('x'))).toBe(true);
        expect(await trackingOf(store).recordEvent({ ...identity('x'), removedAt: T0 + 5 })).toBe(true);
        const after = await sync(store, one, clock);
        expect(after.removed).toEqual([{ ...identity('x'), removedAt: T0 + 5 }]);
        expect(store.records.filter((record) => (record.data as { k?: string }).k === 'event')).toEqual([]);
    });

    it('stores at most 48 bytes per tracked reply (17-character ids, two senders)', async () => {
        const store = new FakePersistence();
        const one = new Thread('ROOTROOTROOTROOT1');
        for (let index = 0; index < 10_000; index++) {
            one.ids.add(`r${String(index).padStart(16, '0')}`);
        }
        await sync(store, one);
        const { bytes, largest } = sizeOf(store);
        expect(bytes / 10_000).toBeLessThanOrEqual(48);
        expect(largest).toBeLessThanOrEqual(256 * 1024);
    });
});
