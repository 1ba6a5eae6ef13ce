import type { AppMessageLike } from '../../../lib/message/restMessage';
import { toRestMessage, toRestThreadMessage } from '../../../lib/message/restMessage';

const CREATED = new Date('2024-05-01T10:00:00.000Z');
const UPDATED = new Date('2024-05-01T10:05:00.000Z');
const EDITED = new Date('2024-05-01T10:04:00.000Z');

/** A message as `IMessageRead.getById` delivers it through the pipe (docs/architecture.md#host-facts-a-maintainer-needs). */
function fullMessage(): AppMessageLike {
    return {
        id: 'm1',
        room: { id: 'GENERAL' },
        sender: { id: 'u1', username: 'rodriq', name: 'Rodriq' },
        text: 'see :smile: @bob',
        createdAt: CREATED,
        updatedAt: UPDATED,
        editedAt: EDITED,
        editor: { id: 'u1', username: 'rodriq', name: 'Rodriq' },
        threadId: 'root-1',
        type: null,
        avatarUrl: 'https://example.com/a.png',
        alias: 'Bot alias',
        emoji: ':robot:',
        groupable: false,
        parseUrls: true,
        customFields: { ticket: 42 },
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }],
        token: null,
        reactions: { ':+1:': { usernames: ['bob'] } },
        file: { _id: 'f1', name: 'a.png', type: 'image/png' },
        attachments: [
            {
                collapsed: false,
                color: '#ff0000',
                text: 'quoted',
                timestamp: new Date('2024-04-30T08:00:00.000Z'),
                timestampLink: 'https://chat/g?msg=q1',
                thumbnailUrl: 'https://chat/thumb.png',
                author: { name: 'carol', link: 'https://chat/direct/carol', icon: '/avatar/carol' },
                title: { value: 'a.png', link: '/file-upload/f1/a.png', displayDownloadLink: true },
                imageDimensions: { width: 10, height: 20 },
                imagePreview: 'base64preview',
                imageUrl: '/file-upload/f1/a.png',
                imageType: 'image/png',
                imageSize: 1234,
                audioUrl: null,
                videoUrl: null,
                fields: [{ short: true, title: 'k', value: 'v' }],
                actionButtonsAlignment: 'horizontal',
                actions: [{ type: 'button', text: 'Go' }],
                type: 'file',
                description: 'a picture',
                _unmappedProperties_: {
                    fileId: 'f1',
                    attachments: [{ text: 'nested', ts: new Date('2024-01-01T00:00:00.000Z') }],
                },
            },
        ],
        _unmappedProperties_: {
            md: [{ type: 'PARAGRAPH', value: [{ type: 'PLAIN_TEXT', value: 'see' }] }],
            mentions: [{ _id: 'u2', username: 'bob', name: 'Bob', type: 'user' }],
            channels: [],
            urls: [],
            files: [{ _id: 'f1', name: 'a.png', type: 'image/png' }],
            tcount: 3,
            tlm: new Date('2024-05-02T00:00:00.000Z'),
            replies: ['u2'],
            pinned: false,
            starred: null,
            e2e: 'pending',
        },
    };
}

describe('toRestMessage (getById, the REST message shape)', () => {
    it('rebuilds the full raw document', () => {
        expect(toRestMessage(fullMessage())).toEqual({
            _id: 'm1',
            rid: 'GENERAL',
            msg: 'see :smile: @bob',
            ts: '2024-05-01T10:00:00.000Z',
            u: { _id: 'u1', username: 'rodriq', name: 'Rodriq' },
            _updatedAt: '2024-05-01T10:05:00.000Z',
            tmid: 'root-1',
            md: [{ type: 'PARAGRAPH', value: [{ type: 'PLAIN_TEXT', value: 'see' }] }],
            mentions: [{ _id: 'u2', username: 'bob', name: 'Bob', type: 'user' }],
            channels: [],
            urls: [],
            attachments: [
                {
                    collapsed: false,
                    color: '#ff0000',
                    text: 'quoted',
                    ts: '2024-04-30T08:00:00.000Z',
                    message_link: 'https://chat/g?msg=q1',
                    thumb_url: 'https://chat/thumb.png',
                    author_name: 'carol',
                    author_link: 'https://chat/direct/carol',
                    author_icon: '/avatar/carol',
                    title: 'a.png',
                    title_link: '/file-upload/f1/a.png',
                    title_link_download: true,
                    image_dimensions: { width: 10, height: 20 },
                    image_preview: 'base64preview',
                    image_url: '/file-upload/f1/a.png',
                    image_type: 'image/png',
                    image_size: 1234,
                    fields: [{ short: true, title: 'k', value: 'v' }],
                    button_alignment: 'horizontal',
                    actions: [{ type: 'button', text: 'Go' }],
                    type: 'file',
                    description: 'a picture',
                    fileId: 'f1',
                    attachments: [{ text: 'nested', ts: '2024-01-01T00:00:00.000Z' }],
                },
            ],
            editedAt: '2024-05-01T10:04:00.000Z',
            editedBy: { _id: 'u1', username: 'rodriq' },
            emoji: ':robot:',
            avatar: 'https://example.com/a.png',
            alias: 'Bot alias',
            customFields: { ticket: 42 },
            groupable: false,
            reactions: { ':+1:': { usernames: ['bob'] } },
            parseUrls: true,
            blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }],
            file: { _id: 'f1', name: 'a.png', type: 'image/png' },
            files: [{ _id: 'f1', name: 'a.png', type: 'image/png' }],
            tcount: 3,
            tlm: '2024-05-02T00:00:00.000Z',
            replies: ['u2'],
            pinned: false,
            starred: null,
            e2e: 'pending',
        });
    });

    it('puts the canonical keys first, in order', () => {
        expect(Object.keys(toRestMessage(fullMessage())).slice(0, 15)).toEqual([
            '_id',
            'rid',
            'msg',
            'ts',
            'u',
            '_updatedAt',
            'tmid',
            'md',
            'mentions',
            'channels',
            'urls',
            'attachments',
            'editedAt',
            'editedBy',
            'emoji',
        ]);
    });

    it('has no id key and no null for absent typed fields', () => {
        const rebuilt = toRestMessage({
            id: 'm2',
            room: { id: 'r' },
            sender: { id: 'u1', username: 'rodriq', name: null },
            text: 'hi',
            createdAt: CREATED,
            updatedAt: UPDATED,
            editedAt: null,
            editor: null,
            threadId: null,
            type: null,
            avatarUrl: null,
            alias: null,
            emoji: null,
            groupable: null,
            parseUrls: null,
            customFields: null,
            blocks: null,
            token: null,
            reactions: null,
            file: null,
            attachments: null,
            _unmappedProperties_: null,
        });
        expect(rebuilt).toEqual({
            _id: 'm2',
            rid: 'r',
            msg: 'hi',
            ts: '2024-05-01T10:00:00.000Z',
            u: { _id: 'u1', username: 'rodriq' },
            _updatedAt: '2024-05-01T10:05:00.000Z',
        });
        expect(Object.keys(rebuilt)).toEqual(['_id', 'rid', 'msg', 'ts', 'u', '_updatedAt']);
    });

    it('accepts ISO strings for dates and drops invalid ones', () => {
        const rebuilt = toRestMessage({
            id: 'm3',
            room: { id: 'r' },
            createdAt: '2024-05-01T10:00:00Z',
            updatedAt: new Date(Number.NaN),
            editedAt: 'not a date',
        });
        expect(rebuilt).toEqual({ _id: 'm3', rid: 'r', ts: '2024-05-01T10:00:00.000Z' });
    });

    it('keeps system types, visitor tokens and livechat senders', () => {
        const rebuilt = toRestMessage({
            id: 'm4',
            room: { id: 'L1' },
            sender: { id: 'v1', username: 'guest-12', name: 'Visitor' },
            text: 'hello',
            type: 'livechat-started',
            token: 'visitor-token',
        });
        expect(rebuilt).toEqual({
            _id: 'm4',
            rid: 'L1',
            msg: 'hello',
            u: { _id: 'v1', username: 'guest-12', name: 'Visitor' },
            t: 'livechat-started',
            token: 'visitor-token',
        });
    });

    it('omits an attachment ts that is the Invalid-Date artefact, as Date or as string', () => {
        const rebuilt = toRestMessage({
            id: 'm5',
            room: { id: 'r' },
            attachments: [
                { text: 'a', timestamp: new Date('1970-01-01T00:00:00.000Z'), author: { name: null, link: null, icon: null } },
                {
                    text: 'b',
                    timestamp: '1970-01-01T00:00:00.000Z',
                    title: { value: null, link: null, displayDownloadLink: null },
                },
                { text: 'c', timestamp: '2020-01-01T00:00:00.000Z' },
            ],
        });
        expect(rebuilt.attachments).toEqual([{ text: 'a' }, { text: 'b' }, { text: 'c', ts: '2020-01-01T00:00:00.000Z' }]);
    });

    it('lets typed fields win over a bag key of the same name', () => {
        const rebuilt = toRestMessage({
            id: 'm6',
            room: { id: 'r' },
            text: 'typed',
            _unmappedProperties_: { msg: 'stored', extra: 1 },
        });
        expect(rebuilt).toEqual({ _id: 'm6', rid: 'r', msg: 'typed', extra: 1 });
    });

    it('keeps a bag __proto__ key as data without polluting any prototype', () => {
        const bag = JSON.parse('{"__proto__": {"polluted": true}, "nested": {"__proto__": {"deep": true}}}') as Record<
            string,
            unknown
        >;
        const rebuilt = toRestMessage({ id: 'm7', room: { id: 'r' }, _unmappedProperties_: bag });

        expect(Object.getPrototypeOf(rebuilt)).toBe(Object.prototype);
        expect(Object.prototype.hasOwnProperty.call(rebuilt, '__proto__')).toBe(true);
        expect(Object.getOwnPropertyDescriptor(rebuilt, '__proto__')?.value).toEqual({ polluted: true });
        expect((rebuilt as { polluted?: unknown }).polluted).toBeUndefined();
        const nested = rebuilt.nested as object;
        expect(Object.getPrototypeOf(nested)).toBe(Object.prototype);
        expect(Object.getOwnPropertyDescriptor(nested, '__proto__')?.value).toEqual({ deep: true });
        expect(({} as { polluted?: unknown; deep?: unknown }).polluted).toBeUndefined();
        expect(({} as { deep?: unknown }).deep).toBeUndefined();
    });

    it('copies the bag instead of sharing it', () => {
        const message = fullMessage();
        const rebuilt = toRestMessage(message);
        (rebuilt.mentions as unknown[]).push('x');
        expect((message._unmappedProperties_?.mentions as unknown[]).length).toBe(1);
    });
});

describe('toRestThreadMessage (getThreadById items, docs/architecture.md#host-facts-a-maintainer-needs)', () => {
    /** Thread items: no `type` mapping; the stored rid, u, editedBy and t stay in the bag. */
    function threadItem(): AppMessageLike {
        return {
            id: 'reply-1',
            room: { id: 'GENERAL' },
            sender: { id: 'u1', username: 'rodriq', name: 'Rodriq Renamed' },
            text: 'a reply',
            createdAt: CREATED,
            updatedAt: UPDATED,
            editedAt: EDITED,
            editor: { id: 'u1', username: 'rodriq', name: 'Rodriq Renamed' },
            threadId: 'root-1',
            attachments: null,
            _unmappedProperties_: {
                rid: 'GENERAL',
                u: { _id: 'u1', username: 'rodriq', name: 'Rodriq' },
                editedBy: { _id: 'u1', username: 'rodriq' },
                t: 'rm',
                _hidden: true,
                parent: 'orig-1',
                tshow: null,
            },
        };
    }

    it('takes the stored rid, u, editedBy and t from the bag', () => {
        expect(toRestThreadMessage(threadItem())).toEqual({
            _id: 'reply-1',
            rid: 'GENERAL',
            msg: 'a reply',
            ts: '2024-05-01T10:00:00.000Z',
            u: { _id: 'u1', username: 'rodriq', name: 'Rodriq' },
            _updatedAt: '2024-05-01T10:05:00.000Z',
            tmid: 'root-1',
            t: 'rm',
            editedAt: '2024-05-01T10:04:00.000Z',
            editedBy: { _id: 'u1', username: 'rodriq' },
            _hidden: true,
            parent: 'orig-1',
            tshow: null,
        });
    });

    it('keeps the canonical order when the stored values come from the bag', () => {
        expect(Object.keys(toRestThreadMessage(threadItem()))).toEqual([
            '_id',
            'rid',
            'msg',
            'ts',
            'u',
            '_updatedAt',
            'tmid',
            't',
            'editedAt',
            'editedBy',
            '_hidden',
            'parent',
            'tshow',
        ]);
    });

    it('falls back to the typed sender when the bag has no u', () => {
        const item = threadItem();
        item._unmappedProperties_ = { rid: 'GENERAL' };
        expect(toRestThreadMessage(item).u).toEqual({ _id: 'u1', username: 'rodriq', name: 'Rodriq Renamed' });
    });

    it('keeps a stored null (it is real data)', () => {
        const item = threadItem();
        item._unmappedProperties_ = { ...item._unmappedProperties_, editedBy: null };
        expect(toRestThreadMessage(item)).toHaveProperty('editedBy', null);
    });
});
