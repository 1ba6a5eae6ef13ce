/**
 * The `data.notification` object of `push.get` (docs/push.get.md), built from plain data:
 * core's `getPushData` + `getNotificationConfig`, as `PushNotification.getNotificationForMessageId` runs them.
 */
import { withoutUndefined } from '../json';
import type { RestMessage, RestUser } from '../message';
import { shortnameToUnicode } from './emoji';
import { filterMarkdown } from './markdownFilter';
import { replaceMentionsWithNames } from './mentions';
import { notificationId } from './notId';
import type { PushSettings } from './settings';
import { DEFAULT_FAVICON_192_PATH } from './settings';
import { translate } from './translations';

export interface PushRoomMember {
    id: string;
    username: string;
    name?: string | null;
}

/** The raw room fields the notification depends on. */
export interface PushRoomFacts {
    t: string;
    name?: string | null;
    fname?: string | null;
    prid?: string | null;
    federated?: boolean | null;
    ro?: boolean | null;
    muted?: readonly string[] | null;
    uids?: readonly string[] | null;
    /** Group DMs without `name` and `fname` only: the members, which name the DM for the receiver. */
    members?: readonly PushRoomMember[] | null;
}

/** The sender's current names (docs/push.get.md; see `resolveSender`). */
export interface PushSender {
    username?: string | null;
    name?: string | null;
}

export interface PushReceiver {
    id: string;
    username?: string | null;
    language?: string | null;
    /** Unread total over the receiver's subscriptions (docs/push.get.md). */
    badge?: number | null;
}

export interface PushNotificationInput {
    message: RestMessage;
    room: PushRoomFacts;
    sender: PushSender;
    receiver: PushReceiver;
    settings: PushSettings;
}

export interface PushPayload {
    host: string;
    messageId?: string;
    notificationType: 'message';
    rid?: string;
    sender?: RestUser;
    senderName: string;
    type: string;
    name?: string;
    messageType?: string;
    tmid?: string;
    msg?: string;
    content?: unknown;
}

export type ApnCategory = 'MESSAGE' | 'MESSAGE_NOREPLY';

export interface PushNotification {
    from: 'push';
    badge: number;
    sound: 'default';
    priority: 10;
    title: string;
    text: string;
    payload: PushPayload;
    userId?: string;
    notId: number;
    gcm: { style: 'inbox'; image: string };
    apn: { category: ApnCategory };
}

const FALLBACK_LANGUAGE = 'en';

/**
 * `senderRecord` is the sender's user record read by id (`null` when there is none). Livechat visitors
 * are not users: their message keeps the stored `u` (ours; core answers `Message sender not found`). undefined: no
 * sender at all, which push.get answers as core does (`Message sender not found`).
 */
export function resolveSender(
    message: RestMessage,
    room: Pick<PushRoomFacts, 't'>,
    senderRecord: PushSender | null | undefined,
): PushSender | undefined {
    if (senderRecord) {
        return { username: senderRecord.username, name: senderRecord.name };
    }
    if (message.token || room.t === 'l' || room.t === 'v') {
        return { username: message.u?.username, name: message.u?.name };
    }
    return undefined;
}

/** `Site_Url` as core's `Meteor.absoluteUrl()` gives it: with a scheme, and a `/` appended only when it has none. */
export function normalizeHost(siteUrl: string): string {
    const withScheme = /^https?:\/\//i.test(siteUrl) ? siteUrl : `http://${siteUrl}`;
    return withScheme.endsWith('/') ? withScheme : `${withScheme}/`;
}

/** Core's `RocketChatAssets.getURL('Assets_favicon_192')` with `full: true` (app/utils/lib/getURL.ts). */
export function faviconUrl(settings: Pick<PushSettings, 'Site_Url' | 'Assets_favicon_192'>): string {
    const asset = settings.Assets_favicon_192;
    const location = asset?.url || asset?.defaultUrl || DEFAULT_FAVICON_192_PATH;
    if (/^(https?:\/\/|data:)/.test(location)) {
        return location;
    }
    const [path, query] = location.split('?');
    const site = withoutTrailingSlashes(settings.Site_Url.trim());
    return `${site}${withoutTrailingSlashes(`/${withoutLeadingSlashes(path.trim())}`)}${query ? `?${query}` : ''}`;
}

/** Channels and groups (teams and discussions included) always; DMs with more than two members. */
export function isGroupChat(room: Pick<PushRoomFacts, 't' | 'uids'>): boolean {
    if (room.t === 'c' || room.t === 'p') {
        return true;
    }
    return room.t === 'd' && (room.uids?.length ?? 0) > 2;
}

/** Core's room-type `roomName` for the receiver (docs/push.get.md); only asked for group chats. */
export function roomNameFor(
    room: PushRoomFacts,
    receiver: Pick<PushReceiver, 'id'>,
    settings: Pick<PushSettings, 'UI_Use_Real_Name' | 'UI_Allow_room_names_with_special_chars'>,
): string | undefined {
    if (room.t === 'c' || room.t === 'p') {
        if (room.prid || room.federated) {
            return room.fname ?? undefined;
        }
        return (settings.UI_Allow_room_names_with_special_chars ? room.fname || room.name : room.name) ?? undefined;
    }
    if (room.t !== 'd') {
        return undefined;
    }
    if (room.fname || room.name) {
        return (settings.UI_Use_Real_Name && room.fname ? room.fname : room.name) ?? undefined;
    }
    return groupDmName(room.members ?? [], receiver);
}

/**
 * Apps cannot read the receiver's subscription, which names a group DM; rebuild that name as core's createDirectRoom
 * writes it: the other members sorted by `(name || username)` with `localeCompare`, as usernames (even with real names
 * on: group DMs have no `fname`), joined by ", ".
 */
export function groupDmName(members: readonly PushRoomMember[], receiver: Pick<PushReceiver, 'id'>): string {
    return members
        .filter((member) => member.id !== receiver.id)
        .sort((a, b) => (a.name || a.username).localeCompare(b.name || b.username))
        .map((member) => member.username)
        .join(', ');
}

/** iOS offers "reply" unless the receiver is unknown, the room is read-only, or the receiver is muted there. */
export function replyAllowed(room: Pick<PushRoomFacts, 'ro' | 'muted'>, username: string | null | undefined): boolean {
    if (!username || room.ro === true) {
        return false;
    }
    return !room.muted || !room.muted.includes(username);
}

/** The message part of the text for one receiver (docs/push.get.md), before `Push_show_message` applies. */
export function notificationText(
    message: RestMessage,
    settings: Pick<PushSettings, 'UI_Use_Real_Name'>,
    language: string,
): string {
    const firstAttachment = message.attachments?.[0];
    if (!message.msg && firstAttachment?.type === 'file' && Object.prototype.hasOwnProperty.call(firstAttachment, 'image_url')) {
        return translate(firstAttachment.image_type ? 'User_uploaded_image' : 'User_uploaded_file', language);
    }
    if (message.msg && message.t === 'e2e') {
        return translate('Encrypted_message', language);
    }
    const raw = message.msg ?? '';
    // Core quirk: with real names, the mention replacement starts again from the raw text, dropping the emoji step.
    const text =
        settings.UI_Use_Real_Name && Array.isArray(message.mentions) && message.mentions.length > 0
            ? replaceMentionsWithNames(raw, message.mentions)
            : shortnameToUnicode(raw);
    return filterMarkdown(text);
}

export function buildPushNotification({ message, room, sender, receiver, settings }: PushNotificationInput): PushNotification {
    const show = settings.Push_show_username_room;
    const language = receiver.language || settings.Language || FALLBACK_LANGUAGE;
    const username = (show ? (settings.UI_Use_Real_Name && sender.name) || sender.username : '') || '';
    const messageText = settings.Push_show_message
        ? notificationText(message, settings, language)
        : translate('You_have_a_new_message', language);
    const roomName = show && isGroupChat(room) ? `#${roomNameFor(room, receiver, settings) ?? ''}` : '';

    return withoutUndefined<PushNotification>({
        from: 'push',
        badge: receiver.badge ?? 0,
        sound: 'default',
        priority: 10,
        title: roomName || username,
        text: roomName !== '' ? `${username}: ${messageText}` : messageText,
        payload: withoutUndefined<PushPayload>({
            host: normalizeHost(settings.Site_Url),
            messageId: message._id,
            notificationType: 'message',
            rid: message.rid,
            sender: message.u,
            senderName: username,
            type: room.t,
            name: show ? (room.name ?? undefined) : '',
            messageType: message.t,
            tmid: message.tmid,
            ...(message.t === 'e2e' ? { msg: message.msg, content: message.content } : {}),
        }),
        userId: message.u?._id,
        notId: notificationId(settings.uniqueID, message.rid ?? ''),
        gcm: { style: 'inbox', image: faviconUrl(settings) },
        apn: { category: replyAllowed(room, receiver.username) ? 'MESSAGE' : 'MESSAGE_NOREPLY' },
    });
}

function withoutTrailingSlashes(text: string): string {
    let end = text.length;
    while (end > 0 && text[end - 1] === '/') {
        end--;
    }
    return text.slice(0, end);
}

function withoutLeadingSlashes(text: string): string {
    let start = 0;
    while (start < text.length && text[start] === '/') {
        start++;
    }
    return text.slice(start);
}
