import type { AppManager } from '@rocket.chat/apps-engine/server/AppManager';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

import { WorkspacePersistenceBridge } from '../bridges/persistence';
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
