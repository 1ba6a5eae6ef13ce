import type { Database } from '../store/Database';
import type { Doc, RawMessage } from '../store/types';
import { transformMappedData } from './mappedData';
import { convertRoom } from './rooms';
import { convertUserById, convertUserToApp } from './users';

/** Core's attachment conversion; fields it does not name stay in each attachment's own bag. */
function convertAttachment(attachment: Doc): Doc {
    return transformMappedData(attachment, {
        collapsed: 'collapsed',
        color: 'color',
        text: 'text',
        // A missing `ts` becomes an Invalid Date on the host, which the pipe turns into 1970-01-01 (host.md §2.2).
        timestamp: (a) => {
            const value = new Date(a.ts as string);
            delete a.ts;
            return value;
        },
        timestampLink: 'message_link',
        thumbnailUrl: 'thumb_url',
        author: (a) => {
            const { author_name: name, author_link: link, author_icon: icon } = a;
            delete a.author_name;
            delete a.author_link;
            delete a.author_icon;
            return name === undefined && link === undefined && icon === undefined ? undefined : { name, link, icon };
        },
        title: (a) => {
            const { title: value, title_link: link, title_link_download: displayDownloadLink } = a;
            delete a.title;
            delete a.title_link;
            delete a.title_link_download;
            return value === undefined && link === undefined ? undefined : { value, link, displayDownloadLink };
        },
        imageUrl: 'image_url',
        imageType: 'image_type',
        imageSize: 'image_size',
        imageDimensions: 'image_dimensions',
        imagePreview: 'image_preview',
        audioUrl: 'audio_url',
        audioType: 'audio_type',
        audioSize: 'audio_size',
        videoUrl: 'video_url',
        videoType: 'video_type',
        videoSize: 'video_size',
        fields: 'fields',
        actionButtonsAlignment: 'button_alignment',
        actions: 'actions',
        type: 'type',
        description: 'description',
        fileId: (a) => {
            const fileId = (a as { fileId?: string }).fileId;
            delete a.fileId;
            return fileId;
        },
    });
}

function convertSender(db: Database, u: RawMessage['u'] | undefined) {
    if (!u?._id) {
        return undefined;
    }
    const user = db.users.findOneById(u._id);
    // Livechat visitors are not users: core converts the stored `u` itself.
    return user ? convertUserToApp(user) : convertUserToApp(u);
}

const SHARED_FIELDS = {
    id: '_id',
    threadId: 'tmid',
    reactions: 'reactions',
    parseUrls: 'parseUrls',
    text: 'msg',
    createdAt: 'ts',
    updatedAt: '_updatedAt',
    editedAt: 'editedAt',
    emoji: 'emoji',
    avatarUrl: 'avatar',
    alias: 'alias',
    file: 'file',
    customFields: 'customFields',
    groupable: 'groupable',
    token: 'token',
    blocks: 'blocks',
} as const;

/** Core's convertMessage, used by IMessageRead.getById and message events (host.md §2.2). */
export function convertMessage(db: Database, raw: RawMessage | undefined): { [key: string]: unknown } | undefined {
    if (!raw) {
        return undefined;
    }
    return transformMappedData(raw, {
        ...SHARED_FIELDS,
        room: (message) => {
            const room = convertRoom(db, db.rooms.findOneById(message.rid));
            delete (message as Partial<RawMessage>).rid;
            return room;
        },
        editor: (message) => {
            const editedBy = message.editedBy;
            delete message.editedBy;
            return convertUserById(db, editedBy?._id);
        },
        attachments: (message) => {
            const attachments = message.attachments;
            delete message.attachments;
            return attachments?.map(convertAttachment);
        },
        sender: (message) => {
            const sender = convertSender(db, message.u);
            delete (message as Partial<RawMessage>).u;
            return sender;
        },
        type: (message) => {
            const type = message.t;
            delete message.t;
            return type;
        },
    });
}

/**
 * Core's threads converter (host.md §2.4): the root, then every message with `_id` = root or `tmid` = root in
 * natural order (so the root appears twice), no filter for hidden copies or tombstones. Its map has no `type`
 * entry and does not delete `rid`, `u` or `editedBy`, so those stay in the bag.
 */
export function convertThread(db: Database, threadId: string): Array<{ [key: string]: unknown }> {
    const root = db.messages.findOneById(threadId);
    if (!root) {
        return [];
    }
    const room = convertRoom(db, db.rooms.findOneById(root.rid));
    if (!room) {
        return [];
    }
    // Indexed: the root and its replies in natural order, as a scan for `_id` = root or `tmid` = root returns them.
    const items = [root, ...db.messages.inNaturalOrder([...new Set([root, ...db.messages.findBy('tmid', threadId)])])];
    // One map for the whole thread: built per message, it cost more than the conversion itself on long threads.
    const map: Parameters<typeof transformMappedData<RawMessage>>[1] = {
        ...SHARED_FIELDS,
        room: () => room,
        editor: (message) => {
            if (!message.editedAt || !message.editedBy) {
                return undefined;
            }
            return convertUserById(db, message.editedBy._id);
        },
        attachments: (message) => {
            const attachments = message.attachments;
            delete message.attachments;
            return attachments?.map(convertAttachment);
        },
        sender: (message) => convertSender(db, message.u),
    };
    return items.map((raw) => transformMappedData(raw, map));
}
