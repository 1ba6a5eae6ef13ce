import { parse } from '@rocket.chat/message-parser';

import type { Database } from '../store/Database';
import { randomId } from '../store/ids';
import type { Doc, RawMessage, RawRoom, RawUser } from '../store/types';
import { RestError } from './errors';
import { isMember, userRef } from './rooms';

/** What the host tells installed apps about messages (wired to the Apps Engine listener manager). */
export interface MessageEvents {
    messageSent(message: RawMessage): void;
    messageUpdated(message: RawMessage, editor: RawUser): void;
    /** Fired by chat.delete with the document as it was before deletion, never by bulk deletions. */
    messageDeleted(messageBefore: RawMessage, deleter: RawUser): void;
}

const URL_PATTERN = /https?:\/\/[^\s<>"']+/g;

/** Core parses text into `md` on save and keeps the message without it when the parser gives up. */
function parseMarkdown(msg: string): unknown {
    if (msg === '') {
        return undefined;
    }
    try {
        return parse(msg);
    } catch {
        return undefined;
    }
}

/** mentions/channels/urls as core stores them, derived from the parsed message (`md`). */
function extractReferences(db: Database, md: unknown, msg: string): Pick<RawMessage, 'mentions' | 'channels'> & { urls: Doc[] } {
    const mentions: RawMessage['mentions'] = [];
    const channels: NonNullable<RawMessage['channels']> = [];
    const visit = (node: unknown): void => {
        if (Array.isArray(node)) {
            node.forEach(visit);
            return;
        }
        if (!node || typeof node !== 'object') {
            return;
        }
        const { type, value } = node as { type?: string; value?: unknown };
        const name = (value as { value?: unknown } | undefined)?.value;
        if (type === 'MENTION_USER' && typeof name === 'string' && !mentions.some((m) => m.username === name)) {
            if (name === 'all' || name === 'here') {
                mentions.push({ _id: name, username: name });
            } else {
                const user = db.users.findOne((candidate) => candidate.username === name);
                if (user) mentions.push({ ...userRef(user), type: 'user' });
            }
        } else if (type === 'MENTION_CHANNEL' && typeof name === 'string' && !channels.some((c) => c.name === name)) {
            const room = db.rooms.findOne((candidate) => candidate.name === name);
            if (room) channels.push({ _id: room._id, name });
        }
        Object.values(node).forEach(visit);
    };
    visit(md);
    const urls = [...new Set(msg.match(URL_PATTERN) ?? [])].map((url) => ({ url }));
    return { mentions, channels, urls };
}

export interface SendMessageInput {
    rid: string;
    msg?: string;
    tmid?: string;
    tshow?: boolean;
    t?: string;
    attachments?: Doc[];
    alias?: string;
    emoji?: string;
    avatar?: string;
    e2e?: string;
    content?: Doc;
    _id?: string;
    [key: string]: unknown;
}

const ALLOWED_MESSAGE_FIELDS = [
    'msg',
    'tmid',
    'tshow',
    't',
    'attachments',
    'alias',
    'emoji',
    'avatar',
    'e2e',
    'content',
    'customFields',
    'blocks',
];

export function sendMessage(db: Database, events: MessageEvents, sender: RawUser, input: SendMessageInput): RawMessage {
    const room = db.rooms.findOneById(input.rid);
    if (!room) {
        throw RestError.meteor('error-invalid-room', 'Invalid room');
    }
    if (!isMember(db, room._id, sender._id) && !(room.t === 'c' && sender.roles.includes('admin'))) {
        throw RestError.meteor('error-not-allowed', 'Not allowed');
    }
    if (room.ro && !sender.roles.includes('admin')) {
        throw RestError.meteor('error-not-allowed', "You can't send messages because the room is readonly.");
    }
    if (room.muted?.includes(sender.username)) {
        throw RestError.meteor('error-not-allowed', 'You have been muted and cannot speak in this room');
    }
    let root: RawMessage | undefined;
    if (input.tmid !== undefined) {
        if (!db.settingValue<boolean>('Threads_enabled')) {
            throw RestError.meteor('error-not-allowed', 'not-allowed');
        }
        root = db.messages.findOneById(input.tmid);
        if (!root || root.rid !== room._id) {
            throw RestError.meteor('error-invalid-message', 'Invalid thread');
        }
    }
    const now = new Date();
    const msg = typeof input.msg === 'string' ? input.msg : '';
    const message: RawMessage = {
        _id: input._id ?? randomId(),
        rid: room._id,
        msg,
        ts: now,
        u: userRef(sender),
        _updatedAt: now,
    };
    for (const field of ALLOWED_MESSAGE_FIELDS) {
        if (input[field] !== undefined && field !== 'msg') {
            message[field] = input[field];
        }
    }
    if (message.t !== 'e2e') {
        const md = parseMarkdown(msg);
        if (md !== undefined) {
            message.md = md;
        }
        Object.assign(message, extractReferences(db, md, msg));
    }
    db.messages.insert(message);

    if (root) {
        const replies = root.replies ?? [];
        db.messages.replace({
            ...root,
            tcount: (root.tcount ?? 0) + 1,
            tlm: now,
            replies: replies.includes(sender._id) ? replies : [...replies, sender._id],
            _updatedAt: now,
        });
    }
    db.rooms.replace({ ...room, msgs: room.msgs + 1, lastMessage: message, lm: now, _updatedAt: now });
    incrementUnread(db, room, message, sender);
    events.messageSent(message);
    return message;
}

/**
 * Unread counters as core's notifyUsersOnMessage moves them with default settings: DMs count every message
 * (`Unread_Count_DM` all_messages); channels and groups only mentions of the user or @all/@here
 * (`Unread_Count` user_and_group_mentions_only); thread replies not shown in the room count nothing.
 */
function incrementUnread(db: Database, room: RawRoom, message: RawMessage, sender: RawUser): void {
    if (message.tmid && !message.tshow) {
        return;
    }
    const mentioned = new Set((message.mentions ?? []).map((mention) => mention._id));
    const groupMention = mentioned.has('all') || mentioned.has('here');
    for (const subscription of db.subscriptions.findBy('rid', room._id, (sub) => sub.u._id !== sender._id)) {
        const userMentioned = mentioned.has(subscription.u._id);
        if (room.t !== 'd' && !userMentioned && !groupMention) {
            continue;
        }
        db.subscriptions.replace({
            ...subscription,
            unread: subscription.unread + 1,
            userMentions: subscription.userMentions + (userMentioned ? 1 : 0),
            groupMentions: subscription.groupMentions + (groupMention && !userMentioned ? 1 : 0),
            alert: true,
            open: true,
            _updatedAt: new Date(),
        });
    }
}

function requireMessage(db: Database, id: unknown): RawMessage {
    const message = typeof id === 'string' ? db.messages.findOneById(id) : undefined;
    if (!message) {
        throw RestError.meteor('error-invalid-message', 'No message found with the id of "' + String(id) + '".');
    }
    return message;
}

/** chat.update / chat.delete: the message must be in the given room and the caller its author or an admin. */
function requireModifiableMessage(
    db: Database,
    user: RawUser,
    input: { roomId?: unknown; msgId?: unknown },
    deniedReason: string,
): RawMessage {
    const message = requireMessage(db, input.msgId);
    if (message.rid !== input.roomId) {
        throw RestError.meteor('error-invalid-message', 'The room id provided does not match where the message is from.');
    }
    if (message.u._id !== user._id && !user.roles.includes('admin')) {
        throw RestError.meteor('error-action-not-allowed', deniedReason);
    }
    return message;
}

/** Core's history copy: a hidden clone with a new id pointing at the original through `parent`. */
function saveHistoryCopy(db: Database, original: RawMessage, editor: RawUser, now: Date): void {
    db.messages.insert({
        ...original,
        _id: randomId(),
        _hidden: true,
        parent: original._id,
        editedAt: now,
        editedBy: { _id: editor._id, username: editor.username },
        _updatedAt: now,
    });
}

export function updateMessage(
    db: Database,
    events: MessageEvents,
    editor: RawUser,
    input: { roomId?: unknown; msgId?: unknown; text?: unknown },
) {
    const message = requireModifiableMessage(db, editor, input, 'Editing messages is not allowed');
    const now = new Date();
    if (db.settingValue<boolean>('Message_KeepHistory')) {
        saveHistoryCopy(db, message, editor, now);
    }
    const text = typeof input.text === 'string' ? input.text : '';
    const md = parseMarkdown(text);
    const { md: _previous, ...rest } = message;
    const updated: RawMessage = {
        ...rest,
        msg: text,
        ...(md === undefined ? {} : { md }),
        ...extractReferences(db, md, text),
        editedAt: now,
        editedBy: { _id: editor._id, username: editor.username },
        _updatedAt: now,
    };
    db.messages.replace(updated);
    events.messageUpdated(updated, editor);
    return updated;
}

/**
 * core deleteMessage(): a thread root with replies always keeps history and shows the deleted status;
 * otherwise Message_KeepHistory / Message_ShowDeletedStatus decide between a history copy plus tombstone,
 * a hidden message, a tombstone, or the trash (docs/architecture.md#host-facts-a-maintainer-needs). Apps hear of it through IPostMessageDeleted.
 */
export function deleteMessage(db: Database, events: MessageEvents, user: RawUser, input: { roomId?: unknown; msgId?: unknown }) {
    const message = requireModifiableMessage(db, user, input, 'Not allowed');
    const now = new Date();
    const isThreadRoot = (message.tcount ?? 0) > 0;
    const keepHistory = db.settingValue<boolean>('Message_KeepHistory') || isThreadRoot;
    const showDeletedStatus = db.settingValue<boolean>('Message_ShowDeletedStatus') || isThreadRoot;

    if (message.tmid) {
        const root = db.messages.findOneById(message.tmid);
        if (root) {
            db.messages.replace({ ...root, tcount: Math.max(0, (root.tcount ?? 1) - 1), _updatedAt: now });
        }
    }
    if (keepHistory) {
        if (showDeletedStatus) {
            saveHistoryCopy(db, message, user, now);
        } else {
            db.messages.replace({ ...message, _hidden: true, _updatedAt: now });
        }
    } else if (!showDeletedStatus) {
        db.moveMessageToTrash(message._id, now);
    }
    if (showDeletedStatus) {
        // core's setAsDeletedByIdAndUser also unsets the parsed text, the blocks and the "also in the room" flag.
        const { md: _md, blocks: _blocks, tshow: _tshow, ...current } = db.messages.findOneById(message._id)!;
        db.messages.replace({
            ...current,
            msg: '',
            t: 'rm',
            urls: [],
            mentions: [],
            attachments: [],
            reactions: {},
            editedAt: now,
            editedBy: { _id: user._id, username: user.username },
            _updatedAt: now,
        });
    }
    // Every deletion takes one off the room's count; the last message is recomputed only when it was this one.
    const room = db.rooms.findOneById(message.rid);
    if (room) {
        if ((room.lastMessage as RawMessage | undefined)?._id === message._id || !room.lastMessage) {
            resetLastMessage(db, room, 1, now);
        } else {
            db.rooms.replace({ ...room, msgs: Math.max(0, room.msgs - 1), _updatedAt: now });
        }
    }
    events.messageDeleted(message, user);
    return { _id: message._id, ts: now.getTime(), message: { _id: message._id, rid: message.rid, u: message.u } };
}

export interface CleanHistoryInput {
    roomId: string;
    latest: Date;
    oldest: Date;
    inclusive?: boolean;
    /** At most this many messages (0: no limit). */
    limit?: number;
    excludePinned?: boolean;
    ignoreDiscussion?: boolean;
    filesOnly?: boolean;
    ignoreThreads?: boolean;
    users?: string[];
}

/** Core's English `File_removed_by_prune`, in italics, as cleanRoomHistory writes it. */
const FILE_REMOVED_BY_PRUNE = '_File removed by prune_';

/** Core's query for a prune: field presence, not truthiness, decides (`tcount: 0` is still a thread root). */
function prunable(input: CleanHistoryInput): (message: RawMessage) => boolean {
    const inRange = (ts: Date) =>
        input.inclusive ? ts >= input.oldest && ts <= input.latest : ts > input.oldest && ts < input.latest;
    const users = input.users ?? [];
    return (message) =>
        message.rid === input.roomId &&
        inRange(message.ts) &&
        !(input.excludePinned && message.pinned === true) &&
        !(input.ignoreDiscussion && message.drid !== undefined) &&
        !(input.ignoreThreads && (message.tmid !== undefined || message.tcount !== undefined)) &&
        !(users.length > 0 && !users.includes(message.u.username));
}

/** The newest message a user wrote that is still visible: what a room shows as its last message after a deletion. */
function lastVisibleUserMessage(db: Database, roomId: string): RawMessage | undefined {
    return db.messages
        .findBy('rid', roomId, (message) => !message._hidden && message.t === undefined)
        .reduce<RawMessage | undefined>((latest, message) => (!latest || message.ts > latest.ts ? message : latest), undefined);
}

/** core's Rooms.resetLastMessageById: the room's last visible user message (none: no field) and `msgs` down by `removed`. */
function resetLastMessage(db: Database, room: RawRoom, removed: number, now: Date): void {
    const { lastMessage: _previous, ...rest } = room;
    const lastMessage = lastVisibleUserMessage(db, room._id);
    db.rooms.replace({
        ...rest,
        ...(lastMessage ? { lastMessage } : {}),
        msgs: Math.max(0, room.msgs - removed),
        _updatedAt: now,
    });
}

/**
 * core cleanRoomHistory (rooms.cleanHistory, prune): with `filesOnly` the matching messages with a file keep their text
 * and lose the file; otherwise up to `limit` matching messages go straight into the trash and the room's counter and
 * last message follow. No app event is fired (packages/workspace/README.md).
 */
export function cleanHistory(db: Database, input: CleanHistoryInput): number {
    const now = new Date();
    const matches = prunable(input);
    const limited = (messages: RawMessage[]) => (input.limit ? messages.slice(0, input.limit) : messages);
    if (input.filesOnly) {
        const withFiles = limited(
            db.messages.findBy(
                'rid',
                input.roomId,
                (message) => matches(message) && (message.file as Doc | undefined)?._id !== undefined,
            ),
        );
        for (const message of withFiles) {
            const { file: _file, ...rest } = message;
            db.messages.replace({ ...rest, attachments: [{ color: '#FD745E', text: FILE_REMOVED_BY_PRUNE }], _updatedAt: now });
        }
        return withFiles.length;
    }
    const victims = limited(db.messages.findBy('rid', input.roomId, matches));
    for (const message of victims) {
        db.moveMessageToTrash(message._id, now);
    }
    const room = db.rooms.findOneById(input.roomId);
    if (room && victims.length > 0) {
        resetLastMessage(db, room, victims.length, now);
    }
    return victims.length;
}

export function markRead(db: Database, user: RawUser, rid: string): void {
    const subscription = db.subscriptions.findOneBy('rid', rid, (sub) => sub.u._id === user._id);
    if (!subscription) {
        throw RestError.meteor('error-invalid-subscription', 'Invalid subscription');
    }
    const now = new Date();
    db.subscriptions.replace({
        ...subscription,
        unread: 0,
        userMentions: 0,
        groupMentions: 0,
        alert: false,
        ls: now,
        _updatedAt: now,
    });
}

/** Subscriptions.getBadgeCount: the sum of `unread` over the user's subscriptions that are not archived. */
export function badgeCount(db: Database, userId: string): number {
    return db.subscriptions.findBy('userId', userId, (sub) => !sub.archived).reduce((sum, sub) => sum + (sub.unread ?? 0), 0);
}
