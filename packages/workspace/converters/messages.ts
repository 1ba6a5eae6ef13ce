import type { Database } from '../store/Database';
import type { Doc, RawMessage } from '../store/types';
import { transformMappedData } from './mappedData';
import { convertRoom } from './rooms';
import { convertUserById, convertUserToApp } from './users';

type AttachmentMap = Parameters<typeof transformMappedData<Doc>>[1];

/** The attachment fields both of core's converters rename one to one. */
const ATTACHMENT_FIELDS = {
    collapsed: 'collapsed',
    color: 'color',
    text: 'text',
    timestampLink: 'message_link',
    thumbnailUrl: 'thumb_url',
    imageDimensions: 'image_dimensions',
    imagePreview: 'image_preview',
    imageUrl: 'image_url',
    imageType: 'image_type',
    imageSize: 'image_size',
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
} as const;

/** Moves several raw fields into one object, deleting them from the bag, as core's `author` and `title` entries do. */
function takeFields(a: Doc, fields: { [target: string]: string }): Doc {
    const taken: Doc = {};
    for (const [target, source] of Object.entries(fields)) {
        taken[target] = a[source];
        delete a[source];
    }
    return taken;
}

const takeAuthor = (a: Doc) => takeFields(a, { name: 'author_name', link: 'author_link', icon: 'author_icon' });

/** Both converters always build `title`, even from nothing. */
const takeTitle = (a: Doc) => takeFields(a, { value: 'title', link: 'title_link', displayDownloadLink: 'title_link_download' });

/**
 * Core's messages converter: `author` always; `timestamp` always, so a missing `ts` becomes an Invalid Date, which the
 * pipe turns into 1970-01-01 (packages/workspace/README.md); `fileId` is copied (and stays in the bag too). Core's fallback to the
 * message's `file` for a lone file attachment tests `type`, which the `type` entry has already taken: it never applies,
 * and neither does it here, for the same reason.
 */
function messageAttachmentMap(attachments: Doc[], mainFile: Doc | undefined): AttachmentMap {
    return {
        ...ATTACHMENT_FIELDS,
        author: takeAuthor,
        title: takeTitle,
        timestamp: (a) => {
            const value = new Date(a.ts as string);
            delete a.ts;
            return value;
        },
        fileId: (a) => {
            if (!a.fileId && a.type === 'file' && mainFile?._id && attachments.length === 1) {
                return mainFile._id;
            }
            return a.fileId;
        },
    };
}

/** Core's threads converter: `author` only when the attachment has an `author_name`, `timestamp` only with a `ts`, no `fileId` entry. */
const THREAD_ATTACHMENT_MAP: AttachmentMap = {
    ...ATTACHMENT_FIELDS,
    author: (a) => ('author_name' in a ? takeAuthor(a) : undefined),
    title: takeTitle,
    timestamp: (a) => {
        const value = a.ts ? new Date(a.ts as string) : undefined;
        delete a.ts;
        return value;
    },
};

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

/** Core's convertMessage, used by IMessageRead.getById and message events (docs/architecture.md#host-facts-a-maintainer-needs). */
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
            if (!attachments) {
                return undefined;
            }
            const map = messageAttachmentMap(attachments, raw.file as Doc | undefined);
            return attachments.map((attachment) => transformMappedData(attachment, map));
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
 * Core's threads converter (docs/architecture.md#host-facts-a-maintainer-needs): the root, then every message with `_id` = root or `tmid` = root in
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
            return attachments?.map((attachment) => transformMappedData(attachment, THREAD_ATTACHMENT_MAP));
        },
        sender: (message) => convertSender(db, message.u),
    };
    return items.map((raw) => transformMappedData(raw, map));
}
