import { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';
import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

import type { RestClient } from '@push-sync/workspace';
import { refusedPermission, type TestBed, startTestBed, withoutPermission } from './support/helpers';
import { sendMessage, setServerSetting } from './support/rest';

type Loose = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The workspace must hand apps what a real server hands them (docs/architecture.md#host-facts-a-maintainer-needs), traps included. These tests read
 * through the engine's own accessors for the installed Push Sync app, so the engine's permission checks apply.
 */
describe('local workspace: host quirks (docs/architecture.md#host-facts-a-maintainer-needs)', () => {
    let bed: TestBed;
    let hana: RestClient;
    let ivan: RestClient;
    let rid: string;
    let rootId: string;
    const reader = () => bed.workspace.runtime.manager.getAccessorManager().getReader(bed.appId);
    const send = (client: RestClient, message: Loose) => sendMessage(client, { rid, ...message });
    const setSetting = (id: string, value: unknown) => setServerSetting(bed.admin, id, value);

    beforeAll(async () => {
        bed = await startTestBed();
        hana = await bed.createUser('hana', { name: 'Hana Old' });
        ivan = await bed.createUser('ivan', { name: 'Ivan', language: 'fr' });
        rid = ((await hana.post('/api/v1/channels.create', { name: 'quirks', members: ['ivan'] })).body as { channel: Loose })
            .channel._id;
        rootId = (await send(hana, { msg: 'root :smile: @ivan #quirks https://rocket.chat' }))._id;
    });
    afterAll(async () => {
        await bed?.close();
    });

    it('converts a message like core: current sender, room object, the rest in _unmappedProperties_', async () => {
        await bed.admin.post('/api/v1/users.update', { userId: hana.credentials!.userId, data: { name: 'Hana New' } });
        const message = (await reader().getMessageReader().getById(rootId)) as Loose;
        expect(message.id).toBe(rootId);
        expect(message.text).toBe('root :smile: @ivan #quirks https://rocket.chat');
        expect(message.sender).toMatchObject({ id: hana.credentials!.userId, username: 'hana', name: 'Hana New' });
        expect(message.room).toMatchObject({ id: rid, slugifiedName: 'quirks', type: 'c' });
        expect(Object.prototype.toString.call(message.createdAt)).toBe('[object Date]');
        const bag = message._unmappedProperties_;
        expect(Object.keys(bag).sort()).toEqual(['channels', 'md', 'mentions', 'urls']);
        expect(bag.mentions).toEqual([{ _id: ivan.credentials!.userId, username: 'ivan', name: 'Ivan', type: 'user' }]);
        expect(bag.channels).toEqual([{ _id: rid, name: 'quirks' }]);
        expect(bag.urls).toEqual([{ url: 'https://rocket.chat' }]);
        expect(message).not.toHaveProperty('rid');
        expect(message).not.toHaveProperty('u');
    });

    it('users carry no bag and expose the language only as a preference', async () => {
        const user = (await reader().getUserReader().getById(ivan.credentials!.userId)) as Loose;
        expect(user).not.toHaveProperty('_unmappedProperties_');
        expect(user).not.toHaveProperty('language');
        expect(user.settings).toEqual({ preferences: { language: 'fr' } });
        expect(user.roles).toEqual(['user']);
    });

    it('getThreadById: root twice, natural order, tombstones and hidden copies included, stored rid/u/t in the bag', async () => {
        const first = await send(ivan, { msg: 'first reply', tmid: rootId });
        const second = await send(hana, { msg: 'second reply', tmid: rootId });
        await setSetting('Message_KeepHistory', true);
        await hana.post('/api/v1/chat.update', { roomId: rid, msgId: second._id, text: 'second reply, edited' });
        await setSetting('Message_KeepHistory', false);
        await setSetting('Message_ShowDeletedStatus', true);
        await ivan.post('/api/v1/chat.delete', { roomId: rid, msgId: first._id });
        await setSetting('Message_ShowDeletedStatus', false);

        const items = (await reader().getThreadReader().getThreadById(rootId)) as Loose[];
        const ids = items.map((item) => item.id);
        expect(ids[0]).toBe(rootId);
        expect(ids[1]).toBe(rootId);
        expect(ids.slice(2, 4)).toEqual([first._id, second._id]);
        expect(items).toHaveLength(5);
        const history = items[4];
        expect(history.threadId).toBe(rootId);
        expect(history._unmappedProperties_).toMatchObject({ _hidden: true, parent: second._id });
        const tombstone = items[2];
        expect(tombstone.type).toBeUndefined();
        expect(tombstone._unmappedProperties_).toMatchObject({
            t: 'rm',
            rid,
            u: { _id: ivan.credentials!.userId, username: 'ivan' },
        });
        expect(tombstone.text).toBe('');
        expect(items[3].threadId).toBe(rootId);
    });

    it('hard-deleted replies leave the thread (moved to the trash)', async () => {
        const doomed = await send(ivan, { msg: 'to be removed', tmid: rootId });
        await ivan.post('/api/v1/chat.delete', { roomId: rid, msgId: doomed._id });
        const items = (await reader().getThreadReader().getThreadById(rootId)) as Loose[];
        expect(items.map((item) => item.id)).not.toContain(doomed._id);
        expect(bed.workspace.db.trash.findOneById(doomed._id)).toMatchObject({
            __collection__: 'message',
            _deletedAt: expect.any(Date),
        });
        expect(await reader().getMessageReader().getById(doomed._id)).toBeUndefined();
    });

    it('a thread that does not exist is an empty list', async () => {
        expect(await reader().getThreadReader().getThreadById('nope')).toEqual([]);
    });

    it('the badge is the sum of unread over non-archived subscriptions; the room count is something else', async () => {
        const user = reader().getUserReader();
        await send(hana, { msg: 'hey @ivan' });
        const badge = await user.getUserUnreadMessageCount(ivan.credentials!.userId);
        const subscription = bed.workspace.db.subscriptions.findOne(
            (sub) => sub.rid === rid && sub.u._id === ivan.credentials!.userId,
        )!;
        expect(badge).toBe(subscription.unread);
        expect(badge).toBeGreaterThan(0);
        bed.workspace.db.subscriptions.replace({ ...subscription, archived: true });
        expect(await user.getUserUnreadMessageCount(ivan.credentials!.userId)).toBe(0);
        bed.workspace.db.subscriptions.replace({ ...subscription, archived: false });
        expect(await reader().getRoomReader().getUserUnreadMessageCount(rid, ivan.credentials!.userId)).not.toBe(badge);
        await expect(reader().getRoomReader().getUserUnreadMessageCount(rid, bed.admin.credentials!.userId)).rejects.toThrow(
            'User not subscribed to room',
        );
        expect(await user.getUserRoomIds(ivan.credentials!.userId)).toEqual([rid]);
    });

    it('settings: readable unless hidden; a hidden one throws "not readable"', async () => {
        const settings = reader().getEnvironmentReader().getServerSettings();
        expect(await settings.getValueById('Push_show_message')).toBe(true);
        expect(await settings.getValueById('uniqueID')).toMatch(/^\w{17}$/);
        expect(await settings.getValueById('Site_Url')).toBe(bed.workspace.url);
        await expect(settings.getOneById('Cloud_Workspace_Client_Secret')).rejects.toThrow(
            'The setting "Cloud_Workspace_Client_Secret" is not readable.',
        );
    });

    it('persistence: subset reads and removals, exact-order updates, update(id) not implemented', async () => {
        const persistence = bed.workspace.runtime.manager.getAccessorManager().getPersistence(bed.appId);
        const persistenceReader = reader().getPersistenceReader();
        const thread = new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, 'thread:t1');
        const reply = new RocketChatAssociationRecord(RocketChatAssociationModel.MESSAGE, 'r1');
        // The Deno runtime sends associations as plain objects; so does this.
        const plain = (record: RocketChatAssociationRecord) => ({ model: record.getModel(), id: record.getID() }) as never;
        const id = await persistence.createWithAssociations({ a: 1 }, [plain(thread), plain(reply)]);
        expect(await persistenceReader.readByAssociations([plain(reply)])).toEqual([{ a: 1 }]);
        expect(await persistenceReader.readByAssociations([plain(reply), plain(thread)])).toEqual([{ a: 1 }]);
        await expect(persistence.update(id, { a: 2 })).rejects.toThrow('Not implemented.');
        // Another order matches nothing: core updates nothing and answers ''.
        expect(await persistence.updateByAssociations([plain(reply), plain(thread)], { a: 2 }, false)).toBe('');
        expect(await persistenceReader.readByAssociations([plain(thread)])).toEqual([{ a: 1 }]);
        await persistence.updateByAssociations([plain(thread), plain(reply)], { a: 3 }, false);
        expect(await persistenceReader.readByAssociations([plain(thread)])).toEqual([{ a: 3 }]);
        await persistence.createWithAssociations({ b: 1 }, [plain(thread)]);
        expect(await persistence.removeByAssociations([plain(thread)])).toEqual([{ a: 3 }, { b: 1 }]);
        expect(await persistenceReader.readByAssociations([plain(thread)])).toEqual([]);
    });

    it('IPostMessageDeleted is fired by chat.delete, not by rooms.cleanHistory', async () => {
        const listener = bed.workspace.runtime.manager.getListenerManager();
        const spy = jest.spyOn(listener, 'executeListener');
        try {
            const a = await send(hana, { msg: 'delete me', tmid: rootId });
            await hana.post('/api/v1/chat.delete', { roomId: rid, msgId: a._id });
            const deletions = spy.mock.calls.filter(([event]) => event === AppInterface.IPostMessageDeleted);
            expect(deletions).toHaveLength(1);
            const context = deletions[0][1] as Loose;
            expect(context.message).toMatchObject({ id: a._id, threadId: rootId, room: { id: rid } });
            expect(context.user).toMatchObject({ id: hana.credentials!.userId, username: 'hana' });

            spy.mockClear();
            const b = await send(hana, { msg: 'pruned', tmid: rootId });
            const cleaned = await bed.admin.post('/api/v1/rooms.cleanHistory', {
                roomId: rid,
                oldest: new Date(Date.now() - 60_000).toISOString(),
                latest: new Date(Date.now() + 60_000).toISOString(),
                inclusive: true,
            });
            expect(cleaned.status).toBe(200);
            expect(bed.workspace.db.trash.findOneById(b._id)).toBeDefined();
            expect(spy.mock.calls.filter(([event]) => event === AppInterface.IPostMessageDeleted)).toHaveLength(0);
        } finally {
            spy.mockRestore();
        }
    });

    it('a missing permission makes the bridge answer nothing instead of throwing', async () => {
        const logged = await withoutPermission(bed, 'threads.read', async () => {
            expect(await reader().getThreadReader().getThreadById(rootId)).toBeUndefined();
        });
        // The engine logs the refusal instead of passing it to the app.
        expect(logged).toEqual([refusedPermission('threads.read')]);
        expect(await reader().getThreadReader().getThreadById(rootId)).toEqual(expect.any(Array));
    });
});
