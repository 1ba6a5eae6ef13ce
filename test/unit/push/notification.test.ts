import type { RestMessage } from '../../../lib/message/restMessage';
import type { PushNotificationInput, PushRoomFacts } from '../../../lib/push/notification';
import {
    buildPushNotification,
    faviconUrl,
    isGroupChat,
    normalizeHost,
    notificationText,
    replyAllowed,
    resolveSender,
    roomNameFor,
} from '../../../lib/push/notification';
import { notificationId } from '../../../lib/push/notId';
import type { PushSettings } from '../../../lib/push/settings';
import { PUSH_SETTING_DEFAULTS } from '../../../lib/push/settings';

const SETTINGS: PushSettings = {
    ...PUSH_SETTING_DEFAULTS,
    Language: 'en',
    Site_Url: 'http://localhost:3000',
    uniqueID: 'server-1',
};

const RODRIQ = { _id: 'd26x6zSkaPSe5gCyy', username: 'rodriq', name: 'Rodriq' };

function message(fields: Partial<RestMessage> = {}): RestMessage {
    return {
        _id: 'WkbwSntxt8D3jLp8G',
        rid: 'iu7jtPAhvEeAS5tNq',
        msg: 'fsfs',
        ts: '2021-10-22T14:29:23.581Z',
        u: RODRIQ,
        ...fields,
    };
}

function input(overrides: {
    message?: Partial<RestMessage>;
    room?: PushRoomFacts;
    sender?: PushNotificationInput['sender'];
    receiver?: Partial<PushNotificationInput['receiver']>;
    settings?: Partial<PushSettings>;
}): PushNotificationInput {
    return {
        message: message(overrides.message),
        room: overrides.room ?? { t: 'c', name: 'vb' },
        sender: overrides.sender ?? { username: 'rodriq', name: 'Rodriq' },
        receiver: { id: 'receiver-1', username: 'alice', language: 'en', badge: 2, ...overrides.receiver },
        settings: { ...SETTINGS, ...overrides.settings },
    };
}

function titleAndText(overrides: Parameters<typeof input>[0]): [string, string] {
    const { title, text } = buildPushNotification(input(overrides));
    return [title, text];
}

const DM_MEMBERS = [
    { id: 'receiver-1', username: 'alice', name: 'Alice A' },
    { id: 'u2', username: 'rodriq', name: 'Rodriq' },
    { id: 'u3', username: 'carol' },
];

describe('buildPushNotification', () => {
    it('reproduces the official example (docs/push.get.md), key order included', () => {
        const notification = buildPushNotification(input({}));
        expect(notification).toEqual({
            from: 'push',
            badge: 2,
            sound: 'default',
            priority: 10,
            title: '#vb',
            text: 'rodriq: fsfs',
            payload: {
                host: 'http://localhost:3000/',
                messageId: 'WkbwSntxt8D3jLp8G',
                notificationType: 'message',
                rid: 'iu7jtPAhvEeAS5tNq',
                sender: RODRIQ,
                senderName: 'rodriq',
                type: 'c',
                name: 'vb',
            },
            userId: 'd26x6zSkaPSe5gCyy',
            notId: notificationId('server-1', 'iu7jtPAhvEeAS5tNq'),
            gcm: { style: 'inbox', image: 'http://localhost:3000/images/logo/android-chrome-192x192.png' },
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
        expect(Object.keys(notification.payload)).toEqual([
            'host',
            'messageId',
            'notificationType',
            'rid',
            'sender',
            'senderName',
            'type',
            'name',
        ]);
    });

    describe('title and text (docs/push.get.md, defaults: show on, message on, real names off)', () => {
        it.each<[string, Parameters<typeof input>[0], [string, string]]>([
            ['public channel', { room: { t: 'c', name: 'general' } }, ['#general', 'rodriq: fsfs']],
            ['private group', { room: { t: 'p', name: 'secret' } }, ['#secret', 'rodriq: fsfs']],
            ['team main room', { room: { t: 'p', name: 'team-a' } }, ['#team-a', 'rodriq: fsfs']],
            [
                'discussion uses fname',
                { room: { t: 'p', name: 'x6Y', fname: 'My discussion', prid: 'parent' } },
                ['#My discussion', 'rodriq: fsfs'],
            ],
            ['DM 1:1', { room: { t: 'd', uids: ['receiver-1', 'u2'] } }, ['rodriq', 'fsfs']],
            ['DM with oneself', { room: { t: 'd', uids: ['receiver-1'] } }, ['rodriq', 'fsfs']],
            [
                'DM with > 2 members and a room name',
                { room: { t: 'd', name: 'alice, carol, rodriq', uids: ['receiver-1', 'u2', 'u3'] } },
                ['#alice, carol, rodriq', 'rodriq: fsfs'],
            ],
            [
                'DM with > 2 members named from the other members (ours)',
                { room: { t: 'd', uids: ['receiver-1', 'u2', 'u3'], members: DM_MEMBERS } },
                ['#carol, rodriq', 'rodriq: fsfs'],
            ],
            [
                'livechat, agent message',
                { room: { t: 'l', name: 'Visitor 1' }, sender: { username: 'agent.smith' } },
                ['agent.smith', 'fsfs'],
            ],
            [
                'livechat, visitor message',
                { room: { t: 'l' }, sender: { username: 'guest-12', name: 'Visitor 1' } },
                ['guest-12', 'fsfs'],
            ],
            ['Push_show_username_room off', { settings: { Push_show_username_room: false } }, ['', 'fsfs']],
            [
                'Push_show_username_room off in a DM',
                { settings: { Push_show_username_room: false }, room: { t: 'd' } },
                ['', 'fsfs'],
            ],
            ['Push_show_message off', { settings: { Push_show_message: false } }, ['#vb', 'rodriq: You have a new message']],
            [
                'Push_show_message off in a DM',
                { settings: { Push_show_message: false }, room: { t: 'd' } },
                ['rodriq', 'You have a new message'],
            ],
            [
                'Push_show_message off, localized',
                { settings: { Push_show_message: false }, receiver: { language: 'de' } },
                ['#vb', 'rodriq: Sie haben eine neue Nachricht'],
            ],
            [
                'only an image upload',
                {
                    message: {
                        msg: '',
                        attachments: [{ type: 'file', image_url: '/file-upload/x.png', image_type: 'image/png' }],
                    },
                },
                ['#vb', 'rodriq: Uploaded an image'],
            ],
            [
                'e2e message with non-empty msg',
                { message: { t: 'e2e', msg: 'AAAbase64', content: { algorithm: 'rc.v1.aes-sha2', ciphertext: 'x' } } },
                ['#vb', 'rodriq: Encrypted message'],
            ],
            [
                'system message: filtered msg, no special casing',
                { message: { t: 'uj', msg: 'rodriq' } },
                ['#vb', 'rodriq: rodriq'],
            ],
            ['thread reply: as for the room', { message: { tmid: 'root-1', msg: '*reply*' } }, ['#vb', 'rodriq: reply']],
            ['real names on: the sender name', { settings: { UI_Use_Real_Name: true } }, ['#vb', 'Rodriq: fsfs']],
            [
                'real names on, sender without a name',
                { settings: { UI_Use_Real_Name: true }, sender: { username: 'rodriq', name: null } },
                ['#vb', 'rodriq: fsfs'],
            ],
            ['real names on in a DM', { settings: { UI_Use_Real_Name: true }, room: { t: 'd' } }, ['Rodriq', 'fsfs']],
        ])('%s', (_row, overrides, expected) => {
            expect(titleAndText(overrides)).toEqual(expected);
        });
    });

    describe('payload (docs/push.get.md)', () => {
        it('omits name when the room has none (DM), and sends "" with SHOW off', () => {
            expect(buildPushNotification(input({ room: { t: 'd' } })).payload).not.toHaveProperty('name');
            expect(buildPushNotification(input({ room: { t: 'd', name: null } })).payload).not.toHaveProperty('name');
            expect(buildPushNotification(input({ settings: { Push_show_username_room: false } })).payload).toMatchObject({
                name: '',
                senderName: '',
            });
        });

        it('carries messageType and tmid when set', () => {
            const { payload } = buildPushNotification(input({ message: { t: 'uj', tmid: 'root-1' } }));
            expect(payload).toMatchObject({ messageType: 'uj', tmid: 'root-1' });
            expect(Object.keys(payload).slice(-3)).toEqual(['name', 'messageType', 'tmid']);
        });

        it('adds msg and content for e2e messages only', () => {
            const content = { algorithm: 'rc.v2.aes-sha2', ciphertext: 'abc' };
            const e2e = buildPushNotification(input({ message: { t: 'e2e', msg: 'cipher', content } })).payload;
            expect(e2e).toMatchObject({ messageType: 'e2e', msg: 'cipher', content });
            expect(Object.keys(e2e).slice(-3)).toEqual(['messageType', 'msg', 'content']);

            const v2WithoutMsg = buildPushNotification(input({ message: { t: 'e2e', msg: '', content } }));
            expect(v2WithoutMsg.payload).toMatchObject({ msg: '', content });
            expect(v2WithoutMsg.text).toBe('rodriq: ');

            const withoutContent = buildPushNotification(input({ message: { t: 'e2e', msg: 'cipher' } })).payload;
            expect(withoutContent).toHaveProperty('msg', 'cipher');
            expect(withoutContent).not.toHaveProperty('content');

            const plain = buildPushNotification(input({ message: { content: { x: 1 } } })).payload;
            expect(plain).not.toHaveProperty('msg');
            expect(plain).not.toHaveProperty('content');
        });

        it('uses the message u as sender and its id as userId (the sender, not the caller)', () => {
            const notification = buildPushNotification(input({ receiver: { id: 'caller' } }));
            expect(notification.payload.sender).toEqual(RODRIQ);
            expect(notification.userId).toBe(RODRIQ._id);
        });

        it('omits userId and sender when the message has no u', () => {
            const notification = buildPushNotification(input({ message: { u: undefined } }));
            expect(notification).not.toHaveProperty('userId');
            expect(notification.payload).not.toHaveProperty('sender');
        });
    });

    it.each<[number | null | undefined, number]>([
        [7, 7],
        [0, 0],
        [null, 0],
        [undefined, 0],
    ])('badge %j → %d', (badge, expected) => {
        expect(buildPushNotification(input({ receiver: { badge } })).badge).toBe(expected);
    });

    it('hashes uniqueID|rid into notId', () => {
        expect(
            buildPushNotification(input({ settings: { uniqueID: '7bHdEeGgHGKhfPLNd' }, message: { rid: 'GENERAL' } })).notId,
        ).toBe(-1462553727);
    });

    it.each<[string, Parameters<typeof input>[0], 'MESSAGE' | 'MESSAGE_NOREPLY']>([
        ['open room', {}, 'MESSAGE'],
        ['read-only room', { room: { t: 'c', name: 'vb', ro: true } }, 'MESSAGE_NOREPLY'],
        ['receiver muted', { room: { t: 'c', name: 'vb', muted: ['alice'] } }, 'MESSAGE_NOREPLY'],
        ['someone else muted', { room: { t: 'c', name: 'vb', muted: ['bob'] } }, 'MESSAGE'],
        ['receiver without username', { receiver: { username: null } }, 'MESSAGE_NOREPLY'],
    ])('apn category: %s', (_case, overrides, category) => {
        expect(buildPushNotification(input(overrides)).apn).toEqual({ category });
    });

    it('takes the language from the receiver, then the Language setting, then English', () => {
        const off = { Push_show_message: false };
        expect(buildPushNotification(input({ settings: { ...off, Language: 'fr' }, receiver: { language: 'ja' } })).text).toBe(
            'rodriq: 新しいメッセージがあります',
        );
        expect(buildPushNotification(input({ settings: { ...off, Language: 'fr' }, receiver: { language: '' } })).text).toBe(
            'rodriq: Vous avez un nouveau message',
        );
        expect(buildPushNotification(input({ settings: { ...off, Language: null }, receiver: { language: null } })).text).toBe(
            'rodriq: You have a new message',
        );
    });
});

describe('notificationText (docs/push.get.md)', () => {
    const realNamesOff = { UI_Use_Real_Name: false };
    const realNamesOn = { UI_Use_Real_Name: true };

    it.each<[string, Partial<RestMessage>, { UI_Use_Real_Name: boolean }, string, string]>([
        ['emoji shortnames then markdown', { msg: ':smile: *done*' }, realNamesOff, 'en', '😄 done'],
        ['ASCII smileys', { msg: 'ok :)' }, realNamesOff, 'en', 'ok 🙂'],
        [
            'mentions with real names start from the raw text (emoji step dropped)',
            { msg: ':smile: @bob _hi_', mentions: [{ _id: 'b', username: 'bob', name: 'Bob Smith' }] },
            realNamesOn,
            'en',
            ':smile: Bob Smith hi',
        ],
        [
            'mentions without real names keep usernames',
            { msg: ':smile: @bob', mentions: [{ _id: 'b', username: 'bob', name: 'Bob Smith' }] },
            realNamesOff,
            'en',
            '😄 @bob',
        ],
        ['real names on but no mentions: emoji step kept', { msg: ':smile: @bob', mentions: [] }, realNamesOn, 'en', '😄 @bob'],
        [
            'image upload with type',
            { msg: '', attachments: [{ type: 'file', image_url: '/u/x.png', image_type: 'image/png' }] },
            realNamesOff,
            'es',
            'Ha subido una imagen',
        ],
        [
            'image upload without type',
            { msg: '', attachments: [{ type: 'file', image_url: '/u/x.png' }] },
            realNamesOff,
            'en',
            'Uploaded a file',
        ],
        [
            'file without image_url falls through',
            { msg: '', attachments: [{ type: 'file', title: 'a.pdf' }] },
            realNamesOff,
            'en',
            '',
        ],
        [
            'non-file attachment falls through',
            { msg: '', attachments: [{ image_url: '/u/x.png', image_type: 'image/png' }] },
            realNamesOff,
            'en',
            '',
        ],
        [
            'a text with an image is the text',
            { msg: 'look', attachments: [{ type: 'file', image_url: '/u/x.png', image_type: 'image/png' }] },
            realNamesOff,
            'en',
            'look',
        ],
        ['missing msg', { msg: undefined }, realNamesOff, 'en', ''],
        ['e2e', { msg: 'cipher', t: 'e2e' }, realNamesOff, 'ru', 'Зашифрованное сообщение'],
        ['e2e without msg falls through', { msg: '', t: 'e2e' }, realNamesOff, 'en', ''],
    ])('%s', (_case, fields, settings, language, expected) => {
        expect(notificationText(message(fields), settings, language)).toBe(expected);
    });
});

describe('resolveSender (docs/push.get.md)', () => {
    it('uses the current user record', () => {
        expect(resolveSender(message(), { t: 'c' }, { username: 'rodriq2', name: 'New Name' })).toEqual({
            username: 'rodriq2',
            name: 'New Name',
        });
    });

    it.each<[string, Partial<RestMessage>, string]>([
        ['visitor token', { token: 'visitor-token', u: { _id: 'v1', username: 'guest-12', name: 'Visitor 1' } }, 'c'],
        ['livechat room', { u: { _id: 'v1', username: 'guest-12', name: 'Visitor 1' } }, 'l'],
        ['voip room', { u: { _id: 'v1', username: 'guest-12', name: 'Visitor 1' } }, 'v'],
    ])('falls back to the stored u for a livechat visitor (%s)', (_case, fields, t) => {
        expect(resolveSender(message(fields), { t }, null)).toEqual({ username: 'guest-12', name: 'Visitor 1' });
    });

    it('has none otherwise (push.get then answers "Message sender not found", test/endpoint/pushGet.test.ts)', () => {
        expect(resolveSender(message(), { t: 'c' }, null)).toBeUndefined();
    });
});

describe('normalizeHost', () => {
    it.each<[string, string]>([
        ['http://localhost:3000', 'http://localhost:3000/'],
        ['http://localhost:3000/', 'http://localhost:3000/'],
        // Meteor.absoluteUrl appends a slash only when there is none: extra slashes stay, as in core.
        ['https://chat.example.com///', 'https://chat.example.com///'],
        ['http://localhost:3000//', 'http://localhost:3000//'],
        ['chat.example.com', 'http://chat.example.com/'],
        ['HTTPS://Chat.Example.com/rc', 'HTTPS://Chat.Example.com/rc/'],
        ['https://chat.example.com/sub/path//', 'https://chat.example.com/sub/path//'],
    ])('%j → %j', (siteUrl, expected) => {
        expect(normalizeHost(siteUrl)).toBe(expected);
    });
});

describe('faviconUrl', () => {
    it.each<[string, PushSettings['Assets_favicon_192'], string, string]>([
        ['default path', undefined, 'http://localhost:3000', 'http://localhost:3000/images/logo/android-chrome-192x192.png'],
        [
            'default path, trailing slash',
            null,
            'http://localhost:3000//',
            'http://localhost:3000/images/logo/android-chrome-192x192.png',
        ],
        [
            'asset default',
            { defaultUrl: 'images/logo/android-chrome-192x192.png' },
            'https://c.io',
            'https://c.io/images/logo/android-chrome-192x192.png',
        ],
        [
            'uploaded asset wins',
            { url: 'assets/favicon_192.png', defaultUrl: 'images/x.png' },
            'https://c.io',
            'https://c.io/assets/favicon_192.png',
        ],
        ['leading slash', { url: '/assets/favicon_192.png' }, 'https://c.io/', 'https://c.io/assets/favicon_192.png'],
        ['query kept', { url: 'assets/favicon_192.png?v=3' }, 'https://c.io', 'https://c.io/assets/favicon_192.png?v=3'],
        ['absolute URL as is', { url: 'https://cdn.example.com/icon.png' }, 'https://c.io', 'https://cdn.example.com/icon.png'],
        ['data URL as is', { url: 'data:image/png;base64,AAAA' }, 'https://c.io', 'data:image/png;base64,AAAA'],
        [
            'empty values fall back',
            { url: '', defaultUrl: null },
            'https://c.io',
            'https://c.io/images/logo/android-chrome-192x192.png',
        ],
    ])('%s', (_case, asset, siteUrl, expected) => {
        expect(faviconUrl({ Site_Url: siteUrl, Assets_favicon_192: asset })).toBe(expected);
    });
});

describe('isGroupChat', () => {
    it.each<[PushRoomFacts, boolean]>([
        [{ t: 'c' }, true],
        [{ t: 'p' }, true],
        [{ t: 'd', uids: ['a', 'b'] }, false],
        [{ t: 'd', uids: ['a', 'b', 'c'] }, true],
        [{ t: 'd' }, false],
        [{ t: 'd', uids: null }, false],
        [{ t: 'l' }, false],
        [{ t: 'v' }, false],
        [{ t: 'x' }, false],
    ])('%j → %s', (room, expected) => {
        expect(isGroupChat(room)).toBe(expected);
    });
});

describe('roomNameFor (docs/push.get.md)', () => {
    const receiver = { id: 'receiver-1' };
    const plain = { UI_Use_Real_Name: false, UI_Allow_room_names_with_special_chars: false };
    const special = { UI_Use_Real_Name: false, UI_Allow_room_names_with_special_chars: true };
    const realNames = { UI_Use_Real_Name: true, UI_Allow_room_names_with_special_chars: false };

    it.each<[string, PushRoomFacts, typeof plain, string | undefined]>([
        ['channel: name', { t: 'c', name: 'general', fname: 'Général' }, plain, 'general'],
        ['channel with special chars allowed: fname', { t: 'c', name: 'general', fname: 'Général' }, special, 'Général'],
        ['channel with special chars allowed, no fname: name', { t: 'c', name: 'general' }, special, 'general'],
        ['group: name', { t: 'p', name: 'secret', fname: 'Secret!' }, plain, 'secret'],
        ['discussion: fname', { t: 'c', name: 'abc', fname: 'Talk', prid: 'parent' }, plain, 'Talk'],
        ['discussion without fname', { t: 'p', name: 'abc', prid: 'parent' }, plain, undefined],
        ['federated: fname', { t: 'p', name: '!x:matrix.org', fname: 'Fed room', federated: true }, plain, 'Fed room'],
        ['DM with name', { t: 'd', name: 'a, b', fname: 'A, B', uids: ['1', '2', '3'] }, plain, 'a, b'],
        [
            'DM with name and fname, real names on',
            { t: 'd', name: 'a, b', fname: 'A, B', uids: ['1', '2', '3'] },
            realNames,
            'A, B',
        ],
        ['DM with only a name, real names on', { t: 'd', name: 'a, b', uids: ['1', '2', '3'] }, realNames, 'a, b'],
        [
            'DM named from the other members, sorted by name or username (localeCompare: case does not lead)',
            { t: 'd', uids: ['receiver-1', 'u2', 'u3'], members: DM_MEMBERS },
            plain,
            'carol, rodriq',
        ],
        [
            'DM named from the other members: usernames even with real names on',
            { t: 'd', uids: ['receiver-1', 'u2', 'u3'], members: DM_MEMBERS },
            realNames,
            'carol, rodriq',
        ],
        [
            'DM members sorted by real name, not by username',
            {
                t: 'd',
                uids: ['receiver-1', 'u2', 'u3', 'u4'],
                members: [
                    { id: 'u2', username: 'amy', name: 'Zoe' },
                    { id: 'receiver-1', username: 'alice', name: 'Alice A' },
                    { id: 'u3', username: 'zed', name: 'Anna' },
                    { id: 'u4', username: 'émile', name: '' },
                ],
            },
            plain,
            'zed, émile, amy',
        ],
        ['DM without members', { t: 'd', uids: ['receiver-1', 'u2', 'u3'] }, plain, ''],
        ['livechat', { t: 'l', name: 'Visitor' }, plain, undefined],
    ])('%s', (_case, room, settings, expected) => {
        expect(roomNameFor(room, receiver, settings)).toBe(expected);
    });

    it('gives "#" for a group room without a name', () => {
        expect(buildPushNotification(input({ room: { t: 'p', prid: 'parent' } })).title).toBe('#');
    });
});

describe('replyAllowed', () => {
    it.each<[string, PushRoomFacts, string | null | undefined, boolean]>([
        ['no username', { t: 'c' }, undefined, false],
        ['empty username', { t: 'c' }, '', false],
        ['read-only', { t: 'c', ro: true }, 'alice', false],
        ['not read-only', { t: 'c', ro: false }, 'alice', true],
        ['no muted list', { t: 'c' }, 'alice', true],
        ['null muted list', { t: 'c', muted: null }, 'alice', true],
        ['muted', { t: 'c', muted: ['bob', 'alice'] }, 'alice', false],
        ['others muted', { t: 'c', muted: ['bob'] }, 'alice', true],
    ])('%s', (_case, room, username, expected) => {
        expect(replyAllowed(room, username)).toBe(expected);
    });
});
