import type { RestClient } from '@push-sync/workspace';
import { randomId } from '@push-sync/workspace';
import { INTERNAL_ERROR, refusedPermission, setAppSetting, waitFor, withoutPermission } from './support/helpers';
import type { Target } from './support/target';
import { itLocalOnly, startTarget } from './support/target';
import { eventEntry, isEvent, isShard, shardEntries } from '../../lib/tracking';
import { backdateRemoval } from './support/tracking';
import { sendMessage, setServerSetting, UNAUTHORIZED } from './support/rest';

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
/** Why a test stays local: e2e mode has REST only (test/integration/support/target.ts). */
const READS_RECORDS = "reads the app's persistence records";
const AWAITS_EVENT_RECORD = "waits for the app's record of a fire-and-forget event (no REST view of it)";

/**
 * chat.syncThreadMessages through HTTP against the packaged app (docs/chat.syncThreadMessages.md): in a local workspace,
 * or REST-only against a running server (test/integration/support/target.ts).
 */
describe('chat.syncThreadMessages', () => {
    let bed: Target;
    let ana: RestClient;
    let ben: RestClient;
    let stranger: RestClient;
    let channel: string;
    /** This run's user or room name (test/integration/support/target.ts): as given locally, with a suffix in e2e mode. */
    const n = (base: string) => bed.name(base);

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
    /** Every text sent, to check that no app record holds one. */
    const texts = new Set<string>();
    const send = async (client: RestClient, message: Loose) => {
        texts.add(message.msg);
        return sendMessage(client, { rid: channel, ...message });
    };
    const setSetting = (id: string, value: unknown) => setServerSetting(bed.admin, id, value);
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

    beforeAll(async () => {
        bed = await startTarget();
        ana = await bed.createUser('ana');
        ben = await bed.createUser('ben');
        stranger = await bed.createUser('stranger');
        channel = (await ana.post<{ group: Loose }>('/api/v1/groups.create', { name: n('sync-room'), members: [n('ben')] })).body
            .group._id;
    });
    afterAll(async () => {
        await bed?.close();
    });

    describe('errors, in the documented order', () => {
        it('401 JSON without credentials', async () => {
            const response = await bed.admin.request('GET', `/api/apps/public/${bed.appId}/chat.syncThreadMessages`, {
                headers: { 'X-Auth-Token': 'x' },
            });
            expect(response.status).toBe(401);
            expect(response.body).toEqual(UNAUTHORIZED);
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

        it('Invalid Message for an unknown id only; a reply or a message without replies answers 200 with empty lists', async () => {
            const { root, replies } = await thread(1);
            const plain = await send(ana, { msg: 'no thread here' });
            await fails(
                ana,
                { tmid: 'nope', updatedSince: EPOCH },
                { success: false, error: 'Invalid Message [error-invalid-message]', errorType: 'error-invalid-message' },
            );
            for (const tmid of [replies[0]._id, plain._id]) {
                const body = await ok(ana, { tmid, updatedSince: EPOCH });
                expect(body).toEqual({
                    messages: { update: [], remove: [] },
                    offset: 0,
                    total: { update: 0, remove: 0 },
                    trackingSince: expect.any(String),
                    success: true,
                });
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

        it.each([
            [
                'sort',
                { sort: '{"ts":2}', fields: 'x', query: 'y' },
                'Invalid sort parameter provided: "{"ts":2}" [error-invalid-sort]',
                'error-invalid-sort',
            ],
            [
                'fields',
                { fields: '{"msg":1,"u":0}', query: 'y' },
                'Invalid fields parameter provided: "{"msg":1,"u":0}" [error-invalid-fields]',
                'error-invalid-fields',
            ],
            [
                'query',
                { query: '{"msg":{"$where":"1"}}' },
                'Invalid query parameter provided: "{"msg":{"$where":"1"}}" [error-invalid-query]',
                'error-invalid-query',
            ],
        ])('bad %s (sort, fields, query: in that order), with details', async (_name, params, error, errorType) => {
            const { root } = await thread(1);
            await fails(
                ana,
                { tmid: root._id, updatedSince: EPOCH, ...params },
                { success: false, error, errorType, details: PARSE_JSON_QUERY },
            );
        });

        it('bad offset and count; no maximum count (count=5000 works)', async () => {
            const { root } = await thread(1);
            const base = { tmid: root._id, updatedSince: EPOCH };
            for (const [name, value] of [
                ['offset', '-1'],
                ['count', '1.5'],
            ]) {
                await fails(
                    ana,
                    { ...base, [name]: value },
                    {
                        success: false,
                        error: `The "${name}" query param must be a non-negative integer. [error-invalid-params]`,
                        errorType: 'error-invalid-params',
                    },
                );
            }
            const body = await ok(ana, { ...base, count: '5000' });
            expect(body).toMatchObject({ offset: 0, count: 5000, total: { update: 1, remove: 0 } });
            expect(body.messages.update).toHaveLength(1);
        });

        it('hostile input gets a quick 400, never a hang or a crash', async () => {
            const { root } = await thread(1);
            const base = { tmid: root._id, updatedSince: EPOCH };
            const hostile = [
                { query: '{"msg":{"$regex":"(?=a)a"}}' },
                { query: '{"msg":{"$regex":"(?<!a)b"}}' },
                { query: '{"msg":{"$regex":"(.*)\\\\1"}}' },
                { query: '{"$or":[' + '{"$or":['.repeat(20) + '{}' + ']}'.repeat(20) + ']}' },
                { query: '{"msg":{"$in":[' + Array.from({ length: 101 }, (_, i) => i).join(',') + ']}}' },
                { query: `{"msg":"${'x'.repeat(5000)}"}` },
                { query: '{"msg":' },
                { fields: '{"__proto__":1}' },
                { sort: '{"$natural":1}' },
                { query: '[1,2]' },
            ] as Array<{ [key: string]: string }>;
            for (const extra of hostile) {
                const response = await sync(ana, { ...base, ...extra });
                expect(response.status).toBe(400);
                expect(response.body).toMatchObject({
                    success: false,
                    errorType: expect.stringMatching(/^error-invalid-(query|fields|sort)$/),
                });
            }
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
                u: { username: n('ana') },
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
            expect(byId[replies[0]._id]).toMatchObject({ msg: 'edited', editedBy: { username: n('ana') } });
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
        /** The documented removal item: identification only, `_deletedAt` and `__collection__` last. */
        const removedItem = (reply: Loose) => ({
            _id: reply._id,
            rid: reply.rid,
            tmid: reply.tmid,
            ts: reply.ts,
            u: { _id: reply.u._id, username: reply.u.username },
            _deletedAt: expect.any(String),
            __collection__: 'message',
        });
        const appRecords = () => bed.workspace.db.appsPersistence.find((record) => record.appId === bed.appId);
        /** What the ledgers hold (shards and event records), decoded. */
        const ledgerEntries = () =>
            appRecords().flatMap(({ data }) => (isShard(data) ? shardEntries(data) : isEvent(data) ? [eventEntry(data)] : []));
        const removalRecorded = (id: string) => async () =>
            ledgerEntries().some((entry) => entry._id === id && entry.removedAt !== undefined);
        const knownRecorded = (id: string) => async () => ledgerEntries().some((entry) => entry._id === id);
        const pruneByAuthor = async (roomId: string, reply: Loose, username: string) => {
            const ts = new Date(reply.ts).getTime();
            // Replies sent within the same millisecond share a `ts`: the author singles the reply out.
            const cleaned = await bed.admin.post('/api/v1/rooms.cleanHistory', {
                roomId,
                oldest: new Date(ts - 1).toISOString(),
                latest: new Date(ts + 1).toISOString(),
                inclusive: true,
                users: [n(username)],
            });
            expect(cleaned.body).toMatchObject({ count: 1 });
        };

        it('reports a reply deleted with chat.delete (both deletion settings off), identification only', async () => {
            const { root, replies } = await thread(2);
            await ok(ana, { tmid: root._id, updatedSince: EPOCH });
            const mark = new Date().toISOString();
            await ana.post('/api/v1/chat.delete', { roomId: channel, msgId: replies[0]._id });
            const body = await ok(ben, { tmid: root._id, updatedSince: mark });
            expect(body.messages.remove).toEqual([removedItem(replies[0])]);
            const [removed] = body.messages.remove;
            expect(Object.keys(removed)).toEqual(['_id', 'rid', 'tmid', 'ts', 'u', '_deletedAt', '__collection__']);
            expect(removed._deletedAt >= mark).toBe(true);
            expect(ids(body.messages.update)).not.toContain(replies[0]._id);
        });

        itLocalOnly(
            READS_RECORDS,
            'a thread nobody synced: its events write nothing, and its first sync claims tracking only from then',
            async () => {
                const { root, replies } = await thread(2);
                const before = appRecords().length;
                await ana.post('/api/v1/chat.delete', { roomId: channel, msgId: replies[0]._id });
                await send(ben, { msg: 'untracked', tmid: root._id });
                await new Promise((resolve) => setTimeout(resolve, 200));
                expect(appRecords().length).toBe(before);
                const mark = new Date().toISOString();
                const body = await ok(ana, { tmid: root._id, updatedSince: EPOCH });
                expect(body.messages.remove).toEqual([]);
                expect(body.trackingSince! >= mark).toBe(true);
            },
        );

        it('reconciles deletions that fire no event: rooms.cleanHistory with users', async () => {
            const { root, replies } = await thread(3);
            await ok(ana, { tmid: root._id, updatedSince: EPOCH });
            const mark = new Date().toISOString();
            await pruneByAuthor(channel, replies[1], 'ben');
            const body = await ok(ben, { tmid: root._id, updatedSince: mark });
            expect(body.messages.remove).toEqual([removedItem(replies[1])]);
            // Detected once: the next sync reports the same removal, not a second one.
            const again = await ok(ana, { tmid: root._id, updatedSince: mark });
            expect(again.total.remove).toBe(1);
        });

        itLocalOnly(
            AWAITS_EVENT_RECORD,
            'an unseen reply (sent after the last sync) pruned by rooms.cleanHistory with users is reported',
            async () => {
                const { root } = await thread(2);
                const first = await ok(ana, { tmid: root._id, updatedSince: EPOCH });
                const unseen = await send(ben, { msg: 'never synced', tmid: root._id });
                // Known from its IPostMessageSent event (fire-and-forget): wait until the app has it.
                await waitFor(knownRecorded(unseen._id), 'the sent event record');
                await pruneByAuthor(channel, unseen, 'ben');
                const body = await ok(ana, { tmid: root._id, updatedSince: first.trackingSince! });
                expect(body.messages.remove).toEqual([removedItem(unseen)]);
                expect(body.trackingSince).toBe(first.trackingSince);
            },
        );

        itLocalOnly(
            AWAITS_EVENT_RECORD,
            'an unseen reply pruned by rooms.cleanHistory with limit is reported, and only that one',
            async () => {
                const { root } = await thread(2);
                const first = await ok(ana, { tmid: root._id, updatedSince: EPOCH });
                const unseen = await send(ben, { msg: 'pruned by limit', tmid: root._id });
                const kept = await send(ben, { msg: 'beyond the limit', tmid: root._id });
                await waitFor(knownRecorded(unseen._id), 'the sent event record');
                await waitFor(knownRecorded(kept._id), 'the sent event record');
                const cleaned = await bed.admin.post('/api/v1/rooms.cleanHistory', {
                    roomId: channel,
                    oldest: new Date(new Date(unseen.ts).getTime() - 1).toISOString(),
                    latest: new Date(Date.now() + 60_000).toISOString(),
                    inclusive: true,
                    users: [n('ben')],
                    limit: 1,
                });
                expect(cleaned.body).toEqual({ _id: channel, count: 1, success: true });
                const body = await ok(ana, { tmid: root._id, updatedSince: first.trackingSince! });
                expect(body.messages.remove).toEqual([removedItem(unseen)]);
                expect(ids(body.messages.update)).toContain(kept._id);
            },
        );

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

        itLocalOnly(
            `${AWAITS_EVENT_RECORD}; reads the deletion time from the trash`,
            'replies deleted while the app was disabled: reported after enabling, or trackingSince moves past',
            async () => {
                const { root, replies } = await thread(2);
                const first = await ok(ana, { tmid: root._id, updatedSince: EPOCH });
                const unseen = await send(ana, { msg: 'sent, never synced', tmid: root._id });
                await waitFor(knownRecorded(unseen._id), 'the sent event record');
                await bed.admin.post(`/api/apps/${bed.appId}/status`, { status: 'manually_disabled' });
                // While the app is off no event reaches it: a known reply, an unseen one, and one created and deleted.
                await remove(replies[1]);
                await remove(unseen);
                const ghost = await send(ben, { msg: 'created and deleted while off', tmid: root._id });
                await remove(ghost);
                await bed.admin.post(`/api/apps/${bed.appId}/status`, { status: 'manually_enabled' });
                const body = await ok(ben, { tmid: root._id, updatedSince: first.trackingSince! });
                expect(ids(body.messages.remove).sort()).toEqual([replies[1]._id, unseen._id].sort());
                // The ghost was never known: the app says so by claiming completeness only from after the restart.
                expect(new Date(body.trackingSince!).getTime()).toBeGreaterThan(new Date(first.trackingSince!).getTime());
                const ghostDeletedAt = bed.workspace.db.trash.findOneById(ghost._id)!._deletedAt as Date;
                expect(new Date(body.trackingSince!).getTime()).toBeGreaterThan(ghostDeletedAt.getTime());
            },
        );

        itLocalOnly(
            "restarts the app's runtime through the engine",
            'a reply deleted during a runtime restart: reported, or trackingSince moves past the deletion',
            async () => {
                const { root, replies } = await thread(2);
                const first = await ok(ana, { tmid: root._id, updatedSince: EPOCH });
                const controller = bed.workspace.runtime.manager.getOneById(bed.appId)!.getRuntimeController() as unknown as {
                    restartApp(): Promise<void>;
                };
                const restarting = controller.restartApp();
                await remove(replies[0]);
                await restarting;
                const body = await ok(ana, { tmid: root._id, updatedSince: first.trackingSince! });
                expect(ids(body.messages.remove)).toEqual([replies[0]._id]);
                expect(new Date(body.trackingSince!).getTime()).toBeGreaterThan(new Date(first.trackingSince!).getTime());
            },
        );

        itLocalOnly(
            AWAITS_EVENT_RECORD,
            'no removal is lost or invented under concurrent syncs, delete events and a bulk deletion',
            async () => {
                const room = (
                    await ana.post<{ group: Loose }>('/api/v1/groups.create', { name: n('race-room'), members: [n('ben')] })
                ).body.group._id;
                const root = (
                    await ana.post<{ message: Loose }>('/api/v1/chat.sendMessage', { message: { rid: room, msg: 'race' } })
                ).body.message;
                const replies: Loose[] = [];
                for (let i = 0; i < 12; i++) {
                    const author = i === 11 ? ben : ana;
                    const sent = await author.post<{ message: Loose }>('/api/v1/chat.sendMessage', {
                        message: { rid: room, msg: `race reply ${i}`, tmid: root._id },
                    });
                    replies.push(sent.body.message);
                }
                const query = { tmid: root._id, updatedSince: EPOCH };
                await ok(ana, query);
                const deleted = replies.slice(0, 5);
                // Three syncs of one user at once: more than the in-flight cap lets in (that cap has tests of its own).
                await setAppSetting(bed, 'rate_limit_sync_concurrent', 0);
                await Promise.all([
                    ...deleted.map((reply) => bed.admin.post('/api/v1/chat.delete', { roomId: room, msgId: reply._id })),
                    pruneByAuthor(room, replies[11], 'ben'),
                    ...Array.from({ length: 6 }, (_, i) => ok(i % 2 ? ben : ana, query)),
                ]);
                await setAppSetting(bed, 'rate_limit_sync_concurrent', 2);
                const gone = [...deleted, replies[11]].map((reply) => reply._id).sort();
                // The delete events are fire-and-forget: wait for their records. The pruned reply fires none; the concurrent
                // syncs may all have run before the prune, so only the next sync's reconciliation can record it.
                for (const reply of deleted) {
                    await waitFor(removalRecorded(reply._id), `the removal of ${reply._id}`);
                }
                const body = await ok(ben, query);
                expect(ids(body.messages.remove).sort()).toEqual(gone);
                expect(ids(body.messages.update).sort()).toEqual(ids(replies.slice(5, 11)).sort());
            },
        );

        itLocalOnly(
            "writes legacy records into the app's persistence and runs its start-up job",
            'upgrade from 0.1.0 and 0.2.0: the start-up job drops their records once; syncs start afresh',
            async () => {
                const { root, replies } = await thread(2);
                const legacy = (kind: string, data: Loose) =>
                    bed.workspace.db.appsPersistence.insert({
                        _id: randomId(),
                        appId: bed.appId,
                        associations: [
                            { model: 'misc', id: `push-sync:thread:${root._id}` },
                            { model: 'misc', id: `push-sync:${kind}` },
                        ],
                        data: { kind, tmid: root._id, ...data },
                    });
                legacy('known-reply', { id: 'gone1', copy: { msg: 'legacy secret' } });
                legacy('thread-ledger', { key: 'k', known: [{ _id: 'gone2', rid: channel }], removed: [], observedAt: [] });
                for (const record of appRecords().filter((candidate) => candidate.data.kind === 'format')) {
                    bed.workspace.db.appsPersistence.removeById(record._id);
                }
                await bed.workspace.runtime.bridges.scheduler.runNow(`record-runtime-start_${bed.appId}`);
                expect(JSON.stringify(appRecords())).not.toContain('legacy secret');
                expect(JSON.stringify(appRecords())).not.toContain('gone2');
                const body = await ok(ana, { tmid: root._id, updatedSince: EPOCH });
                expect(body.messages.remove).toEqual([]);
                expect(ids(body.messages.update)).toEqual(ids(replies));
            },
        );

        itLocalOnly(
            "ages the app's persistence records and runs its scheduled job",
            'a daily job purges removals detected before the retention period',
            async () => {
                const { root, replies } = await thread(2);
                await ok(ana, { tmid: root._id, updatedSince: EPOCH });
                await remove(replies[0]);
                await remove(replies[1]);
                // The delete events are fire-and-forget: wait for their records, so that the next sync merges them.
                await waitFor(removalRecorded(replies[0]._id), 'the delete event record');
                await waitFor(removalRecorded(replies[1]._id), 'the delete event record');
                await ok(ana, { tmid: root._id, updatedSince: EPOCH });
                // 31 days later, as far as the records say.
                backdateRemoval(bed.workspace.db, bed.appId, root._id, replies[0]._id, 31);
                const scheduler = bed.workspace.runtime.bridges.scheduler;
                expect(scheduler.recurring).toEqual([{ id: `purge-expired-removals_${bed.appId}`, interval: '1 day' }]);
                await scheduler.runNow(`purge-expired-removals_${bed.appId}`);
                const entries = ledgerEntries().filter((entry) => entry.tmid === root._id);
                expect(entries.map((entry) => entry._id)).not.toContain(replies[0]._id);
                const body = await ok(ana, { tmid: root._id, updatedSince: EPOCH });
                expect(ids(body.messages.remove)).toEqual([replies[1]._id]);
                // Completeness is never claimed from before the applied cutoff (30 days ago).
                expect(Date.now() - new Date(body.trackingSince!).getTime()).toBeLessThan(30 * 86_400_000 + 60_000);
            },
        );
    });

    itLocalOnly(
        'updates the app through the engine without one permission',
        'answers the JSON 500 when the server refuses the thread read (threads.read not granted)',
        async () => {
            const { root } = await thread(1);
            const logged = await withoutPermission(bed, 'threads.read', async () => {
                const response = await sync(ana, { tmid: root._id, updatedSince: EPOCH });
                expect(response.status).toBe(500);
                expect(response.body).toEqual(INTERNAL_ERROR);
            });
            expect(logged).toEqual([refusedPermission('threads.read')]);
            expect((await sync(ana, { tmid: root._id, updatedSince: EPOCH })).status).toBe(200);
        },
    );

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
            // Removals carry no text: they tie on `msg` (absent) and fall back to `_id`.
            expect(ids(body.messages.remove)).toEqual([replies[5]._id, replies[6]._id].sort());
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
                (await run(JSON.stringify({ $and: [{ 'u.username': n('ben') }, { msg: { $regex: '[13]$' } }] }))).update.map(
                    (item) => item.msg,
                ),
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
            expect(ids((await run(`{"_id":"${replies[6]._id}"}`)).remove)).toEqual([replies[6]._id]);
            expect((await run(`{"tmid":"other","_updatedAt":{"$lt":{"$date":"${EPOCH}"}}}`)).update).toHaveLength(5);
        });
    });

    it('regexes run on a linear-time engine: a 233-character $or and .*a{0,32}b over two 5,000-character replies', async () => {
        const root = await send(ana, { msg: 'long replies' });
        // Words of nine "a": long runs of one letter would make the workspace's markdown parser itself slow.
        const ending = await send(ana, { msg: `${'aaaaaaaaa '.repeat(499)}aaaaaaaaab`, tmid: root._id });
        const plain = await send(ben, { msg: 'aaaaaaaaa '.repeat(500), tmid: root._id });
        expect([ending.msg.length, plain.msg.length]).toEqual([5000, 5000]);
        const run = async (query: string) => ids((await ok(ana, { tmid: root._id, updatedSince: EPOCH, query })).messages.update);
        expect(await run('{"msg":{"$regex":".*a{0,32}b"}}')).toEqual([ending._id]);
        const branches = ['(a+)+$', '(a|aa)+c', '.*.*.*b', '(\\w+\\s?)*x', '(a*)*d', 'a{0,300}ee'].map((source) => ({
            msg: { $regex: source },
        }));
        const or = JSON.stringify({ $or: [...branches, { msg: { $regex: '^hello', $options: 'i' } }] });
        expect(or).toHaveLength(233);
        expect(await run(or)).toEqual([ending._id]);
    });

    itLocalOnly(READS_RECORDS, 'no app persistence record holds message text', async () => {
        const records = bed.workspace.db.appsPersistence.find((record) => record.appId === bed.appId);
        expect(records.length).toBeGreaterThan(0);
        const stored = JSON.stringify(records.map((record) => record.data));
        const leaked = [...texts].filter((text) => text.length >= 4 && stored.includes(JSON.stringify(text).slice(1, -1)));
        expect(leaked).toEqual([]);
    });
});
