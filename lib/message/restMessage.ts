/**
 * The REST message object (docs/push.get.md#datamessage): the raw Rocket.Chat message document, rebuilt from the
 * message object the Apps Engine hands the app (docs/architecture.md#host-facts-a-maintainer-needs).
 *
 * - A `null` in a typed field is the host pipe's "undefined" (docs/architecture.md, the pipe): the key is omitted.
 * - Values of the `_unmappedProperties_` bag come from the stored document and are kept, `null` included.
 * - Dates become ISO strings, at every depth, so the object is plain JSON.
 * - Keys are defined as own properties, so a stored `__proto__` key stays data and pollutes nothing.
 */
import { ownProperties, plainCopy } from '../json';

export interface RestUser {
    _id: string;
    username?: string;
    name?: string;
}

export interface RestMention {
    _id?: string;
    username?: string;
    name?: string;
    type?: string;
}

export type RestAttachment = { [key: string]: unknown } & {
    type?: string;
    image_url?: unknown;
    image_type?: unknown;
};

/** Only the fields the app reads are typed; every other stored field is there too. */
export type RestMessage = { [key: string]: unknown } & {
    _id?: string;
    rid?: string;
    msg?: string;
    ts?: string;
    u?: RestUser;
    _updatedAt?: string;
    tmid?: string;
    t?: string;
    mentions?: RestMention[];
    attachments?: RestAttachment[];
    content?: unknown;
    token?: string;
};

type Nullable<T> = T | null | undefined;
type DateLike = Date | string;
type Bag = { [key: string]: unknown };

interface AppUserLike {
    id?: Nullable<string>;
    username?: Nullable<string>;
    name?: Nullable<string>;
}

/** An app `IMessageAttachment` after the host converter (its own bag included). */
export interface AppAttachmentLike {
    collapsed?: Nullable<boolean>;
    color?: Nullable<string>;
    text?: Nullable<string>;
    timestamp?: Nullable<DateLike>;
    timestampLink?: Nullable<string>;
    thumbnailUrl?: Nullable<string>;
    author?: Nullable<{ name?: Nullable<string>; link?: Nullable<string>; icon?: Nullable<string> }>;
    title?: Nullable<{ value?: Nullable<string>; link?: Nullable<string>; displayDownloadLink?: Nullable<boolean> }>;
    imageDimensions?: unknown;
    imagePreview?: unknown;
    imageUrl?: Nullable<string>;
    imageType?: unknown;
    imageSize?: unknown;
    audioUrl?: Nullable<string>;
    audioType?: unknown;
    audioSize?: unknown;
    videoUrl?: Nullable<string>;
    videoType?: unknown;
    videoSize?: unknown;
    fields?: unknown;
    actionButtonsAlignment?: unknown;
    actions?: unknown;
    type?: Nullable<string>;
    description?: Nullable<string>;
    _unmappedProperties_?: Nullable<Bag>;
}

/** An app `IMessage` as it crosses the pipe (plain data, `null` for undefined); engine `IMessage`s fit. */
export interface AppMessageLike {
    id?: Nullable<string>;
    room?: Nullable<{ id?: Nullable<string> }>;
    sender?: Nullable<AppUserLike>;
    text?: Nullable<string>;
    createdAt?: Nullable<DateLike>;
    updatedAt?: Nullable<DateLike>;
    editedAt?: Nullable<DateLike>;
    editor?: Nullable<AppUserLike>;
    threadId?: Nullable<string>;
    type?: Nullable<string>;
    avatarUrl?: Nullable<string>;
    alias?: Nullable<string>;
    emoji?: Nullable<string>;
    groupable?: Nullable<boolean>;
    parseUrls?: Nullable<boolean>;
    customFields?: unknown;
    blocks?: unknown;
    token?: Nullable<string>;
    reactions?: unknown;
    file?: unknown;
    attachments?: Nullable<readonly AppAttachmentLike[]>;
    _unmappedProperties_?: Nullable<Bag>;
}

const CANONICAL_KEY_ORDER = [
    '_id',
    'rid',
    'msg',
    'ts',
    'u',
    '_updatedAt',
    'tmid',
    't',
    'md',
    'mentions',
    'channels',
    'urls',
    'attachments',
    'editedAt',
    'editedBy',
];

/** An attachment without `ts` gets `new Date(undefined)` from the host, which the pipe delivers as the epoch. */
const INVALID_DATE_ARTEFACT = '1970-01-01T00:00:00.000Z';

/** A message from `IMessageRead.getById` (full conversion): typed fields win over the bag. */
export function toRestMessage(message: AppMessageLike): RestMessage {
    return rebuild(message, false);
}

/**
 * An item of `IThreadRead.getThreadById`: the host leaves the stored `rid`, `u`, `editedBy` and `t` in the bag, and
 * those stored values win (the typed `sender` is the user's current record, not the `u` stored on the message).
 */
export function toRestThreadMessage(message: AppMessageLike): RestMessage {
    return rebuild(message, true);
}

/** Fields collected in order; a typed value of `null`/`undefined` is the pipe's "absent" and is left out. */
function typedFields(): { fields: Map<string, unknown>; setTyped: (key: string, value: unknown) => void } {
    const fields = new Map<string, unknown>();
    const setTyped = (key: string, value: unknown) => {
        if (value !== null && value !== undefined) {
            fields.set(key, value);
        }
    };
    return { fields, setTyped };
}

function rebuild(message: AppMessageLike, storedValuesWin: boolean): RestMessage {
    const { fields, setTyped } = typedFields();

    setTyped('_id', message.id);
    setTyped('rid', message.room?.id);
    setTyped('msg', message.text);
    setTyped('ts', isoDate(message.createdAt));
    setTyped('u', message.sender ? restUser(message.sender, true) : undefined);
    setTyped('_updatedAt', isoDate(message.updatedAt));
    setTyped('tmid', message.threadId);
    setTyped('t', message.type);
    setTyped('attachments', Array.isArray(message.attachments) ? message.attachments.map(toRestAttachment) : undefined);
    setTyped('editedAt', isoDate(message.editedAt));
    setTyped('editedBy', message.editor ? restUser(message.editor, false) : undefined);
    setTyped('emoji', message.emoji);
    setTyped('avatar', message.avatarUrl);
    setTyped('alias', message.alias);
    setTyped('customFields', plainCopy(message.customFields));
    setTyped('groupable', message.groupable);
    setTyped('reactions', plainCopy(message.reactions));
    setTyped('parseUrls', message.parseUrls);
    setTyped('blocks', plainCopy(message.blocks));
    setTyped('token', message.token);
    setTyped('file', plainCopy(message.file));

    for (const [key, value] of Object.entries(message._unmappedProperties_ ?? {})) {
        if (storedValuesWin || !fields.has(key)) {
            fields.set(key, plainCopy(value));
        }
    }
    return inKeyOrder(fields) as RestMessage;
}

function toRestAttachment(attachment: AppAttachmentLike): RestAttachment {
    const { fields, setTyped } = typedFields();
    const timestamp = isoDate(attachment.timestamp);

    setTyped('collapsed', attachment.collapsed);
    setTyped('color', attachment.color);
    setTyped('text', attachment.text);
    setTyped('ts', timestamp === INVALID_DATE_ARTEFACT ? undefined : timestamp);
    setTyped('message_link', attachment.timestampLink);
    setTyped('thumb_url', attachment.thumbnailUrl);
    setTyped('author_name', attachment.author?.name);
    setTyped('author_link', attachment.author?.link);
    setTyped('author_icon', attachment.author?.icon);
    setTyped('title', attachment.title?.value);
    setTyped('title_link', attachment.title?.link);
    setTyped('title_link_download', attachment.title?.displayDownloadLink);
    setTyped('image_dimensions', plainCopy(attachment.imageDimensions));
    setTyped('image_preview', attachment.imagePreview);
    setTyped('image_url', attachment.imageUrl);
    setTyped('image_type', attachment.imageType);
    setTyped('image_size', attachment.imageSize);
    setTyped('audio_url', attachment.audioUrl);
    setTyped('audio_type', attachment.audioType);
    setTyped('audio_size', attachment.audioSize);
    setTyped('video_url', attachment.videoUrl);
    setTyped('video_type', attachment.videoType);
    setTyped('video_size', attachment.videoSize);
    setTyped('fields', plainCopy(attachment.fields));
    setTyped('button_alignment', attachment.actionButtonsAlignment);
    setTyped('actions', plainCopy(attachment.actions));
    setTyped('type', attachment.type);
    setTyped('description', attachment.description);
    // The host's `fileId` is derived (the stored one, if any, is also in the bag), like `files` on the message.

    for (const [key, value] of Object.entries(attachment._unmappedProperties_ ?? {})) {
        fields.set(key, plainCopy(value));
    }
    return ownProperties(fields) as RestAttachment;
}

function restUser(user: AppUserLike, withName: boolean): RestUser | undefined {
    if (typeof user.id !== 'string') {
        return undefined;
    }
    const rebuilt: RestUser = { _id: user.id };
    if (typeof user.username === 'string') {
        rebuilt.username = user.username;
    }
    if (withName && typeof user.name === 'string') {
        rebuilt.name = user.name;
    }
    return rebuilt;
}

/** A Date or a date string as an ISO string; anything else (or an invalid date) is absent. */
function isoDate(value: unknown): string | undefined {
    const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
    return date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}

function inKeyOrder(fields: Map<string, unknown>): { [key: string]: unknown } {
    const ordered = new Map<string, unknown>();
    for (const key of CANONICAL_KEY_ORDER) {
        if (fields.has(key)) {
            ordered.set(key, fields.get(key));
        }
    }
    for (const [key, value] of fields) {
        if (!ordered.has(key)) {
            ordered.set(key, value);
        }
    }
    return ownProperties(ordered);
}
