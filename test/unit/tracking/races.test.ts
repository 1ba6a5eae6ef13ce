import type { MessageDoc } from '../../../lib/sync/threadSnapshot';
import { COMPACT_AFTER_RECORDS, deletedReplyRecord, identityOf, observeThread, sentReplyRecord } from '../../../lib/tracking';
import { DeletionTracking } from '../../../storage/deletionTracking';
import { FakePersistence } from './fakePersistence';

const reply = (id: string): MessageDoc => ({
    _id: id,
    rid: 'ROOM',
    tmid: 'T',
    msg: 'text',
    ts: new Date('2024-01-01T00:00:00.000Z'),
    u: { _id: 'u1', username: 'alice' },
    _updatedAt: new Date('2024-01-01T00:00:00.000Z'),
});

/** The thread as the host holds it: a set of reply ids. */
class Thread {
    readonly ids = new Set<string>();
    snapshot(): MessageDoc[] {
        return [...this.ids].map(reply);
    }
}

let keys = 0;
/** What the endpoint does for one sync: ledger before snapshot, then observe and commit. */
async function sync(store: FakePersistence, thread: Thread, beforeSnapshot: () => Promise<void> = async () => {}) {
    const tracking = new DeletionTracking(store.reader, store.writer);
    const [ledger, coverage] = await Promise.all([tracking.loadThread('T'), tracking.loadCoverage()]);
    await beforeSnapshot();
    const replies = thread.snapshot();
    const observation = observeThread(ledger, replies, new Date(), coverage, `k${(keys += 1)}`);
    await tracking.commit('T', observation);
    return observation;
}

async function removedIds(store: FakePersistence): Promise<string[]> {
    const ledger = await new DeletionTracking(store.reader, store.writer).loadThread('T');
    return [...ledger.removed.keys()].sort();
}

const event = (store: FakePersistence, record: Parameters<DeletionTracking['recordEvent']>[0]) =>
    new DeletionTracking(store.reader, store.writer).recordEvent(record);
const identity = (id: string) => identityOf(reply(id), 'T')!;

describe('concurrent writers never lose or invent a removal', () => {
    it('two instances sync the same thread while a bulk deletion happens', async () => {
        const store = new FakePersistence();
        const thread = new Thread();
        ['a', 'b', 'c'].forEach((id) => thread.ids.add(id));
        await sync(store, thread);
        thread.ids.delete('b');
        const [one, two] = await Promise.all([sync(store, thread), sync(store, thread)]);
        expect(one.removed.map((entry) => entry._id)).toEqual(['b']);
        expect(two.removed.map((entry) => entry._id)).toEqual(['b']);
        expect(await removedIds(store)).toEqual(['b']);
    });

    it('a reply sent (and recorded by its event) between reading the ledger and the snapshot is not removed', async () => {
        const store = new FakePersistence();
        const thread = new Thread();
        thread.ids.add('a');
        await sync(store, thread);
        const observation = await sync(store, thread, async () => {
            thread.ids.add('new');
            await event(store, sentReplyRecord(identity('new')));
        });
        expect(observation.removed).toEqual([]);
        expect(await removedIds(store)).toEqual([]);
    });

    it('a sync racing the delete event: the removal is kept once, whichever lands first', async () => {
        const store = new FakePersistence();
        const thread = new Thread();
        ['a', 'b'].forEach((id) => thread.ids.add(id));
        await sync(store, thread);
        thread.ids.delete('a');
        await Promise.all([
            sync(store, thread),
            event(store, deletedReplyRecord(identity('a'), 'missing', undefined, new Date())!),
        ]);
        expect(await removedIds(store)).toEqual(['a']);
        const after = await sync(store, thread);
        expect(after.record).toBeUndefined();
    });

    it('a compaction racing new events keeps every entry', async () => {
        const store = new FakePersistence();
        const thread = new Thread();
        for (let index = 0; index <= COMPACT_AFTER_RECORDS; index++) {
            thread.ids.add(`r${index}`);
            await event(store, sentReplyRecord(identity(`r${index}`)));
        }
        thread.ids.delete('r0');
        const late = ['x', 'y', 'z'];
        await Promise.all([
            sync(store, thread),
            ...late.map(async (id) => {
                await event(store, sentReplyRecord(identity(id)));
                await event(store, deletedReplyRecord(identity(id), 'missing', undefined, new Date())!);
            }),
        ]);
        const ledger = await new DeletionTracking(store.reader, store.writer).loadThread('T');
        expect(ledger.known.size).toBe(COMPACT_AFTER_RECORDS + 1 + late.length);
        expect([...ledger.removed.keys()].sort()).toEqual(['r0', 'x', 'y', 'z']);
        expect(ledger.recordKeys.length).toBeLessThanOrEqual(1 + 2 * late.length);
    });

    it('costs two reads and one write on a first sync, two reads and no write when nothing changed', async () => {
        const store = new FakePersistence();
        const thread = new Thread();
        for (let index = 0; index < 1000; index++) {
            thread.ids.add(`r${index}`);
        }
        await sync(store, thread);
        expect(store.calls).toEqual({ reads: 2, writes: 1 });
        await sync(store, thread);
        expect(store.calls).toEqual({ reads: 4, writes: 1 });
    });
});
