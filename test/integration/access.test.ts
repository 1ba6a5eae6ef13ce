import type { RawMessage, RawRoom, RestClient } from '@push-sync/workspace';
import { findUserByUsername, subscribe } from '@push-sync/workspace';
import { appZip, insertMessage as insertMessageInto, insertRoom as insertRoomInto, setAppSetting } from './support/helpers';
import type { Target } from './support/target';
import { itLocalOnly, startTarget } from './support/target';
import { sendMessage } from './support/rest';

type Loose = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

const NOT_ALLOWED = { success: false, error: 'error-not-allowed', errorType: 'error-not-allowed' };

/**
 * Who may read which room through push.get (docs/push.get.md#who-may-read-what), through HTTP against the packaged app: in a local
 * workspace, or REST-only against a running server (test/integration/support/target.ts).
 */
describe('push.get access', () => {
    let bed: Target;
    let rodriq: RestClient;
    let sofia: RestClient;
    let agentOnly: RestClient;
    let channel: string;
    let group: string;

    const pushGet = (client: RestClient, id: string) => client.callApp<Loose>(bed.appId, 'push.get', { id });
    const expectAllowed = async (client: RestClient, id: string) => {
        const response = await pushGet(client, id);
        expect(response.body).toMatchObject({ success: true, data: { message: { _id: id } } });
        expect(response.status).toBe(200);
    };
    const expectDenied = async (client: RestClient, id: string) => {
        const response = await pushGet(client, id);
        expect(response.status).toBe(400);
        expect(response.body).toEqual(NOT_ALLOWED);
    };
    const send = async (client: RestClient, rid: string, msg: string) => (await sendMessage(client, { rid, msg }))._id as string;
    const userId = (client: RestClient) => client.credentials!.userId;
    const setRoles = (client: RestClient, roles: string[]) => {
        const user = bed.workspace.db.users.findOneById(userId(client))!;
        bed.workspace.db.users.replace({ ...user, roles });
    };
    const insertRoom = (room: Partial<RawRoom> & { t: RawRoom['t'] }) => insertRoomInto(bed.workspace.db, room);
    const insertMessage = (rid: string, u: RawMessage['u'], msg: string) =>
        insertMessageInto(bed.workspace.db, { rid, u, msg })._id;
    const subscribeUser = (client: RestClient, rid: string) => {
        const user = bed.workspace.db.users.findOneById(userId(client))!;
        subscribe(bed.workspace.db, bed.workspace.db.rooms.findOneById(rid)!, user);
    };

    beforeAll(async () => {
        bed = await startTarget();
        const name = bed.name;
        rodriq = await bed.createUser('rodriq', { name: 'Rodrigo Q' });
        sofia = await bed.createUser('sofia');
        agentOnly = await bed.createUser('agent.only', { roles: ['livechat-agent'] });
        channel = (
            await rodriq.post<{ channel: Loose }>('/api/v1/channels.create', {
                name: name('lobby'),
                members: [name('sofia'), name('agent.only')],
            })
        ).body.channel._id;
        group = (
            await rodriq.post<{ group: Loose }>('/api/v1/groups.create', {
                name: name('crew'),
                members: [name('sofia'), name('agent.only')],
            })
        ).body.group._id;
        // Settings are read afresh on every request here; one test turns the cache on.
        await setAppSetting(bed, 'settings_cache_seconds', 0);
    });
    afterAll(async () => {
        await bed?.close();
    });

    it('a livechat-agent-only member of a channel, a group and a DM is refused (core: no view permission)', async () => {
        const dm = (await rodriq.post<{ room: Loose }>('/api/v1/im.create', { username: bed.name('agent.only') })).body.room._id;
        for (const rid of [channel, group, dm]) {
            const id = await send(rodriq, rid, 'members only');
            await expectDenied(agentOnly, id);
            // A user-role member reads each of them (the DM's other member is its sender).
            await expectAllowed(rid === dm ? rodriq : sofia, id);
        }
    });

    itLocalOnly(
        'gives a user a custom role and a subscription through the database',
        'a custom-role member is refused until an admin adds the role to the mirrored view permission',
        async () => {
            const reader = await bed.createUser('reader.one');
            setRoles(reader, ['reader']);
            subscribeUser(reader, group);
            const id = await send(rodriq, group, 'for readers');
            await expectDenied(reader, id);
            await setAppSetting(bed, 'view_p_room_roles', 'admin,user,anonymous,guest,reader');
            try {
                await expectAllowed(reader, id);
            } finally {
                await setAppSetting(bed, 'view_p_room_roles', 'admin,user,anonymous,guest');
            }
            await expectDenied(reader, id);
        },
    );

    itLocalOnly(
        'removes a subscription through the database',
        'a group-DM member listed in uids but without a subscription is refused',
        async () => {
            const dm = (
                await rodriq.post<{ room: Loose }>('/api/v1/im.create', {
                    usernames: `${bed.name('sofia')},${bed.name('agent.only')}`,
                })
            ).body.room;
            const db = bed.workspace.db;
            const sofiaSubscription = db.subscriptions.findOne((s) => s.rid === dm._id && s.u._id === userId(sofia))!;
            const id = await send(rodriq, dm._id, 'three of us');
            await expectAllowed(sofia, id);
            db.subscriptions.removeById(sofiaSubscription._id);
            try {
                expect(db.rooms.findOneById(dm._id)!.uids).toContain(userId(sofia));
                await expectDenied(sofia, id);
            } finally {
                db.subscriptions.insert(sofiaSubscription);
            }
        },
    );

    itLocalOnly(
        'writes livechat rooms and messages into the database',
        'livechat: the serving agent reads, not when that agent was deleted; view-livechat-rooms roles always',
        async () => {
            const agent = await bed.createUser('agent.two', { roles: ['livechat-agent'] });
            const manager = await bed.createUser('manager.one', { roles: ['livechat-manager'] });
            const visitor = { _id: 'visitor-1', username: 'guest-1', token: 'tok-1' };
            const served = insertRoom({
                t: 'l',
                fname: 'Vera',
                servedBy: { _id: userId(agent), username: 'agent.two' },
                v: visitor,
                open: true,
            });
            const orphan = insertRoom({
                t: 'l',
                fname: 'Otto',
                servedBy: { _id: 'deleted-agent', username: 'gone' },
                v: visitor,
                open: true,
            });
            // The agent keeps a subscription to the orphaned room (e.g. from a transfer): that grants nothing.
            subscribeUser(agent, orphan._id);
            const servedMessage = insertMessage(served._id, { _id: 'visitor-1', username: 'guest-1' }, 'hello');
            const orphanMessage = insertMessage(orphan._id, { _id: 'visitor-1', username: 'guest-1' }, 'anyone?');
            await expectAllowed(agent, servedMessage);
            await expectDenied(agent, orphanMessage);
            await expectDenied(agentOnly, servedMessage);
            await expectAllowed(manager, orphanMessage);
            await expectAllowed(bed.admin, orphanMessage);
        },
    );

    it('an admin changing a role list in the app settings changes the answer at once, with the settings cache on', async () => {
        const id = await send(rodriq, channel, 'public news');
        const outsider = await bed.createUser('outsider');
        await setAppSetting(bed, 'settings_cache_seconds', 5);
        try {
            await expectAllowed(outsider, id);
            await setAppSetting(bed, 'public_channel_roles', 'admin,bot,app,anonymous');
            await expectDenied(outsider, id);
            // A member holding neither view-c-room nor view-joined-room is refused too: membership alone never suffices.
            await expectDenied(sofia, id);
            await setAppSetting(bed, 'view_joined_room_roles', 'guest,bot,app,anonymous,user');
            await expectAllowed(sofia, id);
            await expectDenied(outsider, id);
        } finally {
            await setAppSetting(bed, 'public_channel_roles', 'admin,user,bot,app,anonymous');
            await setAppSetting(bed, 'view_joined_room_roles', 'guest,bot,app,anonymous');
            await setAppSetting(bed, 'settings_cache_seconds', 0);
        }
        await expectAllowed(outsider, id);
    });

    itLocalOnly(
        'replaces the installed app with the local zip and gives a user a role through the database',
        "upgrade: an admin's saved public-channel roles survive an app update; the default gains anonymous",
        async () => {
            const id = await send(rodriq, channel, 'after the upgrade');
            const outsider = await bed.createUser('outsider.two');
            const anonymous = await bed.createUser('anon.one');
            setRoles(anonymous, ['anonymous']);
            await expectAllowed(anonymous, id);
            // As 0.1.0 stored it: its default had no anonymous, and the admin saved "admin,bot".
            const before = await bed.admin.get<{ settings: Loose }>(`/api/apps/${bed.appId}/settings`);
            await bed.admin.post(`/api/apps/${bed.appId}/settings`, {
                settings: [
                    { ...before.body.settings.public_channel_roles, packageValue: 'admin,user,bot,app', value: 'admin,bot' },
                ],
            });
            const update = await bed.admin.uploadApp(appZip(), { appId: bed.appId });
            expect(update.status).toBe(200);
            try {
                const after = await bed.admin.get<{ settings: Loose }>(`/api/apps/${bed.appId}/settings`);
                expect(after.body.settings.public_channel_roles).toMatchObject({
                    packageValue: 'admin,user,bot,app,anonymous',
                    value: 'admin,bot',
                });
                expect(after.body.settings.view_p_room_roles.packageValue).toBe('admin,user,anonymous,guest');
                await setAppSetting(bed, 'settings_cache_seconds', 0);
                await expectDenied(outsider, id);
                await expectDenied(anonymous, id);
                // A joined user-role member too: "user" now holds neither view-c-room nor view-joined-room.
                await expectDenied(sofia, id);
                await expectAllowed(bed.admin, id);
            } finally {
                await setAppSetting(bed, 'public_channel_roles', 'admin,user,bot,app,anonymous');
            }
            await expectAllowed(outsider, id);
            await expectAllowed(anonymous, id);
            expect(findUserByUsername(bed.workspace.db, 'anon.one')!.roles).toEqual(['anonymous']);
        },
    );

    it('the app settings route answers as core: only changed values are saved, unknown ids are skipped', async () => {
        const current = await bed.admin.get<{ settings: Loose }>(`/api/apps/${bed.appId}/settings`);
        expect(current.status).toBe(200);
        const viewD = current.body.settings.view_d_room_roles;
        const response = await bed.admin.post(`/api/apps/${bed.appId}/settings`, {
            settings: [
                { ...viewD, value: viewD.value },
                { id: 'no_such_setting', value: 'x' },
            ],
        });
        expect(response.status).toBe(200);
        expect(response.body).toEqual({ updated: [], success: true });
        const missing = await bed.admin.post(`/api/apps/${bed.appId}/settings`, {});
        expect(missing.status).toBe(400);
        expect(missing.body).toEqual({ success: false, error: 'The settings to update must be present.' });
        expect((await sofia.get(`/api/apps/${bed.appId}/settings`)).status).toBe(403);
    });
});
