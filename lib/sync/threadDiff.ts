/**
 * The thread diff of chat.syncThreadMessages, pure (rocketchat-contract.md §4.3–§4.4; host.md §2.4, §6.5).
 *
 * Dates: messages come in REST-shaped as lib/message/restMessage.ts builds them (ISO strings) or with Date objects;
 * `threadReplies` and `removalsSince`, the two entries of the lists, turn the message date fields into Date objects, so
 * `updatedSince`, `query` (`{"$date": …}`) and `sort` compare dates as dates. lib/http/envelope.ts turns them back into
 * ISO strings when the answer is sent; only canonical ISO strings are revived, so that round trip is exact.
 * Persistence records hold JSON-safe copies (ISO strings, no undefined that the pipe would turn into null).
 */
import type { JsonObject } from '../http/envelope';
import { toJsonValue } from '../http/envelope';
import { isPlainObject } from './query';

/** A REST-shaped message (contract §5) whose date fields are Date objects. */
export type MessageDoc = JsonObject;

/** One per reply the app has seen in a thread snapshot. */
export interface KnownReplyRecord {
    readonly kind: 'known-reply';
    readonly tmid: string;
    readonly id: string;
    /** Last-known copy, JSON-safe. */
    readonly copy: JsonObject;
}

/** One per hard-deleted reply (a reply may get two when concurrent syncs detect it; readers de-duplicate). */
export interface RemovalRecord {
    readonly kind: 'removal';
    readonly tmid: string;
    readonly id: string;
    readonly rid: string;
    /** ISO time the app learned of the removal: never before the real deletion. */
    readonly deletedAt: string;
    readonly copy?: JsonObject;
}

/** One per thread: the first time the app saw it, from when on its removals are known. */
export interface TrackingRecord {
    readonly kind: 'tracking';
    readonly tmid: string;
    readonly since: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Date fields of a message (contract §5 and the stored bag); attachments, also nested ones, carry `ts`. */
const MESSAGE_DATE_FIELDS = new Set(['ts', '_updatedAt', 'editedAt', 'tlm', 'dlm', 'pinnedAt', '_deletedAt']);
const CANONICAL_ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function timeOf(value: unknown): number {
    if (value instanceof Date) {
        return value.getTime();
    }
    return typeof value === 'string' ? Date.parse(value) : NaN;
}

/**
 * The replies of `tmid` in a `getThreadById` result, with Date fields: that result repeats the root, is unsorted and
 * holds tombstones and hidden copies (kept, as core returns them). Never the root; one item per `_id`.
 */
export function threadReplies(items: readonly JsonObject[], tmid: string): MessageDoc[] {
    const seen = new Set<string>();
    const replies = items.filter((item) => {
        const id = item._id;
        if (typeof id !== 'string' || id === tmid || item.tmid !== tmid || seen.has(id)) {
            return false;
        }
        seen.add(id);
        return true;
    });
    return replies.map(withDates);
}

/** The `update` list before query/sort/paging: strictly after `updatedSince`, at millisecond precision. */
export function updatedAfter(replies: readonly MessageDoc[], updatedSince: Date): MessageDoc[] {
    return replies.filter((reply) => timeOf(reply._updatedAt) > updatedSince.getTime());
}

function storedCopy(doc: MessageDoc): JsonObject {
    return toJsonValue(doc) as JsonObject;
}

/** Canonical ISO strings in the message date fields become Dates (see the header). */
function withDates(doc: JsonObject): MessageDoc {
    return Object.fromEntries(
        Object.entries(doc).map(([key, value]) => {
            if (MESSAGE_DATE_FIELDS.has(key) && typeof value === 'string' && CANONICAL_ISO_DATE.test(value)) {
                const date = new Date(value);
                return [key, Number.isNaN(date.getTime()) ? value : date];
            }
            if (key === 'attachments' && Array.isArray(value)) {
                return [key, value.map((item) => (isPlainObject(item) ? withDates(item) : item))];
            }
            return [key, value];
        }),
    );
}

export function knownReplyRecord(tmid: string, reply: MessageDoc): KnownReplyRecord {
    return { kind: 'known-reply', tmid, id: String(reply._id), copy: storedCopy(reply) };
}

/** Known-reply records to (re)write after a snapshot: replies not known yet, or changed since their stored copy. */
export function knownRepliesToStore(
    known: readonly KnownReplyRecord[],
    replies: readonly MessageDoc[],
    tmid: string,
): KnownReplyRecord[] {
    const storedTimes = new Map<string, Set<number>>();
    for (const record of known) {
        const times = storedTimes.get(record.id) ?? new Set<number>();
        storedTimes.set(record.id, times.add(timeOf(record.copy._updatedAt)));
    }
    return replies
        .filter((reply) => !storedTimes.get(String(reply._id))?.has(timeOf(reply._updatedAt)))
        .map((reply) => knownReplyRecord(tmid, reply));
}

/**
 * Known replies missing from the current snapshot (`threadReplies` of all of it, not only the updated ones) were
 * hard-deleted: tombstones and hidden copies stay in `getThreadById`, so "vanished" means "in core's trash"
 * (host.md §6.5.3).
 * Read the known records BEFORE taking the snapshot, or a reply first stored by a concurrent sync looks deleted.
 * `staleKnownIds`: known replies no longer in the thread; drop their records once the removals are stored, otherwise a
 * purged removal would be detected again.
 */
export function reconcile(
    known: readonly KnownReplyRecord[],
    currentReplies: readonly MessageDoc[],
    recordedRemovals: readonly RemovalRecord[],
    now: Date,
): { removals: RemovalRecord[]; staleKnownIds: string[] } {
    const current = new Set(currentReplies.map((reply) => reply._id));
    const recorded = new Set(recordedRemovals.map((removal) => removal.id));
    const vanished = new Map<string, KnownReplyRecord>();
    for (const record of known) {
        const other = vanished.get(record.id);
        if (!current.has(record.id) && (other === undefined || timeOf(record.copy._updatedAt) > timeOf(other.copy._updatedAt))) {
            vanished.set(record.id, record);
        }
    }
    const removals = [...vanished.values()]
        .filter((record) => !recorded.has(record.id))
        .map(
            (record): RemovalRecord => ({
                kind: 'removal',
                tmid: record.tmid,
                id: record.id,
                rid: typeof record.copy.rid === 'string' ? record.copy.rid : '',
                deletedAt: now.toISOString(),
                copy: record.copy,
            }),
        );
    return { removals, staleKnownIds: [...vanished.keys()] };
}

/**
 * The `remove` list before query/sort/paging, from one thread's removal records: one item per reply (earliest
 * `deletedAt`, any stored copy), detected strictly after `updatedSince`. Each item is the last-known copy, or
 * `{_id, rid, tmid}`, with `_deletedAt` and `__collection__` as its last two keys.
 */
export function removalsSince(records: readonly RemovalRecord[], updatedSince: Date): MessageDoc[] {
    const earliest = new Map<string, RemovalRecord>();
    for (const record of records) {
        const other = earliest.get(record.id);
        if (other === undefined) {
            earliest.set(record.id, record);
        } else {
            const [first, second] = timeOf(record.deletedAt) < timeOf(other.deletedAt) ? [record, other] : [other, record];
            earliest.set(record.id, { ...first, copy: first.copy ?? second.copy });
        }
    }
    return [...earliest.values()]
        .filter((record) => timeOf(record.deletedAt) > updatedSince.getTime())
        .map((record) => {
            const base = record.copy ? withDates(record.copy) : { _id: record.id, rid: record.rid, tmid: record.tmid };
            const fields = Object.entries(base).filter(([key]) => key !== '_deletedAt' && key !== '__collection__');
            return Object.fromEntries([...fields, ['_deletedAt', new Date(record.deletedAt)], ['__collection__', 'message']]);
        });
}

/** Removal records detected before the purge cutoff (see `purgeCutoff`), for the purge job. */
export function expiredRemovals(records: readonly RemovalRecord[], cutoff: Date): RemovalRecord[] {
    return records.filter((record) => timeOf(record.deletedAt) < cutoff.getTime());
}

export function trackingRecord(tmid: string, now: Date): TrackingRecord {
    return { kind: 'tracking', tmid, since: now.toISOString() };
}

/** The oldest `deletedAt` the purge job keeps: removals detected before it may be gone. */
export function purgeCutoff(now: Date, retentionDays: number): Date {
    return new Date(now.getTime() - retentionDays * DAY_MS);
}

/**
 * Since when this thread's removals are complete: the earliest tracking record (concurrent first syncs may write two),
 * but no earlier than the latest cutoff the purge job has applied. The applied cutoff, not the current retention
 * setting: raising the setting does not bring purged records back. undefined: never tracked.
 */
export function trackingSince(records: readonly TrackingRecord[], purgedBefore: Date | undefined): Date | undefined {
    if (records.length === 0) {
        return undefined;
    }
    const first = Math.min(...records.map((record) => timeOf(record.since)));
    return new Date(Math.max(first, purgedBefore?.getTime() ?? -Infinity));
}

/** Result of reading the deleted message back by id in the IPostMessageDeleted handler. */
export type ReadBack = 'missing' | 'present' | 'unavailable';

export interface DeletionSettings {
    readonly keepHistory: boolean;
    readonly showDeletedStatus: boolean;
}

/**
 * IPostMessageDeleted (host.md §6.5.2): only replies count; gone when read back → hard-deleted → record it; still
 * there → tombstone or hidden copy, reported by `update`. Read unavailable → record only when both deletion settings
 * are off (core then trashes the reply); settings unknown too → leave it to reconciliation.
 */
export function removalForDeletedMessage(
    deleted: MessageDoc,
    readBack: ReadBack,
    settings: DeletionSettings | undefined,
    now: Date,
): RemovalRecord | undefined {
    const { _id: id, tmid, rid } = deleted;
    if (typeof id !== 'string' || typeof tmid !== 'string' || typeof rid !== 'string') {
        return undefined;
    }
    const trashed =
        readBack === 'missing' ||
        (readBack === 'unavailable' && settings !== undefined && !settings.keepHistory && !settings.showDeletedStatus);
    return trashed ? { kind: 'removal', tmid, id, rid, deletedAt: now.toISOString(), copy: storedCopy(deleted) } : undefined;
}
