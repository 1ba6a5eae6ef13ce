import type { AppManager } from '@rocket.chat/apps-engine/server/AppManager';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

import { calculateObjectSize } from 'bson';

import { WorkspacePersistenceBridge } from '../bridges/persistence';
import { MAX_BSON_OBJECT_SIZE, persistenceSizeOf } from '../store/appPersistence';
import { Database } from '../store/Database';

const APP = 'app-1';
const OTHER_APP = 'app-2';

/** Associations as they arrive from the Deno runtime: plain `{model, id}` objects. */
const assoc = (model: string, id: string) => ({ model, id }) as unknown as RocketChatAssociationRecord;
const thread = (tmid: string) => assoc('misc', `thread:${tmid}`);
const kind = (name: string) => assoc('misc', `kind:${name}`);
const message = (id: string) => assoc('message', id);

function bridge(): { db: Database; persistence: WorkspacePersistenceBridge } {
    const db = new Database('http://localhost:3000');
    const manager = (): AppManager => {
        throw new Error('the persistence bridge does not need the manager');
    };
    return { db, persistence: new WorkspacePersistenceBridge({ db, manager }) };
}

/** Persistence reads and writes must use the indexes: a scan of the whole store would grow with its size. */
function forbidScans(db: Database): void {
    for (const method of ['find', 'findOne'] as const) {
        jest.spyOn(db.appsPersistence, method).mockImplementation(() => {
            throw new Error(`full scan of ${db.appsPersistence.name}`);
        });
    }
}

afterEach(() => jest.restoreAllMocks());

describe('persistence bridge on indexed records', () => {
    it('reads by association are subset matches within the app, in natural order', async () => {
        const { db, persistence } = bridge();
        forbidScans(db);
        await persistence.doCreateWithAssociations({ n: 1 }, [thread('t1'), kind('known'), message('m1')], APP);
        await persistence.doCreateWithAssociations({ n: 2 }, [thread('t1'), kind('removal'), message('m2')], APP);
        await persistence.doCreateWithAssociations({ n: 3 }, [thread('t2'), kind('known'), message('m3')], APP);
        await persistence.doCreateWithAssociations({ n: 4 }, [thread('t1'), kind('known'), message('m4')], OTHER_APP);
        await persistence.doCreate({ n: 5 }, APP);

        expect(await persistence.doReadByAssociations([thread('t1')], APP)).toEqual([{ n: 1 }, { n: 2 }]);
        expect(await persistence.doReadByAssociations([kind('known')], APP)).toEqual([{ n: 1 }, { n: 3 }]);
        expect(await persistence.doReadByAssociations([kind('known'), thread('t1')], APP)).toEqual([{ n: 1 }]);
        expect(await persistence.doReadByAssociations([thread('t1')], OTHER_APP)).toEqual([{ n: 4 }]);
        expect(await persistence.doReadByAssociations([thread('t1'), message('m3')], APP)).toEqual([]);
        expect(await persistence.doReadByAssociations([assoc('room', 'm1')], APP)).toEqual([]);
        // No association asked: every record of the app, those without associations included.
        expect(await persistence.doReadByAssociations([], APP)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 5 }]);
    });

    it('updates by association need the exact array in the same order; upsert creates otherwise', async () => {
        const { db, persistence } = bridge();
        forbidScans(db);
        const exact = [thread('t1'), kind('known'), message('m1')];
        const id = await persistence.doCreateWithAssociations({ v: 1 }, exact, APP);

        await persistence.doUpdateByAssociations(exact, { v: 2 }, false, APP);
        expect(await persistence.doReadById(id, APP)).toEqual({ v: 2 });

        // Same associations, another order: not the same record (core 8.x answers '' and changes nothing).
        const reordered = [kind('known'), thread('t1'), message('m1')];
        await expect(persistence.doUpdateByAssociations(reordered, { v: 3 }, false, APP)).resolves.toBe('');
        // A subset is not the exact array either.
        await expect(persistence.doUpdateByAssociations([thread('t1')], { v: 3 }, false, APP)).resolves.toBe('');
        // Another app's record with the same associations is never touched.
        await expect(persistence.doUpdateByAssociations(exact, { v: 3 }, false, OTHER_APP)).resolves.toBe('');
        expect(await persistence.doReadById(id, APP)).toEqual({ v: 2 });

        const created = await persistence.doUpdateByAssociations(reordered, { v: 4 }, true, APP);
        expect(created).not.toEqual(id);
        expect(await persistence.doReadByAssociations([message('m1')], APP)).toEqual([{ v: 2 }, { v: 4 }]);
        expect(await persistence.doReadById(created, APP)).toEqual({ v: 4 });
    });

    it('removals keep the indexes current', async () => {
        const { db, persistence } = bridge();
        forbidScans(db);
        const first = await persistence.doCreateWithAssociations({ n: 1 }, [thread('t1'), message('m1')], APP);
        await persistence.doCreateWithAssociations({ n: 2 }, [thread('t1'), message('m2')], APP);
        await persistence.doCreateWithAssociations({ n: 3 }, [thread('t1'), message('m2')], OTHER_APP);

        await persistence.doRemoveByAssociations([message('m2')], APP);
        expect(await persistence.doReadByAssociations([thread('t1')], APP)).toEqual([{ n: 1 }]);
        expect(await persistence.doReadByAssociations([message('m2')], OTHER_APP)).toEqual([{ n: 3 }]);

        await persistence.doRemove(first, APP);
        expect(await persistence.doReadByAssociations([thread('t1')], APP)).toEqual([]);
        expect(await persistence.doReadById(first, APP)).toBeUndefined();

        // The exact-array upsert finds nothing left of the removed record and creates a new one.
        await persistence.doUpdateByAssociations([thread('t1'), message('m1')], { n: 4 }, true, APP);
        expect(await persistence.doReadByAssociations([message('m1')], APP)).toEqual([{ n: 4 }]);

        await persistence.doPurge(APP);
        expect(await persistence.doReadByAssociations([], APP)).toEqual([]);
        expect(await persistence.doReadByAssociations([], OTHER_APP)).toEqual([{ n: 3 }]);
        expect(db.appsPersistence.size).toBe(1);
    });

    it('stored data is a copy: changing what the app passed or read does not change the record', async () => {
        const { persistence } = bridge();
        const data = { list: [1] };
        await persistence.doCreateWithAssociations(data, [thread('t1')], APP);
        data.list.push(2);
        const [read] = (await persistence.doReadByAssociations([thread('t1')], APP)) as Array<{ list: number[] }>;
        read.list.push(3);
        expect(await persistence.doReadByAssociations([thread('t1')], APP)).toEqual([{ list: [1] }]);
    });
});

describe('persistence bridge refuses what MongoDB refuses', () => {
    /** Data whose stored document (BSON) is `size` bytes under [thread('t1')] (this bridge's `_id`/`appId` lengths). */
    async function sizedData(size: number, persistence: WorkspacePersistenceBridge, db: Database): Promise<object> {
        await persistence.doCreateWithAssociations({ s: '' }, [thread('t1')], APP);
        const probe = db.appsPersistence.findBy('appId', APP).at(-1)!;
        const overhead = calculateObjectSize(probe);
        db.appsPersistence.removeById(probe._id);
        return { s: 'x'.repeat(size - overhead) };
    }

    it('refuses an insert over 16 MiB (BSON) with the server error, and accepts one of exactly 16 MiB', async () => {
        const { db, persistence } = bridge();
        const over = await sizedData(MAX_BSON_OBJECT_SIZE + 1, persistence, db);
        await expect(persistence.doCreateWithAssociations(over, [thread('t1')], APP)).rejects.toThrow(
            `object to insert too large. size in bytes: ${MAX_BSON_OBJECT_SIZE + 1}, max size: ${MAX_BSON_OBJECT_SIZE}`,
        );
        expect(db.appsPersistence.findBy('appId', APP)).toEqual([]);
        const limit = await sizedData(MAX_BSON_OBJECT_SIZE, persistence, db);
        await expect(persistence.doCreateWithAssociations(limit, [thread('t1')], APP)).resolves.toEqual(expect.any(String));
        expect(persistenceSizeOf(db.appsPersistence.findBy('appId', APP)).records).toBe(1);
    });

    it('refuses an update over 16 MiB and keeps the record as it was', async () => {
        const { db, persistence } = bridge();
        const exact = [thread('t1'), kind('big')];
        await persistence.doUpdateByAssociations(exact, { v: 1 }, true, APP);
        const over = await sizedData(MAX_BSON_OBJECT_SIZE + 64, persistence, db);
        await expect(persistence.doUpdateByAssociations(exact, over, true, APP)).rejects.toThrow(
            `Resulting document after update is larger than ${MAX_BSON_OBJECT_SIZE}`,
        );
        expect(await persistence.doReadByAssociations(exact, APP)).toEqual([{ v: 1 }]);
    });

    it('reports an app persistence size: records, JSON bytes, largest record', async () => {
        const { db, persistence } = bridge();
        await persistence.doCreateWithAssociations({ a: 'é' }, [thread('t1')], APP);
        await persistence.doCreateWithAssociations({ b: 12345 }, [thread('t1')], APP);
        await persistence.doCreateWithAssociations({ c: 1 }, [thread('t1')], OTHER_APP);
        expect(persistence.sizeOf(APP)).toEqual({ records: 2, jsonBytes: 10 + 11, largestRecord: 11 });
        expect(persistenceSizeOf(db.appsPersistence.findBy('appId', OTHER_APP))).toEqual({
            records: 1,
            jsonBytes: 7,
            largestRecord: 7,
        });
    });
});

describe('persistence read meter (benchmarks)', () => {
    it('is off until started; then sizes every read and removal by association, and the largest of each', async () => {
        const { persistence } = bridge();
        await persistence.doCreateWithAssociations({ a: 'é' }, [thread('t1')], APP);
        await persistence.doCreateWithAssociations({ b: 12345 }, [thread('t1')], APP);
        await persistence.doCreateWithAssociations({ c: 1 }, [thread('t2')], APP);
        await persistence.doReadByAssociations([thread('t1')], APP);
        expect(Object.values(persistence.reads.reading()).every((value) => value === 0)).toBe(true);
        persistence.reads.start();
        // [{"a":"é"},{"b":12345}] is 24 bytes (é is 2), [{"c":1}] is 9; a removal that matches nothing answers nothing.
        await persistence.doReadByAssociations([thread('t1')], APP);
        await persistence.doReadByAssociations([thread('t2')], APP);
        await persistence.doRemoveByAssociations([thread('none')], APP);
        await persistence.doRemoveByAssociations([thread('t2')], APP);
        expect(persistence.reads.reading()).toEqual({
            reads: 2,
            readBytes: 24 + 9,
            largestRead: 24,
            removals: 2,
            removedBytes: 9,
            largestRemoval: 9,
        });
        persistence.reads.stop();
        await persistence.doReadByAssociations([thread('t1')], APP);
        expect(persistence.reads.reading().reads).toBe(0);
    });
});
