import { randomId } from '../../workspace/store/ids';
import type { RestClient } from '../../workspace/client';
import type { TestBed } from './helpers';
import { appZip, startTestBed } from './helpers';
import { readManifest } from '../../scripts/appPackage';

type Loose = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
type SyncBody = {
    messages: { update: Loose[]; remove: Loose[] };
    offset: number;
    count?: number;
    total: { update: number; remove: number };
    trackingSince?: string;
    success: true;
};

const EPOCH = '2019-04-01T00:00:00.000Z';
const PARSE_JSON_QUERY = { helperMethod: 'parseJsonQuery' };

/** chat.syncThreadMessages through HTTP against the packaged app in the local workspace (rocketchat-contract.md §4). */
describe('chat.syncThreadMessages', () => {
    let bed: TestBed;
    let ana: RestClient;
    let ben: RestClient;
    let stranger: RestClient;
    let channel: string;

    const sync = (client: RestClient, query: { [key: string]: string | string[] }) =>
        client.callApp<SyncBody>(bed.appId, 'chat.syncThreadMessages', query);
    const ok = async (client: RestClient, query: { [key: string]: string | string[] }) => {
        const response = await sync(client, query);
        expect(response.status).toBe(200);
        return response.body;
    };
    const fails = async (client: RestClient, query: { [key: string]: string | string[] }, body: Loose) => {
        const response = await sync(client, query);
        expect(response.body).toEqual(body);
        expect(response.status).toBe(400);
    };
    const send = async (client: RestClient, message: Loose) => {
        const response = await client.post<{ message: Loose }>('/api/v1/chat.sendMessage', {
            message: { rid: channel, ...message },
        });
        expect(response.status).toBe(200);
        return response.body.message;
    };
    const setSetting = async (id: string, value: unknown) => {
        expect((await bed.admin.post(`/api/v1/settings/${id}`, { value })).status).toBe(200);
    };
    /** A fresh thread with `n` replies. */
    const thread = async (replies: number) => {
        const root = await send(ana, { msg: `root ${randomId(4)}` });
        const items: Loose[] = [];
        for (let i = 0; i < replies; i++) {
            items.push(await send(i % 2 ? ben : ana, { msg: `reply ${i}`, tmid: root._id }));
        }
        return { root, replies: items };
    };
    const ids = (items: Loose[]) => items.map((item) => item._id);
    /** chat.delete as an admin (authors alternate between ana and ben). */
    const remove = async (message: Loose) => {
        expect((await bed.admin.post('/api/v1/chat.delete', { roomId: channel, msgId: message._id })).status).toBe(200);
    };
    /** The delete event is fire-and-forget; wait until its record is there (bounded, and loud when it never comes). */
    const waitFor = async (check: () => Promise<boolean>, what = 'the awaited condition') => {
        const deadline = Date.now() + 5000;
        while (!(await check())) {
            if (Date.now() > deadline) {
                throw new Error(`waitFor: ${what} did not happen within 5 s`);
            }
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
    };

    beforeAll(async () => {
        bed = await startTestBed();
        ana = await bed.createUser('ana');
        ben = await bed.createUser('ben');
        stranger = await bed.createUser('stranger');
        channel = (await ana.post<{ group: Loose }>('/api/v1/groups.create', { name: 'sync-room', members: ['ben'] })).body.group
            ._id;
    });
    afterAll(async () => {
        await bed?.close();
    });

    describe('errors, in the contract order', () => {
        it('401 JSON without credentials', async () => {
            const response = await bed.admin.request('GET', `/api/apps/public/${bed.appId}/chat.syncThreadMessages`, {
                headers: { 'X-Auth-Token': 'x' },
            });
            expect(response.status).toBe(401);
            expect(response.body).toEqual({
                success: false,
                error: 'You must be logged in to do this.',
                status: 'error',
                message: 'You must be logged in to do this.',
            });
        });

        it('threads disabled comes before any parameter check', async () => {
            await setSetting('Threads_enabled', false);
            try {
                await fails(
                    ana,
                    {},
                    { success: false, error: 'Threads Disabled [error-not-allowed]', errorType: 'error-not-allowed' },
                );
            } finally {
                await setSetting('Threads_enabled', true);
            }
        });

        it('tmid missing, empty or repeated', async () => {
            const body = {
                success: false,
                error: 'The required "tmid" query param is missing. [error-invalid-params]',
                errorType: 'error-invalid-params',
            };
            for (const query of [{}, { tmid: '' }, { tmid: ['a', 'b'] }, { updatedSince: 'nonsense' }] as Array<{
                [key: string]: string | string[];
            }>) {
                await fails(ana, query, body);
            }
        });

        it('updatedSince missing, then not a date', async () => {
            await fails(
                ana,
                { tmid: 'x' },
                {
                    success: false,
                    error: 'The required param "updatedSince" is missing. [error-updatedSince-param-invalid]',
                    errorType: 'error-updatedSince-param-invalid',
                },
            );
            for (const updatedSince of ['yesterday-ish', '2019-13-45T99:00:00Z']) {
                await fails(
                    ana,
                    { tmid: 'x', updatedSince },
                    {
                        success: false,
                        error: 'The "updatedSince" query parameter must be a valid date. [error-updatedSince-param-invalid]',
                        errorType: 'error-updatedSince-param-invalid',
                    },
                );
            }
        });

        it('Invalid Message for an unknown id, a reply, or a message that never had replies', async () => {
            const { root, replies } = await thread(1);
            const plain = await send(ana, { msg: 'no thread here' });
            for (const tmid of ['nope', replies[0]._id, plain._id]) {
                await fails(
                    ana,
                    { tmid, updatedSince: EPOCH },
                    { success: false, error: 'Invalid Message [error-invalid-message]', errorType: 'error-invalid-message' },
                );
            }
            expect((await sync(ana, { tmid: root._id, updatedSince: EPOCH })).status).toBe(200);
        });

        it('Not Allowed for a caller who may not read the room, before any query check', async () => {
            const { root } = await thread(1);
            await fails(
                stranger,
                { tmid: root._id, updatedSince: EPOCH, sort: 'not json' },
                { success: false, error: 'Not Allowed [error-not-allowed]', errorType: 'error-not-allowed' },
            );
        });

        it('bad sort, fields and query, with details, in that order', async () => {
            const { root } = await thread(1);
            const base = { tmid: root._id, updatedSince: EPOCH };
            await fails(
                ana,
                { ...base, sort: '{"ts":2}', fields: 'x', query: 'y' },
                {
                    success: false,
                    error: 'Invalid sort parameter provided: "{"ts":2}" [error-invalid-sort]',
                    errorType: 'error-invalid-sort',
                    details: PARSE_JSON_QUERY,
                },
            );
            await fails(
                ana,
                { ...base, fields: '{"msg":1,"u":0}', query: 'y' },
                {
                    success: false,
                    error: 'Invalid fields parameter provided: "{"msg":1,"u":0}" [error-invalid-fields]',
                    errorType: 'error-invalid-fields',
                    details: PARSE_JSON_QUERY,
                },
            );
            await fails(
                ana,
                { ...base, query: '{"msg":{"$where":"1"}}' },
                {
                    success: false,
                    error: 'Invalid query parameter provided: "{"msg":{"$where":"1"}}" [error-invalid-query]',
                    errorType: 'error-invalid-query',
                    details: PARSE_JSON_QUERY,
                },
            );
        });

        it('bad offset and count, and a count above the configured maximum', async () => {
            const { root } = await thread(1);
            const base = { tmid: root._id, updatedSince: EPOCH };
            await fails(
                ana,
                { ...base, offset: '-1' },
                {
                    success: false,
                    error: 'The "offset" query param must be a non-negative integer. [error-invalid-params]',
                    errorType: 'error-invalid-params',
                },
            );
            await fails(
                ana,
                { ...base, count: '1.5' },
                {
                    success: false,
                    error: 'The "count" query param must be a non-negative integer. [error-invalid-params]',
                    errorType: 'error-invalid-params',
                },
            );
            await fails(
                ana,
                { ...base, count: '1001' },
                {
                    success: false,
                    error: 'The "count" query param must not be greater than 1000. [error-invalid-params]',
                    errorType: 'error-invalid-params',
                },
            );
        });

        it('hostile input gets a quick 400, never a hang or a crash', async () => {
            const { root } = await thread(1);
            const base = { tmid: root._id, updatedSince: EPOCH };
            const hostile = [
                { query: '{"msg":{"$regex":"(a+)+$"}}' },
                { query: '{"msg":{"$regex":"(a|a)*b"}}' },
                { query: '{"msg":{"$regex":"(.*)\\\\1"}}' },
                { query: '{"$or":[' + '{"$or":['.repeat(20) + '{}' + ']}'.repeat(20) + ']}' },
                { query: '{"msg":{"$in":[' + Array.from({ length: 101 }, (_, i) => i).join(',') + ']}}' },
                { query: `{"msg":"${'x'.repeat(5000)}"}` },
                { query: '{"msg":' },
                { fields: '{"__proto__":1}' },
                { sort: '{"$natural":1}' },
                { query: '[1,2]' },
            ] as Array<{ [key: string]: string }>;
            const started = Date.now();
            for (const extra of hostile) {
                const response = await sync(ana, { ...base, ...extra });
                expect(response.status).toBe(400);
                expect(response.body).toMatchObject({
                    success: false,
                    errorType: expect.stringMatching(/^error-invalid-(query|fields|sort)$/),
                });
            }
            expect(Date.now() - started).toBeLessThan(30_000);
        });
    });

    describe('update', () => {
        it('the public documentation example: a root and one reply → one update, no remove', async () => {
            const { root, replies } = await thread(1);
            const body = await ok(ana, { tmid: root._id, updatedSince: EPOCH });
            expect(body.messages.update).toHaveLength(1);
            expect(body.messages.remove).toHaveLength(0);
            expect(body.messages.update[0]).toMatchObject({
                _id: replies[0]._id,
                tmid: root._id,
                rid: channel,
                msg: 'reply 0',
                u: { username: 'ana' },
            });
            expect(body).toMatchObject({ offset: 0, total: { update: 1, remove: 0 }, success: true });
            expect(Object.keys(body)).toEqual(['messages', 'offset', 'total', 'trackingSince', 'success']);
            expect(new Date(body.trackingSince!).getTime()).not.toBeNaN();
        });

        it('new, edited, hidden and tombstoned replies, never the root; only after updatedSince', async () => {
            const { root, replies } = await thread(4);
            const before = (await ok(ana, { tmid: root._id, updatedSince: EPOCH })).messages.update;
            expect(ids(before)).toEqual(ids(replies));
            expect(ids(before)).not.toContain(root._id);
            const mark = new Date().toISOString();
            await new Promise((resolve) => setTimeout(resolve, 5));

            await ana.post('/api/v1/chat.update', { roomId: channel, msgId: replies[0]._id, text: 'edited' });
            await setSetting('Message_KeepHistory', true);
            await ben.post('/api/v1/chat.delete', { roomId: channel, msgId: replies[1]._id });
            await setSetting('Message_KeepHistory', false);
            await setSetting('Message_ShowDeletedStatus', true);
            await ana.post('/api/v1/chat.delete', { roomId: channel, msgId: replies[2]._id });
            await setSetting('Message_ShowDeletedStatus', false);
            const fresh = await send(ben, { msg: 'late reply', tmid: root._id });

            const body = await ok(ana, { tmid: root._id, updatedSince: mark });
            const byId = Object.fromEntries(body.messages.update.map((item) => [item._id, item]));
            expect(Object.keys(byId).sort()).toEqual([replies[0]._id, replies[1]._id, replies[2]._id, fresh._id].sort());
            expect(byId[replies[0]._id]).toMatchObject({ msg: 'edited', editedBy: { username: 'ana' } });
            expect(byId[replies[1]._id]).toMatchObject({ _hidden: true });
            expect(byId[replies[2]._id]).toMatchObject({ t: 'rm', msg: '' });
            expect(byId[fresh._id]).toMatchObject({ msg: 'late reply' });
            // Absent stays absent: no `null` stands in for a missing field.
            expect(JSON.stringify(body)).not.toContain(':null');
            expect(body.messages.remove).toEqual([]);
            // Default order: _updatedAt ascending, then _id.
            const times = body.messages.update.map((item) => item._updatedAt);
            expect([...times].sort()).toEqual(times);
        });

        it('never returns e2e, joinCode, members or importIds', async () => {
            const root = await send(ana, { msg: 'secret thread' });
            await send(ana, {
                msg: 'ciphertext',
                tmid: root._id,
                t: 'e2e',
                e2e: 'done',
                content: { algorithm: 'x', ciphertext: 'y' },
            });
            const [item] = (await ok(ana, { tmid: root._id, updatedSince: EPOCH })).messages.update;
            expect(item).toMatchObject({ t: 'e2e', content: { algorithm: 'x', ciphertext: 'y' } });
            expect(item).not.toHaveProperty('e2e');
        });
    });

    describe('remove', () => {
        it('reports a reply deleted with chat.delete (both deletion settings off), with its last copy', async () => {
            const { root, replies } = await thread(2);
            await ok(ana, { tmid: root._id, updatedSince: EPOCH });
            const mark = new Date().toISOString();
            await ana.post('/api/v1/chat.delete', { roomId: channel, msgId: replies[0]._id });
            const body = await ok(ben, { tmid: root._id, updatedSince: mark });
            expect(body.messages.remove).toHaveLength(1);
            const [removed] = body.messages.remove;
            expect(removed).toMatchObject({
                _id: replies[0]._id,
                rid: channel,
                tmid: root._id,
                msg: 'reply 0',
                __collection__: 'message',
            });
            expect(Object.keys(removed).slice(-2)).toEqual(['_deletedAt', '__collection__']);
            expect(removed._deletedAt >= mark).toBe(true);
            expect(ids(body.messages.update)).not.toContain(replies[0]._id);
        });

        it('records the event even for a reply the app never synced', async () => {
            const { root, replies } = await thread(1);
            await ana.post('/api/v1/chat.delete', { roomId: channel, msgId: replies[0]._id });
            await waitFor(
                async () => bed.workspace.db.appsPersistence.find((record) => record.data.id === replies[0]._id).length > 0,
            );
            const body = await ok(ana, { tmid: root._id, updatedSince: EPOCH });
            expect(body.messages.remove.map((item) => item._id)).toEqual([replies[0]._id]);
            expect(body.messages.remove[0]).toMatchObject({ msg: 'reply 0', tmid: root._id });
        });

        it('reconciles deletions that fire no event: rooms.cleanHistory', async () => {
            const { root, replies } = await thread(3);
            await ok(ana, { tmid: root._id, updatedSince: EPOCH });
            const mark = new Date().toISOString();
            const reply = bed.workspace.db.messages.findOneById(replies[1]._id)!;
            // Replies sent within the same millisecond share a `ts`: the time window alone cannot single one out, so the
            // prune is also limited to reply 1's author (the only reply of ben's in this thread).
            const cleaned = await bed.admin.post('/api/v1/rooms.cleanHistory', {
                roomId: channel,
                oldest: new Date(reply.ts.getTime() - 1).toISOString(),
                latest: new Date(reply.ts.getTime() + 1).toISOString(),
                inclusive: true,
                users: ['ben'],
            });
            expect(cleaned.body).toMatchObject({ count: 1 });
            const body = await ok(ben, { tmid: root._id, updatedSince: mark });
            expect(body.messages.remove).toEqual([
                expect.objectContaining({ _id: replies[1]._id, msg: 'reply 1', __collection__: 'message' }),
            ]);
            // Detected once: the next sync reports the same removal, not a second one.
            const again = await ok(ana, { tmid: root._id, updatedSince: mark });
            expect(again.total.remove).toBe(1);
        });

        it('a deleted reply shows in update as a tombstone when Message_ShowDeletedStatus is on', async () => {
            const { root, replies } = await thread(1);
            await ok(ana, { tmid: root._id, updatedSince: EPOCH });
            await setSetting('Message_ShowDeletedStatus', true);
            try {
                await ana.post('/api/v1/chat.delete', { roomId: channel, msgId: replies[0]._id });
            } finally {
                await setSetting('Message_ShowDeletedStatus', false);
            }
            const body = await ok(ana, { tmid: root._id, updatedSince: EPOCH });
            expect(body.messages.remove).toEqual([]);
            expect(body.messages.update).toEqual([expect.objectContaining({ _id: replies[0]._id, t: 'rm' })]);
        });

        it('keeps its records across a disable and enable of the app (a new runtime process)', async () => {
            const { root, replies } = await thread(2);
            await ok(ana, { tmid: root._id, updatedSince: EPOCH });
            await ana.post('/api/v1/chat.delete', { roomId: channel, msgId: replies[0]._id });
            await waitFor(
                async () =>
                    bed.workspace.db.appsPersistence.find(
                        (record) => record.data.id === replies[0]._id && record.data.kind === 'removal',
                    ).length > 0,
            );
            await bed.admin.post(`/api/apps/${bed.appId}/status`, { status: 'manually_disabled' });
            // Deleted while the app is off: no event reaches it; the sync after re-enabling still finds out.
            await remove(replies[1]);
            await bed.admin.post(`/api/apps/${bed.appId}/status`, { status: 'manually_enabled' });
            const body = await ok(ben, { tmid: root._id, updatedSince: EPOCH });
            expect(body.messages.remove.map((item) => item._id).sort()).toEqual(ids(replies).sort());
        });

        it('a daily job purges removal records older than the retention period', async () => {
            const { root, replies } = await thread(2);
            await ok(ana, { tmid: root._id, updatedSince: EPOCH });
            await remove(replies[0]);
            await remove(replies[1]);
            await ok(ana, { tmid: root._id, updatedSince: EPOCH });
            const removal = bed.workspace.db.appsPersistence.find(
                (record) => record.data.kind === 'removal' && record.data.id === replies[0]._id,
            );
            for (const record of removal) {
                bed.workspace.db.appsPersistence.replace({
                    ...record,
                    data: { ...record.data, deletedAt: new Date(Date.now() - 31 * 86_400_000).toISOString() },
                });
            }
            // The thread has been tracked for 60 days.
            for (const record of bed.workspace.db.appsPersistence.find(
                (candidate) => candidate.data.kind === 'tracking' && candidate.data.tmid === root._id,
            )) {
                bed.workspace.db.appsPersistence.replace({
                    ...record,
                    data: { ...record.data, since: new Date(Date.now() - 60 * 86_400_000).toISOString() },
                });
            }
            const scheduler = bed.workspace.runtime.bridges.scheduler;
            expect(scheduler.recurring).toEqual([{ id: `purge-expired-removals_${bed.appId}`, interval: '1 day' }]);
            await scheduler.runNow(`purge-expired-removals_${bed.appId}`);
            const remaining = bed.workspace.db.appsPersistence.find(
                (record) => record.data.kind === 'removal' && record.data.tmid === root._id,
            );
            // The delete event and the sync may both have recorded the removal; readers merge duplicates.
            expect([...new Set(remaining.map((record) => record.data.id))]).toEqual([replies[1]._id]);
            // Completeness is now only claimed from the applied cutoff (30 days ago) on, not from 60 days ago.
            const body = await ok(ana, { tmid: root._id, updatedSince: EPOCH });
            const trackedFor = Date.now() - new Date(body.trackingSince!).getTime();
            expect(trackedFor).toBeGreaterThan(29 * 86_400_000);
            expect(trackedFor).toBeLessThan(31 * 86_400_000);
            expect(body.messages.remove.map((item) => item._id)).toEqual([replies[1]._id]);
        });
    });

    it('answers the JSON 500 when the server refuses the thread read (threads.read not granted)', async () => {
        const { root } = await thread(1);
        const manager = bed.workspace.runtime.manager;
        const declared = readManifest().permissions!;
        await manager.update(appZip(), declared.filter((permission) => permission.name !== 'threads.read') as never, {
            loadApp: true,
        });
        try {
            const response = await sync(ana, { tmid: root._id, updatedSince: EPOCH });
            expect(response.status).toBe(500);
            expect(response.body).toEqual({
                success: false,
                error: 'Internal error [error-internal]',
                errorType: 'error-internal',
            });
        } finally {
            await manager.update(appZip(), declared as never, { loadApp: true });
        }
        expect((await sync(ana, { tmid: root._id, updatedSince: EPOCH })).status).toBe(200);
    });

    describe('paging, sort, fields and query (beyond core)', () => {
        let root: Loose;
        let replies: Loose[];

        beforeAll(async () => {
            ({ root, replies } = await thread(7));
            await ok(ana, { tmid: root._id, updatedSince: EPOCH });
            await remove(replies[6]);
            await remove(replies[5]);
            await ok(ana, { tmid: root._id, updatedSince: EPOCH });
        });

        it('pages concatenate to the full result, without duplicates, with matching totals', async () => {
            const full = await ok(ana, { tmid: root._id, updatedSince: EPOCH });
            expect(full.total).toEqual({ update: 5, remove: 2 });
            const update: Loose[] = [];
            const remove: Loose[] = [];
            for (let offset = 0; offset < Math.max(full.total.update, full.total.remove); offset += 2) {
                const page = await ok(ana, { tmid: root._id, updatedSince: EPOCH, offset: String(offset), count: '2' });
                expect(page).toMatchObject({ offset, count: 2, total: full.total });
                update.push(...page.messages.update);
                remove.push(...page.messages.remove);
            }
            expect(ids(update)).toEqual(ids(full.messages.update));
            expect(ids(remove)).toEqual(ids(full.messages.remove));
            expect(new Set(ids(update)).size).toBe(5);
        });

        it('sort applies to both lists, _id breaking ties', async () => {
            const body = await ok(ana, { tmid: root._id, updatedSince: EPOCH, sort: '{"msg":-1}' });
            expect(body.messages.update.map((item) => item.msg)).toEqual(['reply 4', 'reply 3', 'reply 2', 'reply 1', 'reply 0']);
            expect(body.messages.remove.map((item) => item.msg)).toEqual(['reply 6', 'reply 5']);
        });

        it('fields: inclusion keeps _id; exclusion drops paths', async () => {
            const included = await ok(ana, { tmid: root._id, updatedSince: EPOCH, fields: '{"msg":1}', count: '1' });
            expect(included.messages.update).toEqual([{ _id: replies[0]._id, msg: 'reply 0' }]);
            const excluded = await ok(ana, { tmid: root._id, updatedSince: EPOCH, fields: '{"md":0,"u":0}', count: '1' });
            expect(excluded.messages.update[0]).not.toHaveProperty('md');
            expect(excluded.messages.update[0]).not.toHaveProperty('u');
            expect(excluded.messages.update[0]).toHaveProperty('msg', 'reply 0');
        });

        it('query: $or, $and, $regex, dates, and a forbidden top-level operator dropped', async () => {
            const run = async (query: string) => (await ok(ana, { tmid: root._id, updatedSince: EPOCH, query })).messages;
            expect((await run('{"$or":[{"msg":"reply 1"},{"msg":"reply 3"}]}')).update.map((item) => item.msg)).toEqual([
                'reply 1',
                'reply 3',
            ]);
            expect(
                (await run('{"$and":[{"u.username":"ben"},{"msg":{"$regex":"[13]$"}}]}')).update.map((item) => item.msg),
            ).toEqual(['reply 1', 'reply 3']);
            expect((await run('{"msg":{"$regex":"REPLY [02]","$options":"i"}}')).update.map((item) => item.msg)).toEqual([
                'reply 0',
                'reply 2',
            ]);
            expect((await run(`{"ts":{"$gte":{"$date":"${EPOCH}"}},"msg":"reply 4"}`)).update.map((item) => item.msg)).toEqual([
                'reply 4',
            ]);
            const dropped = await run('{"$where":"sleep(10000)","msg":"reply 2"}');
            expect(dropped.update.map((item) => item.msg)).toEqual(['reply 2']);
            // The query applies to remove too, and cannot widen the fixed thread/date conditions.
            expect((await run('{"msg":"reply 6"}')).remove.map((item) => item.msg)).toEqual(['reply 6']);
            expect((await run(`{"tmid":"other","_updatedAt":{"$lt":{"$date":"${EPOCH}"}}}`)).update).toHaveLength(5);
        });
    });
});
