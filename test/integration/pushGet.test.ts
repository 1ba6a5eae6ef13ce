import { notificationId } from '../../lib/push/notId';
import type { RawMessage, RawRoom, RestClient } from '@push-sync/workspace';
import { randomId } from '@push-sync/workspace';
import {
    INTERNAL_ERROR,
    insertMessage as insertMessageInto,
    insertRoom as insertRoomInto,
    setAppSetting,
} from './support/helpers';
import type { Target } from './support/target';
import { itLocalOnly, startTarget } from './support/target';
import { expectError, sendMessage, setServerSetting, UNAUTHORIZED } from './support/rest';

/** An uploaded image as a message attachment. */
const CAT_PNG = {
    type: 'file',
    title: 'cat.png',
    title_link: '/file-upload/x/cat.png',
    image_url: '/file-upload/x/cat.png',
    image_type: 'image/png',
    image_size: 42,
};

type Loose = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
type PushBody = { data: { message: Loose; notification: Loose }; success: true };

/**
 * push.get through HTTP against the packaged app (docs/push.get.md): in a local workspace, or REST-only against a running
 * server (test/integration/support/target.ts).
 */
describe('push.get', () => {
    let bed: Target;
    /** Site_Url as the server has it: the notification's host and image derive from it. */
    let siteUrl: string;
    let rodriq: RestClient;
    let sofia: RestClient;
    let tomas: RestClient;
    let outsider: RestClient;
    let vb: string;
    let uniqueID: string;
    const ids: { [name: string]: string } = {};

    const pushGet = (client: RestClient, query: { [key: string]: string | string[] }) =>
        client.callApp<PushBody>(bed.appId, 'push.get', query);
    const ok = async (client: RestClient, id: string) => {
        const response = await pushGet(client, { id });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        return response.body.data;
    };
    const send = sendMessage;
    const setSetting = (id: string, value: unknown) => setServerSetting(bed.admin, id, value);
    const userId = (client: RestClient) => client.credentials!.userId;
    /** This run's user or room name (test/integration/support/target.ts): as given locally, with a suffix in e2e mode. */
    const n = (base: string) => bed.name(base);
    const insertRoom = (room: Partial<RawRoom> & { t: RawRoom['t'] }) => insertRoomInto(bed.workspace.db, room);
    const insertMessage = (message: Partial<RawMessage> & { rid: string; u: RawMessage['u'] }) =>
        insertMessageInto(bed.workspace.db, message);

    beforeAll(async () => {
        bed = await startTarget();
        rodriq = await bed.createUser('rodriq', { name: 'Rodrigo Q' });
        sofia = await bed.createUser('sofia', { name: 'Sofia Lima', language: 'pt-BR' });
        tomas = await bed.createUser('tomas', { name: 'Tomás', language: 'de' });
        outsider = await bed.createUser('outsider', { name: 'Out Sider', language: 'ja' });
        vb = (
            await rodriq.post<{ channel: Loose }>('/api/v1/channels.create', { name: n('vb'), members: [n('sofia'), n('tomas')] })
        ).body.channel._id;
        ids.fsfs = (await send(rodriq, { rid: vb, msg: 'fsfs' }))._id;
        uniqueID = (await bed.admin.get<{ value: string }>('/api/v1/settings/uniqueID')).body.value;
        siteUrl = (await bed.admin.get<{ value: string }>('/api/v1/settings/Site_Url')).body.value;
        // These tests change server settings and expect the next answer to follow: no settings cache.
        await setAppSetting(bed, 'settings_cache_seconds', 0);
    });
    afterAll(async () => {
        await bed?.close();
    });

    describe('errors, in the documented order', () => {
        it('401 JSON without credentials', async () => {
            const response = await bed.admin.request('GET', `/api/apps/public/${bed.appId}/push.get`, {
                query: { id: ids.fsfs },
                headers: { 'X-Auth-Token': 'wrong' },
            });
            expect(response.status).toBe(401);
            expect(response.body).toEqual(UNAUTHORIZED);
        });

        it("400 Match error: Missing key 'id', also for an empty id", async () => {
            for (const query of [{}, { id: '' }] as Array<{ [key: string]: string }>) {
                const response = await pushGet(sofia, query);
                expectError(response, 400, "Match error: Missing key 'id'", 'error-invalid-params');
            }
        });

        it('400 for a repeated or bracketed id', async () => {
            for (const query of [{ id: ['a', 'b'] }, { 'id[x]': 'a' }] as Array<{ [key: string]: string | string[] }>) {
                const response = await pushGet(sofia, query);
                expectError(response, 400, 'Match error: Expected string, got object in field id', 'error-invalid-params');
            }
        });

        it('error-message-not-found, also for a huge or odd id', async () => {
            for (const id of ['nope', 'x'.repeat(5000), '__proto__', '{"$ne":null}']) {
                const response = await pushGet(sofia, { id });
                expectError(response, 400, 'error-message-not-found', 'error-message-not-found');
            }
        });

        itLocalOnly(
            'writes a message without a room into the database',
            'error-room-not-found when the message has no room',
            async () => {
                const orphan = insertMessage({
                    rid: 'no-such-room',
                    u: { _id: userId(rodriq), username: 'rodriq' },
                    msg: 'orphan',
                });
                const response = await pushGet(sofia, { id: orphan._id });
                expectError(response, 400, 'error-room-not-found', 'error-room-not-found');
            },
        );

        it('error-not-allowed for a private group the caller is not in', async () => {
            const group = (
                await rodriq.post<{ group: Loose }>('/api/v1/groups.create', { name: n('secret'), members: [n('sofia')] })
            ).body.group;
            const message = await send(rodriq, { rid: group._id, msg: 'psst' });
            const response = await pushGet(outsider, { id: message._id });
            expect(response.status).toBe(400);
            expect(response.body).toEqual({ success: false, error: 'error-not-allowed', errorType: 'error-not-allowed' });
            expect((await pushGet(sofia, { id: message._id })).status).toBe(200);
        });

        itLocalOnly(
            'hides Site_Url from apps through the database',
            'the JSON 500, without the cause, when Site_Url cannot be read',
            async () => {
                const siteUrl = bed.workspace.db.settings.findOneById('Site_Url')!;
                bed.workspace.db.settings.replace({ ...siteUrl, hidden: true });
                try {
                    const response = await pushGet(sofia, { id: ids.fsfs });
                    expect(response.status).toBe(500);
                    expect(response.body).toEqual(INTERNAL_ERROR);
                } finally {
                    bed.workspace.db.settings.replace(siteUrl);
                }
            },
        );

        itLocalOnly(
            'hides Site_Url from apps through the database',
            'with the settings cache on, an unreadable Site_Url is not kept: the next request after the fix succeeds',
            async () => {
                const siteUrl = bed.workspace.db.settings.findOneById('Site_Url')!;
                await setAppSetting(bed, 'settings_cache_seconds', 5);
                try {
                    bed.workspace.db.settings.replace({ ...siteUrl, hidden: true });
                    expect((await pushGet(sofia, { id: ids.fsfs })).status).toBe(500);
                    bed.workspace.db.settings.replace(siteUrl);
                    expect((await ok(sofia, ids.fsfs)).notification.payload.host).toBe(`${bed.workspace.url}/`);
                } finally {
                    bed.workspace.db.settings.replace(siteUrl);
                    await setAppSetting(bed, 'settings_cache_seconds', 0);
                }
            },
        );

        itLocalOnly(
            'writes a message of a nonexistent user into the database',
            'Message sender not found when the sender is gone (not a visitor)',
            async () => {
                const ghost = insertMessage({ rid: vb, u: { _id: 'gone-user', username: 'ghost' }, msg: 'boo' });
                const response = await pushGet(sofia, { id: ghost._id });
                expectError(response, 400, 'Message sender not found', 'error-message-sender-not-found');
            },
        );
    });

    describe('the notification', () => {
        it('matches the public documentation example: #vb / rodriq: fsfs', async () => {
            const { message, notification } = await ok(sofia, ids.fsfs);
            expect(notification).toEqual({
                from: 'push',
                badge: 0,
                sound: 'default',
                priority: 10,
                title: `#${n('vb')}`,
                text: `${n('rodriq')}: fsfs`,
                payload: {
                    host: `${siteUrl}/`,
                    messageId: ids.fsfs,
                    notificationType: 'message',
                    rid: vb,
                    sender: { _id: userId(rodriq), username: n('rodriq'), name: 'Rodrigo Q' },
                    senderName: n('rodriq'),
                    type: 'c',
                    name: n('vb'),
                },
                userId: userId(rodriq),
                notId: notificationId(uniqueID, vb),
                gcm: { style: 'inbox', image: `${siteUrl}/images/logo/android-chrome-192x192.png` },
                apn: { category: 'MESSAGE' },
            });
            expect(Object.keys(notification)).toEqual([
                'from',
                'badge',
                'sound',
                'priority',
                'title',
                'text',
                'payload',
                'userId',
                'notId',
                'gcm',
                'apn',
            ]);
            expect(message).toMatchObject({
                _id: ids.fsfs,
                rid: vb,
                msg: 'fsfs',
                u: { _id: userId(rodriq), username: n('rodriq'), name: 'Rodrigo Q' },
            });
            expect(message).not.toHaveProperty('id');
            expect(message.ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
            expect(JSON.stringify(message)).not.toContain('null');
        });

        it('parses under the strictest client', async () => {
            const { notification } = await ok(sofia, ids.fsfs);
            expect(Number.isInteger(notification.notId)).toBe(true);
            expect(notification.notId).toBeGreaterThanOrEqual(-(2 ** 31));
            expect(notification.notId).toBeLessThan(2 ** 31);
            expect(typeof notification.title).toBe('string');
            expect(typeof notification.text).toBe('string');
            expect(typeof notification.payload.host).toBe('string');
            expect(['c', 'p', 'd', 'l']).toContain(notification.payload.type);
            expect(notification.payload.sender).toEqual(
                expect.objectContaining({ _id: expect.any(String), username: expect.any(String) }),
            );
        });

        itLocalOnly(
            'archives a DM subscription through the database',
            'counts the badge over the receiver subscriptions, archived ones excluded',
            async () => {
                const mention = await send(rodriq, { rid: vb, msg: `hello @${n('tomas')}` });
                expect((await ok(tomas, mention._id)).notification.badge).toBe(1);
                const dm = (await rodriq.post<{ room: Loose }>('/api/v1/im.create', { username: n('tomas') })).body.room;
                await send(rodriq, { rid: dm._id, msg: 'one' });
                await send(rodriq, { rid: dm._id, msg: 'two' });
                expect((await ok(tomas, mention._id)).notification.badge).toBe(3);
                const subscription = bed.workspace.db.subscriptions.findOne(
                    (sub) => sub.rid === dm._id && sub.u._id === userId(tomas),
                )!;
                bed.workspace.db.subscriptions.replace({ ...subscription, archived: true });
                expect((await ok(tomas, mention._id)).notification.badge).toBe(1);
                await tomas.post('/api/v1/subscriptions.read', { rid: vb });
                expect((await ok(tomas, mention._id)).notification.badge).toBe(0);
            },
        );

        it('1:1 DM: title is the sender, no prefix, no payload.name', async () => {
            const dm = (await rodriq.post<{ room: Loose }>('/api/v1/im.create', { username: n('sofia') })).body.room;
            const message = await send(rodriq, { rid: dm._id, msg: 'hi :smile:' });
            const { notification } = await ok(sofia, message._id);
            expect(notification.title).toBe(n('rodriq'));
            expect(notification.text).toBe('hi 😄');
            expect(notification.payload.type).toBe('d');
            expect(notification.payload).not.toHaveProperty('name');
            expect((await pushGet(outsider, { id: message._id })).body).toMatchObject({ errorType: 'error-not-allowed' });
        });

        it('group DM: #members title and a prefixed text', async () => {
            const dm = (await rodriq.post<{ room: Loose }>('/api/v1/im.create', { usernames: `${n('sofia')},${n('tomas')}` }))
                .body.room;
            const message = await send(rodriq, { rid: dm._id, msg: 'all three' });
            const { notification } = await ok(sofia, message._id);
            expect(notification.title).toBe(`#${n('rodriq')}, ${n('tomas')}`);
            expect(notification.text).toBe(`${n('rodriq')}: all three`);
        });

        it('thread reply: payload.tmid', async () => {
            const reply = await send(sofia, { rid: vb, msg: 'in thread', tmid: ids.fsfs });
            const { notification, message } = await ok(rodriq, reply._id);
            expect(notification.payload.tmid).toBe(ids.fsfs);
            expect(message.tmid).toBe(ids.fsfs);
            expect(notification.text).toBe(`${n('sofia')}: in thread`);
        });

        const encryptedContent = { algorithm: 'rc.v1.aes-sha2', ciphertext: 'abc' };
        const sendEncrypted = () =>
            send(rodriq, { rid: vb, msg: 'CIPHERTEXT', t: 'e2e', e2e: 'pending', content: encryptedContent });

        it('e2e message: msg and content in the payload, no md', async () => {
            const message = await sendEncrypted();
            const { notification, message: raw } = await ok(sofia, message._id);
            expect(notification.payload).toMatchObject({ messageType: 'e2e', msg: 'CIPHERTEXT', content: encryptedContent });
            expect(raw).toMatchObject({ t: 'e2e', e2e: 'pending', content: encryptedContent });
            expect(raw).not.toHaveProperty('md');
        });

        it('e2e message: Encrypted message, in the receiver language', async () => {
            const message = await sendEncrypted();
            expect((await ok(sofia, message._id)).notification.text).toBe(`${n('rodriq')}: Mensagem criptografada`);
        });

        const sendUploads = async () => ({
            image: await send(rodriq, {
                rid: vb,
                msg: '',
                attachments: [CAT_PNG],
            }),
            file: await send(rodriq, {
                rid: vb,
                msg: '',
                attachments: [{ type: 'file', title: 'notes.pdf', title_link: '/file-upload/y/notes.pdf', image_url: '' }],
            }),
        });

        it('image and file uploads: the English texts, the attachment as sent', async () => {
            const { image, file } = await sendUploads();
            expect((await ok(bed.admin, image._id)).notification.text).toBe(`${n('rodriq')}: Uploaded an image`);
            expect((await ok(bed.admin, file._id)).notification.text).toBe(`${n('rodriq')}: Uploaded a file`);
            const { message } = await ok(bed.admin, image._id);
            expect(message.attachments).toEqual([CAT_PNG]);
        });

        it('image and file uploads, in the receiver language', async () => {
            const { image } = await sendUploads();
            expect((await ok(tomas, image._id)).notification.text).toBe(`${n('rodriq')}: hat ein Bild hochgeladen`);
            expect((await ok(sofia, image._id)).notification.text).toBe(`${n('rodriq')}: Carregou uma imagem`);
        });

        it('read-only room: MESSAGE_NOREPLY', async () => {
            const news = (
                await rodriq.post<{ channel: Loose }>('/api/v1/channels.create', {
                    name: n('news'),
                    members: [n('sofia')],
                    readOnly: true,
                })
            ).body.channel;
            const announcement = await send(bed.admin, { rid: news._id, msg: 'read only' });
            expect((await ok(sofia, announcement._id)).notification.apn).toEqual({ category: 'MESSAGE_NOREPLY' });
        });

        itLocalOnly('mutes a user through the database', 'muted receiver: MESSAGE_NOREPLY', async () => {
            const room = bed.workspace.db.rooms.findOneById(vb)!;
            bed.workspace.db.rooms.replace({ ...room, muted: ['sofia'] });
            try {
                expect((await ok(sofia, ids.fsfs)).notification.apn).toEqual({ category: 'MESSAGE_NOREPLY' });
                expect((await ok(tomas, ids.fsfs)).notification.apn).toEqual({ category: 'MESSAGE' });
            } finally {
                bed.workspace.db.rooms.replace({ ...room });
            }
        });

        it('Push_show_message off: the localized new-message text', async () => {
            await setSetting('Push_show_message', false);
            try {
                expect((await ok(tomas, ids.fsfs)).notification.text).toBe(`${n('rodriq')}: Sie haben eine neue Nachricht`);
                expect((await ok(sofia, ids.fsfs)).notification.text).toBe(`${n('rodriq')}: Nova mensagem`);
                expect((await ok(bed.admin, ids.fsfs)).notification.text).toBe(`${n('rodriq')}: You have a new message`);
            } finally {
                await setSetting('Push_show_message', true);
            }
        });

        it('the server Language applies when the receiver has none', async () => {
            await setSetting('Language', 'de');
            await setSetting('Push_show_message', false);
            try {
                expect((await ok(bed.admin, ids.fsfs)).notification.text).toBe(`${n('rodriq')}: Sie haben eine neue Nachricht`);
            } finally {
                await setSetting('Push_show_message', true);
                await setSetting('Language', 'en');
            }
        });

        it('Push_show_username_room off: empty title, no prefix, empty payload name', async () => {
            await setSetting('Push_show_username_room', false);
            try {
                const { notification } = await ok(sofia, ids.fsfs);
                expect(notification.title).toBe('');
                expect(notification.text).toBe('fsfs');
                expect(notification.payload).toMatchObject({ senderName: '', name: '' });
            } finally {
                await setSetting('Push_show_username_room', true);
            }
        });

        it('UI_Use_Real_Name on: real names for the sender and mentions', async () => {
            const mention = await send(rodriq, { rid: vb, msg: `ping @${n('sofia')} :smile:` });
            await setSetting('UI_Use_Real_Name', true);
            try {
                const { notification } = await ok(tomas, mention._id);
                expect(notification.text).toBe('Rodrigo Q: ping Sofia Lima :smile:');
                expect(notification.payload.senderName).toBe('Rodrigo Q');
            } finally {
                await setSetting('UI_Use_Real_Name', false);
            }
        });
    });

    describe('texts as core writes them', () => {
        const upload = (rid: string) =>
            send(rodriq, {
                rid,
                msg: '',
                attachments: [{ type: 'file', title: 'cat.png', image_url: '/file-upload/x/cat.png', image_type: 'image/png' }],
            });
        const newMessageText = async (client: RestClient) => {
            await setSetting('Push_show_message', false);
            try {
                return (await ok(client, ids.fsfs)).notification.text;
            } finally {
                await setSetting('Push_show_message', true);
            }
        };

        it('every core locale: exact code, then the base language, then English, per key as i18next resolves', async () => {
            const austrian = await bed.createUser('franz', { language: 'de-AT' });
            const chinese = await bed.createUser('li', { language: 'zh' });
            const taiwanese = await bed.createUser('mei', { language: 'zh-TW' });
            const portuguese = await bed.createUser('joao', { language: 'pt' });
            for (const client of [austrian, chinese, taiwanese, portuguese]) {
                await client.post('/api/v1/channels.join', { roomId: vb });
            }
            const image = await upload(vb);
            expect((await ok(austrian, image._id)).notification.text).toBe(`${n('rodriq')}: Ein Bild hochgeladen`);
            expect((await ok(chinese, image._id)).notification.text).toBe(`${n('rodriq')}: 上传了一张图片`);
            expect((await ok(taiwanese, image._id)).notification.text).toBe(`${n('rodriq')}: 上傳了一個影像`);
            expect((await ok(portuguese, image._id)).notification.text).toBe(`${n('rodriq')}: Carregou uma imagem`);
            // de-AT and pt lack You_have_a_new_message in core: de-AT falls to de, pt to English (not pt-BR).
            expect(await newMessageText(austrian)).toBe(`${n('rodriq')}: Sie haben eine neue Nachricht`);
            expect(await newMessageText(chinese)).toBe(`${n('rodriq')}: 您有新的消息`);
            expect(await newMessageText(taiwanese)).toBe(`${n('rodriq')}: 您有一個新的訊息`);
            expect(await newMessageText(portuguese)).toBe(`${n('rodriq')}: You have a new message`);
        });

        it('a receiver whose language an admin set gets that language at once', async () => {
            const wanda = await bed.createUser('wanda', { language: 'ja' });
            await wanda.post('/api/v1/channels.join', { roomId: vb });
            expect(await newMessageText(wanda)).toBe(`${n('rodriq')}: 新しいメッセージがあります`);
            const edited = await bed.admin.post('/api/v1/users.setPreferences', {
                userId: userId(wanda),
                data: { language: 'zh-TW' },
            });
            expect(edited.status).toBe(200);
            expect(await newMessageText(wanda)).toBe(`${n('rodriq')}: 您有一個新的訊息`);
        });

        it('group DM title: the other members sorted by (name || username), as usernames even with real names on', async () => {
            const zed = await bed.createUser('zed', { name: 'Anna' });
            await bed.createUser('amy', { name: 'Zoe' });
            const dm = (await zed.post<{ room: Loose }>('/api/v1/im.create', { usernames: `${n('amy')},${n('sofia')}` })).body
                .room;
            const message = await send(zed, { rid: dm._id, msg: 'sorted' });
            expect((await ok(sofia, message._id)).notification).toMatchObject({
                title: `#${n('zed')}, ${n('amy')}`,
                text: `${n('zed')}: sorted`,
            });
            await setSetting('UI_Use_Real_Name', true);
            try {
                expect((await ok(sofia, message._id)).notification).toMatchObject({
                    title: `#${n('zed')}, ${n('amy')}`,
                    text: 'Anna: sorted',
                });
            } finally {
                await setSetting('UI_Use_Real_Name', false);
            }
        });

        it("core's emoji additions: :tm:, :registered:, digits, # and *", async () => {
            const message = await send(rodriq, {
                rid: vb,
                msg: 'Acme:tm: :registered: :digit_four::digit_two: :pound_symbol::asterisk_symbol:',
            });
            expect((await ok(sofia, message._id)).notification.text).toBe(
                `${n('rodriq')}: Acme\u2122\ufe0f \u00ae\ufe0f 4\ufe0f2\ufe0f #\ufe0f*\ufe0f`,
            );
        });

        it('real-name mentions use replace semantics: $& in a name inserts the mention, $$ one dollar', async () => {
            await bed.createUser('cash', { name: 'Ca$$h [$&]' });
            const mention = await send(rodriq, { rid: vb, msg: `pay @${n('cash')} now` });
            await setSetting('UI_Use_Real_Name', true);
            try {
                expect((await ok(sofia, mention._id)).notification.text).toBe(`Rodrigo Q: pay Ca$h [@${n('cash')}] now`);
            } finally {
                await setSetting('UI_Use_Real_Name', false);
            }
        });

        it('payload.host keeps a Site_Url ending in // (a slash is only appended when missing)', async () => {
            const url = siteUrl;
            await setSetting('Site_Url', `${url}//`);
            try {
                expect((await ok(sofia, ids.fsfs)).notification.payload.host).toBe(`${url}//`);
            } finally {
                await setSetting('Site_Url', url);
            }
            expect((await ok(sofia, ids.fsfs)).notification.payload.host).toBe(`${url}/`);
        });

        itLocalOnly(
            'writes messages without md into the database',
            'md is computed only up to 160 characters; above, the worst inputs found are answered without md',
            async () => {
                const short = insertMessage({ rid: vb, u: { _id: userId(rodriq), username: 'rodriq' }, msg: '['.repeat(160) });
                expect((await ok(sofia, short._id)).message.md).toEqual([
                    { type: 'PARAGRAPH', value: [{ type: 'PLAIN_TEXT', value: '['.repeat(160) }] },
                ]);
                for (const msg of ['['.repeat(161), '['.repeat(5000), '1'.repeat(5000), 'a'.repeat(5000)]) {
                    const long = insertMessage({ rid: vb, u: { _id: userId(rodriq), username: 'rodriq' }, msg });
                    const { message, notification } = await ok(sofia, long._id);
                    expect(message).not.toHaveProperty('md');
                    expect(message.msg).toBe(msg);
                    expect(notification.text).toBe(`rodriq: ${msg}`);
                }
            },
        );
    });

    describe('access per room type', () => {
        it('public channel: readable without joining for the default roles', async () => {
            expect((await ok(outsider, ids.fsfs)).notification.title).toBe(`#${n('vb')}`);
        });

        it('discussion: access follows the parent room', async () => {
            const group = (
                await rodriq.post<{ group: Loose }>('/api/v1/groups.create', { name: n('parent-group'), members: [n('sofia')] })
            ).body.group;
            const discussion = (
                await rodriq.post<{ discussion: Loose }>('/api/v1/rooms.createDiscussion', {
                    prid: group._id,
                    t_name: 'Budget talk',
                })
            ).body.discussion;
            const message = await send(rodriq, { rid: discussion._id, msg: 'numbers' });
            const { notification } = await ok(sofia, message._id);
            expect(notification.title).toBe('#Budget talk');
            expect((await pushGet(outsider, { id: message._id })).body).toMatchObject({ errorType: 'error-not-allowed' });
        });

        itLocalOnly(
            'writes team rooms and a subscription into the database',
            'team channels: the main room is public, other channels need membership',
            async () => {
                const main = insertRoom({ t: 'c', name: 'team-main', fname: 'team-main', teamId: 'team1', teamMain: true });
                const inner = insertRoom({ t: 'c', name: 'team-inner', fname: 'team-inner', teamId: 'team1' });
                const author = { _id: userId(rodriq), username: 'rodriq' };
                const mainMessage = insertMessage({ rid: main._id, u: author, msg: 'main' });
                const innerMessage = insertMessage({ rid: inner._id, u: author, msg: 'inner' });
                expect((await ok(outsider, mainMessage._id)).notification.title).toBe('#team-main');
                expect((await pushGet(outsider, { id: innerMessage._id })).body).toMatchObject({
                    errorType: 'error-not-allowed',
                });
                bed.workspace.db.subscriptions.insert({
                    _id: randomId(),
                    rid: inner._id,
                    u: { _id: userId(outsider), username: 'outsider' },
                    t: 'c',
                    name: 'team-inner',
                    open: true,
                    alert: false,
                    unread: 0,
                    userMentions: 0,
                    groupMentions: 0,
                    ts: new Date(),
                    _updatedAt: new Date(),
                });
                expect((await ok(outsider, innerMessage._id)).notification.title).toBe('#team-inner');
            },
        );

        itLocalOnly(
            'writes a livechat room and its messages into the database',
            'livechat: the serving agent and managers may read; a visitor message works (core fails)',
            async () => {
                const agent = await bed.createUser('agent', { roles: ['user', 'livechat-agent'] });
                const room = insertRoom({
                    t: 'l',
                    fname: 'Visitor Vera',
                    servedBy: { _id: userId(agent), username: 'agent' },
                    v: { _id: 'visitor-1', username: 'guest-1', token: 'tok-1' },
                    open: true,
                });
                const visitorMessage = insertMessage({
                    rid: room._id,
                    u: { _id: 'visitor-1', username: 'guest-1', name: 'Vera' },
                    msg: 'help please',
                    token: 'tok-1',
                });
                const agentMessage = insertMessage({ rid: room._id, u: { _id: userId(agent), username: 'agent' }, msg: 'on it' });
                const visitor = await ok(agent, visitorMessage._id);
                expect(visitor.notification).toMatchObject({
                    title: 'guest-1',
                    text: 'help please',
                    payload: { type: 'l', sender: { _id: 'visitor-1', username: 'guest-1', name: 'Vera' } },
                });
                expect((await ok(bed.admin, agentMessage._id)).notification).toMatchObject({ title: 'agent', text: 'on it' });
                expect((await pushGet(outsider, { id: visitorMessage._id })).body).toMatchObject({
                    errorType: 'error-not-allowed',
                });
            },
        );
    });
});
