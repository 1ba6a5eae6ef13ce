import AdmZip from 'adm-zip';

import type { RawMessage, RestClient } from '@push-sync/workspace';
import { randomId } from '@push-sync/workspace';
import { readManifest } from '../../scripts/appPackage';
import { appZip, type TestBed, startTestBed, updateApp } from './support/helpers';
import { expectError, sendMessage, setServerSetting } from './support/rest';

type Loose = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

const EPOCH = '1970-01-01T00:00:00.000Z';
const SECRET = 'Cloud_Workspace_Client_Secret';

/**
 * Where the workspace used to differ from Rocket.Chat 8.x core (packages/workspace/README.md#differences-from-a-real-server): one test per
 * difference, through HTTP or the engine's own accessors for the installed app, as hostQuirks.test.ts does.
 */
describe('local workspace: fidelity to core 8.x', () => {
    let bed: TestBed;
    let hana: RestClient;
    let ivan: RestClient;
    const reader = () => bed.workspace.runtime.manager.getAccessorManager().getReader(bed.appId);
    const userId = (client: RestClient) => client.credentials!.userId;
    const setSetting = (id: string, value: unknown) => setServerSetting(bed.admin, id, value);
    let roomCount = 0;
    const newRoom = async () =>
        ((await hana.post('/api/v1/channels.create', { name: `fidelity-${++roomCount}`, members: ['ivan'] })).body as Loose)
            .channel._id as string;
    const send = async (client: RestClient, message: Loose) => (await sendMessage(client, message)) as RawMessage;
    /** A message written straight into the store, for shapes no REST route makes (uploaded files). */
    const insertRaw = (rid: string, fields: Loose) => {
        const now = new Date();
        return bed.workspace.db.messages.insert({
            _id: randomId(),
            rid,
            msg: '',
            ts: now,
            _updatedAt: now,
            u: { _id: userId(hana), username: 'hana' },
            ...fields,
        });
    };
    const stored = (id: string) => bed.workspace.db.messages.findOneById(id);
    const trashed = (id: string) => bed.workspace.db.trash.findOneById(id) !== undefined;
    /** A prune of the whole room, so that the time window decides nothing. */
    const prune = (roomId: string, extra: Loose = {}) =>
        bed.admin.post('/api/v1/rooms.cleanHistory', {
            roomId,
            oldest: EPOCH,
            latest: new Date(Date.now() + 60_000).toISOString(),
            ...extra,
        });

    beforeAll(async () => {
        bed = await startTestBed();
        hana = await bed.createUser('hana', { name: 'Hana' });
        ivan = await bed.createUser('ivan', { name: 'Ivan', language: 'fr' });
    });
    afterAll(async () => {
        await bed?.close();
    });

    describe('rooms.cleanHistory', () => {
        it('removes at most `limit` messages, in natural order', async () => {
            const rid = await newRoom();
            const sent = [];
            for (const msg of ['one', 'two', 'three']) {
                sent.push(await send(hana, { rid, msg }));
            }
            const response = await prune(rid, { limit: 2 });
            expect(response.status).toBe(200);
            expect(response.body).toEqual({ _id: rid, count: 2, success: true });
            expect(sent.map((message) => trashed(message._id))).toEqual([true, true, false]);
            const room = bed.workspace.db.rooms.findOneById(rid)!;
            expect(room.msgs).toBe(1);
            expect((room.lastMessage as Loose)._id).toBe(sent[2]._id);
        });

        it('refuses a `limit` that is not a whole number', async () => {
            const rid = await newRoom();
            const response = await prune(rid, { limit: 'many' });
            expectError(response, 400, "The 'limit' param must be a whole number [error-invalid-params]", 'error-invalid-params');
        });

        it('with `filesOnly` keeps the messages and replaces only their files', async () => {
            const rid = await newRoom();
            const withFile = insertRaw(rid, {
                msg: 'see file',
                file: { _id: 'file-1', name: 'a.txt', type: 'text/plain' },
                attachments: [{ title: 'a.txt', title_link: '/file-upload/file-1/a.txt', type: 'file' }],
            });
            const plain = await send(hana, { rid, msg: 'no file' });

            const response = await prune(rid, { filesOnly: true });
            expect(response.body).toEqual({ _id: rid, count: 1, success: true });
            const after = stored(withFile._id)!;
            expect(after).not.toHaveProperty('file');
            expect(after.msg).toBe('see file');
            expect(after.attachments).toEqual([{ color: '#FD745E', text: '_File removed by prune_' }]);
            expect(JSON.parse(JSON.stringify(stored(plain._id)))).toEqual(plain);
            expect(bed.workspace.db.rooms.findOneById(rid)!.msgs).toBe(1);
        });

        it('with `ignoreThreads` keeps a root whose replies are all gone (`tcount: 0` still marks a thread)', async () => {
            const rid = await newRoom();
            const root = await send(hana, { rid, msg: 'root' });
            const reply = await send(ivan, { rid, msg: 'reply', tmid: root._id });
            await ivan.post('/api/v1/chat.delete', { roomId: rid, msgId: reply._id });
            expect(stored(root._id)!.tcount).toBe(0);
            const plain = await send(hana, { rid, msg: 'plain' });

            const response = await prune(rid, { ignoreThreads: true });
            expect(response.body).toEqual({ _id: rid, count: 1, success: true });
            expect(trashed(root._id)).toBe(false);
            expect(trashed(plain._id)).toBe(true);
        });

        it.each([true, 'true', 1, '1'])('takes %p as yes for a flag, as core does', async (flag) => {
            const rid = await newRoom();
            const root = await send(hana, { rid, msg: 'root' });
            const reply = await send(ivan, { rid, msg: 'reply', tmid: root._id });
            const response = await prune(rid, { ignoreThreads: flag });
            expect(response.body).toEqual({ _id: rid, count: 0, success: true });
            expect(stored(reply._id)).toBeDefined();
        });

        it.each([false, 'yes', 2, null])('takes %p as no: thread roots and replies are pruned too', async (flag) => {
            const rid = await newRoom();
            const root = await send(hana, { rid, msg: 'root' });
            const reply = await send(ivan, { rid, msg: 'reply', tmid: root._id });
            const response = await prune(rid, { ignoreThreads: flag });
            expect(response.body).toEqual({ _id: rid, count: 2, success: true });
            expect([trashed(root._id), trashed(reply._id)]).toEqual([true, true]);
        });
    });

    it('a tombstone loses md, blocks and tshow, as core unsets them', async () => {
        const rid = await newRoom();
        const root = await send(hana, { rid, msg: 'root' });
        const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*hi*' } }];
        const reply = await send(ivan, { rid, msg: '**also** in the room', tmid: root._id, tshow: true, blocks });
        expect(stored(reply._id)).toMatchObject({ tshow: true, blocks, md: expect.any(Array) });

        await setSetting('Message_ShowDeletedStatus', true);
        try {
            await ivan.post('/api/v1/chat.delete', { roomId: rid, msgId: reply._id });
        } finally {
            await setSetting('Message_ShowDeletedStatus', false);
        }
        const tombstone = stored(reply._id)!;
        expect(tombstone).toMatchObject({ t: 'rm', msg: '', urls: [], mentions: [], attachments: [], reactions: {} });
        for (const field of ['md', 'blocks', 'tshow']) {
            expect(tombstone).not.toHaveProperty(field);
        }
        const converted = (await reader().getMessageReader().getById(reply._id)) as Loose;
        expect(converted.blocks).toBeUndefined();
        expect(Object.keys(converted._unmappedProperties_).sort()).toEqual(['channels', 'mentions', 'urls']);
    });

    it('chat.delete takes one off the room count and recomputes the last message when it was the one deleted', async () => {
        const rid = await newRoom();
        const first = await send(hana, { rid, msg: 'first' });
        const second = await send(hana, { rid, msg: 'second' });
        const last = await send(hana, { rid, msg: 'last' });
        const room = () => bed.workspace.db.rooms.findOneById(rid)!;
        expect(room().msgs).toBe(3);

        await hana.post('/api/v1/chat.delete', { roomId: rid, msgId: second._id });
        expect(room().msgs).toBe(2);
        expect((room().lastMessage as Loose)._id).toBe(last._id);

        await hana.post('/api/v1/chat.delete', { roomId: rid, msgId: last._id });
        expect(room().msgs).toBe(1);
        expect((room().lastMessage as Loose)._id).toBe(first._id);
    });

    describe('attachments', () => {
        it('messages converter: fileId kept (also in the bag), author and title always built, an Invalid Date without ts', async () => {
            const rid = await newRoom();
            const message = await send(hana, { rid, msg: 'files', attachments: [{ text: 'a', fileId: 'f1', type: 'file' }] });
            const [attachment] = ((await reader().getMessageReader().getById(message._id)) as Loose).attachments;
            expect(Object.keys(attachment).sort()).toEqual([
                '_unmappedProperties_',
                'author',
                'fileId',
                'text',
                'timestamp',
                'title',
                'type',
            ]);
            expect(attachment).toMatchObject({ text: 'a', type: 'file', fileId: 'f1', _unmappedProperties_: { fileId: 'f1' } });
            expect(Object.keys(attachment.author)).toEqual(['name', 'link', 'icon']);
            expect(Object.values(attachment.author)).toEqual([undefined, undefined, undefined]);
            expect(Object.keys(attachment.title)).toEqual(['value', 'link', 'displayDownloadLink']);
            expect(Number.isNaN((attachment.timestamp as Date).getTime())).toBe(true);
        });

        // core's fallback to the message's file reads `type` after the `type` entry of the same map consumed it: it never applies.
        it("messages converter: a lone file attachment without fileId gets none, the message's file notwithstanding", async () => {
            const rid = await newRoom();
            const ts = new Date('2024-05-01T10:00:00.000Z');
            const message = insertRaw(rid, {
                file: { _id: 'upload-9', name: 'b.png', type: 'image/png' },
                attachments: [{ title: 'b.png', type: 'file', ts: ts.toISOString() }],
            });
            const [attachment] = ((await reader().getMessageReader().getById(message._id)) as Loose).attachments;
            expect(attachment).toMatchObject({ type: 'file', title: { value: 'b.png' } });
            expect(attachment).not.toHaveProperty('fileId');
            expect(attachment.timestamp).toEqual(ts);
            expect(attachment._unmappedProperties_).toEqual({});
        });

        it('threads converter: no timestamp without ts, author only with author_name, fileId left in the bag', async () => {
            const rid = await newRoom();
            const root = await send(hana, { rid, msg: 'root' });
            const reply = await send(ivan, {
                rid,
                tmid: root._id,
                msg: 'reply',
                attachments: [
                    { text: 'no author', fileId: 'f2', type: 'file' },
                    { text: 'quoted', author_name: 'hana', ts: '2024-04-30T08:00:00.000Z' },
                ],
            });
            const items = (await reader().getThreadReader().getThreadById(root._id)) as Loose[];
            const [plain, quoted] = items.find((item) => item.id === reply._id)!.attachments;
            expect(Object.keys(plain).sort()).toEqual(['_unmappedProperties_', 'text', 'title', 'type']);
            expect(plain._unmappedProperties_).toEqual({ fileId: 'f2' });
            expect(quoted.author).toEqual({ name: 'hana', link: undefined, icon: undefined });
            expect(quoted.timestamp).toEqual(new Date('2024-04-30T08:00:00.000Z'));
        });
    });

    describe('users', () => {
        const userKeys = [
            'appId',
            'bio',
            'createdAt',
            'customFields',
            'emails',
            'federation',
            'id',
            'isEnabled',
            'isFederated',
            'lastLoginAt',
            'name',
            'roles',
            'settings',
            'sipExtension',
            'status',
            'statusConnection',
            'statusText',
            'type',
            'updatedAt',
            'username',
            'utcOffset',
        ];

        it('always carry settings.preferences and the profile, federation and VoIP fields, from their stored names', async () => {
            const user = (await reader().getUserReader().getById(userId(hana))) as Loose;
            expect(Object.keys(user).sort()).toEqual(userKeys);
            expect(user.settings).toEqual({ preferences: {} });

            const raw = bed.workspace.db.users.findOneById(userId(hana))!;
            const federation = { origin: 'example.org', mui: '@hana:example.org' };
            bed.workspace.db.users.replace({
                ...raw,
                bio: 'Sings',
                statusText: 'On tour',
                federated: true,
                federation,
                freeSwitchExtension: '1234',
            });
            try {
                const enriched = (await reader().getUserReader().getById(userId(hana))) as Loose;
                expect(enriched).toMatchObject({
                    bio: 'Sings',
                    statusText: 'On tour',
                    isFederated: true,
                    federation,
                    sipExtension: '1234',
                });
                expect(enriched).not.toHaveProperty('federated');
                expect(enriched).not.toHaveProperty('freeSwitchExtension');
            } finally {
                bed.workspace.db.users.replace(raw);
            }
        });

        it('request.user of an app endpoint is the same literal', async () => {
            const apiManager = bed.workspace.runtime.manager.getApiManager();
            const spy = jest.spyOn(apiManager, 'executeApi');
            try {
                await hana.callApp(bed.appId, 'push.get', { id: 'none' });
                const request = spy.mock.calls[0][2] as Loose;
                expect(Object.keys(request.user).sort()).toEqual(userKeys);
                expect(request.user.settings).toEqual({ preferences: {} });
                expect(request.user).not.toHaveProperty('_unmappedProperties_');
                expect(request.user).not.toHaveProperty('language');
            } finally {
                spy.mockRestore();
            }
        });
    });

    it('settings carry values, group and i18nDescription, and no `required`', async () => {
        const setting = (await reader().getEnvironmentReader().getServerSettings().getOneById('Unread_Count')) as Loose;
        expect(setting).toEqual({
            id: 'Unread_Count',
            type: 'select',
            packageValue: 'user_and_group_mentions_only',
            values: bed.workspace.db.settings.findOneById('Unread_Count')!.values,
            value: 'user_and_group_mentions_only',
            public: true,
            hidden: false,
            group: 'General',
            i18nLabel: 'Unread_Count',
            i18nDescription: 'Unread_Count_Description',
            createdAt: expect.any(Date),
            updatedAt: expect.any(Date),
        });
        expect(Object.keys(setting)).not.toContain('required');
        const threads = (await reader().getEnvironmentReader().getServerSettings().getOneById('Threads_enabled')) as Loose;
        expect(threads).toMatchObject({ group: 'Threads', i18nLabel: 'Enable', i18nDescription: 'Threads_enabled_Description' });
        expect((setting.values as Loose[]).map((option) => option.key)).toEqual([
            'all_messages',
            'user_mentions_only',
            'group_mentions_only',
            'user_and_group_mentions_only',
        ]);
    });

    describe('hidden settings are decided on the app.json the app declares, not on the granted list', () => {
        const declared = readManifest().permissions as Array<{ name: string; hiddenSettings?: string[] }>;
        const withSecret = (permissions: typeof declared) =>
            permissions.map((permission) =>
                permission.name === 'server-setting.read' ? { ...permission, hiddenSettings: [SECRET] } : permission,
            );
        const zipDeclaring = (permissions: typeof declared) => {
            const zip = new AdmZip(appZip());
            const manifest = JSON.parse(zip.readAsText('app.json'));
            zip.updateFile('app.json', Buffer.from(JSON.stringify({ ...manifest, permissions })));
            return zip.toBuffer();
        };
        const secretRead = () => reader().getEnvironmentReader().getServerSettings().getOneById(SECRET);
        afterEach(async () => {
            await updateApp(bed, declared);
        });

        it('granted but not declared: not readable', async () => {
            await updateApp(bed, withSecret(declared));
            await expect(secretRead()).rejects.toThrow(`The setting "${SECRET}" is not readable.`);
        });

        it('declared, with server-setting.read granted: readable', async () => {
            await updateApp(bed, declared, zipDeclaring(withSecret(declared)));
            expect(await secretRead()).toMatchObject({ id: SECRET, hidden: true, group: 'Setup_Wizard' });
        });
    });

    it('persistence return values: removeByAssociations without a match, updateByAssociations', async () => {
        const persistence = bed.workspace.runtime.manager.getAccessorManager().getPersistence(bed.appId);
        const plain = (id: string) => ({ model: 'misc', id }) as never;
        expect(await persistence.removeByAssociations([plain('nothing-here')])).toBeUndefined();

        const id = await persistence.createWithAssociations({ a: 1 }, [plain('fid-1')]);
        expect(await persistence.updateByAssociations([plain('fid-1')], { a: 2 }, true)).toBe('');
        expect(await persistence.updateByAssociations([plain('fid-2')], { b: 1 }, false)).toBe('');
        const inserted = await persistence.updateByAssociations([plain('fid-3')], { c: 1 }, true);
        expect(inserted).toEqual(expect.any(String));
        expect(inserted).not.toBe(id);
        const records = bed.workspace.db.appsPersistence.find((record) => record.appId === bed.appId);
        expect(records.filter((record) => record.associations[0]?.id.startsWith('fid-')).map((record) => record.data)).toEqual([
            { a: 2 },
            { c: 1 },
        ]);
    });

    describe('app router bodies', () => {
        // These answers come from the host's router, never from the app, so they are read with plain fetch: the
        // OpenAPI conformance check on RestClient covers the app's own answers only.
        it('a rejected endpoint call: 500, the error message as text/html', async () => {
            // Push Sync answers every method itself (405); a rejection from the runtime is what reaches this path.
            const apiManager = bed.workspace.runtime.manager.getApiManager();
            const spy = jest.spyOn(apiManager, 'executeApi').mockRejectedValue(new Error("push.get's post not exists"));
            try {
                const response = await fetch(`${bed.workspace.url}/api/apps/public/${bed.appId}/push.get`, { method: 'POST' });
                expect(response.status).toBe(500);
                expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
                expect(await response.text()).toBe("push.get's post not exists");
            } finally {
                spy.mockRestore();
            }
        });

        it('an endpoint that requires login, called without it: 401 Unauthorized as text/html', async () => {
            const api = bed.workspace.runtime.bridges.api;
            const find = api.findEndpoint.bind(api);
            // Push Sync registers only authRequired: false endpoints; flip one to reach core's rejecting middleware.
            const spy = jest.spyOn(api, 'findEndpoint').mockImplementation((appId, path) => {
                const found = find(appId, path);
                return found && ({ ...found, endpoint: { ...found.endpoint, authRequired: true } } as typeof found);
            });
            try {
                const response = await fetch(`${bed.workspace.url}/api/apps/public/${bed.appId}/push.get`);
                expect(response.status).toBe(401);
                expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
                expect(await response.text()).toBe('Unauthorized');
            } finally {
                spy.mockRestore();
            }
        });
    });
});
