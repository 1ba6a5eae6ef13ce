/**
 * Deletion tracking's record format (docs/chat.syncThreadMessages.md#what-the-app-stores), pure: what a reply's
 * identification is, and how a shard of a thread's ledger, its marker, its event records and the purge's day index are
 * laid out as JSON. Shards keep per-thread tables (room once, a senders table) and parallel arrays (ids, send-time
 * deltas in ms, sender indexes), so a tracked reply costs about 37 bytes with 17-character ids.
 */
import type { JsonObject } from '../json';
import { isPlainObject } from '../json';
import { timeOf } from '../sync';

/** What the app keeps of a reply: ids, room, thread, send time, sender — no text, no attachments, no `_updatedAt`. */
export interface ReplyIdentity {
    readonly _id: string;
    readonly rid: string;
    readonly tmid: string;
    /** Epoch ms of the send time. */
    readonly ts?: number;
    readonly u?: { readonly _id: string; readonly username?: string };
}

/** A reply as a ledger holds it: `removedAt` is the epoch ms the app learned of its hard deletion (never before it). */
export interface LedgerEntry extends ReplyIdentity {
    readonly removedAt?: number;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Day number (UTC days since the epoch) of an epoch-ms time. */
export function dayOf(time: number): number {
    return Math.floor(time / DAY_MS);
}

/** Byte budget of a shard (UTF-8 JSON of its `data`): a shard is closed when the next reply would pass it. */
export const SHARD_BUDGET = 64 * 1024;
/** No record may be larger (UTF-8 JSON of its `data`). */
export const MAX_RECORD_BYTES = 256 * 1024;

/** UTF-8 length of a string, without Buffer (the app runs in Deno). */
export function utf8Length(text: string): number {
    let bytes = 0;
    for (let index = 0; index < text.length; index++) {
        const code = text.charCodeAt(index);
        if (code < 0x80) {
            bytes += 1;
        } else if (code < 0x800) {
            bytes += 2;
        } else if (code >= 0xd800 && code <= 0xdbff) {
            bytes += 4;
            index += 1;
        } else {
            bytes += 3;
        }
    }
    return bytes;
}

function stringOf(value: unknown): string | undefined {
    return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The identification of a REST-shaped reply (a snapshot item, an event's message); undefined without id or room. */
export function identityOf(doc: JsonObject, tmid: string): ReplyIdentity | undefined {
    const id = stringOf(doc._id);
    const rid = stringOf(doc.rid);
    if (id === undefined || rid === undefined) {
        return undefined;
    }
    const sender = isPlainObject(doc.u) ? doc.u : undefined;
    const senderId = stringOf(sender?._id);
    const username = stringOf(sender?.username);
    const ts = timeOf(doc.ts);
    return {
        _id: id,
        rid,
        tmid,
        ...(Number.isNaN(ts) ? {} : { ts }),
        ...(senderId !== undefined ? { u: { _id: senderId, ...(username !== undefined ? { username } : {}) } } : {}),
    };
}

/** A sender in a shard's table: `[userId]` or `[userId, username]`. */
export type SenderRow = [string] | [string, string];

/**
 * One shard: slot `n` of epoch `e` of a thread's ledger. Entry j is reply `i[j]`, sent at the running sum of `t[0..j]`
 * (null: no send time, the sum unchanged), by sender `s[u[j]]` (-1: none), in room `r` unless `ro` names another;
 * `x` lists `[j, removedAt]` for the replies known to be hard-deleted.
 */
export interface ShardData {
    readonly k: 'shard';
    readonly tmid: string;
    readonly e: string;
    readonly n: number;
    readonly key: string;
    readonly r: string;
    readonly s: SenderRow[];
    readonly i: string[];
    readonly t: Array<number | null>;
    readonly u: number[];
    readonly x: Array<[number, number]>;
    readonly ro?: Array<[number, string]>;
}

/**
 * A thread's marker: the thread is tracked (epoch `e`, started at `c`), last synced on day `d`, and `o` holds the
 * complete observations that still matter for `trackingSince` (at or after the latest runtime start known then).
 */
export interface MarkerData {
    readonly k: 'marker';
    readonly tmid: string;
    readonly e: string;
    readonly c: number;
    readonly d: number;
    readonly o: number[];
    readonly key: string;
}

/** An event's record for one reply of a tracked thread (merged into the shards by the next sync). */
export interface EventData {
    readonly k: 'event';
    readonly tmid: string;
    readonly e: string;
    readonly i: string;
    readonly r: string;
    readonly t?: number;
    readonly s?: SenderRow;
    readonly x?: number;
    readonly key: string;
}

/** The purge's day index: thread `t` (epoch `e`) was last synced (`w: 's'`) or had a removal detected (`'r'`) that day. */
export interface DueData {
    readonly k: 'due';
    readonly t: string;
    readonly e: string;
    readonly w: 's' | 'r';
    readonly d: number;
}

export const isString = (value: unknown): value is string => typeof value === 'string';
export const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

export function isShard(value: unknown): value is ShardData {
    return (
        isPlainObject(value) &&
        value.k === 'shard' &&
        isString(value.tmid) &&
        isString(value.e) &&
        isNumber(value.n) &&
        isString(value.key) &&
        isString(value.r) &&
        Array.isArray(value.s) &&
        Array.isArray(value.i) &&
        Array.isArray(value.t) &&
        Array.isArray(value.u) &&
        Array.isArray(value.x) &&
        value.i.length === value.t.length &&
        value.i.length === value.u.length
    );
}

export function isMarker(value: unknown): value is MarkerData {
    return (
        isPlainObject(value) &&
        value.k === 'marker' &&
        isString(value.tmid) &&
        isString(value.e) &&
        isNumber(value.c) &&
        isNumber(value.d) &&
        Array.isArray(value.o) &&
        isString(value.key)
    );
}

export function isEvent(value: unknown): value is EventData {
    return (
        isPlainObject(value) &&
        value.k === 'event' &&
        isString(value.tmid) &&
        isString(value.e) &&
        isString(value.i) &&
        isString(value.r) &&
        isString(value.key)
    );
}

export function isDue(value: unknown): value is DueData {
    return isPlainObject(value) && value.k === 'due' && isString(value.t) && isString(value.e) && isNumber(value.d);
}

export function senderRow(u: ReplyIdentity['u']): SenderRow | undefined {
    if (!u) {
        return undefined;
    }
    return u.username !== undefined ? [u._id, u.username] : [u._id];
}

export function senderOf(row: unknown): ReplyIdentity['u'] {
    if (!Array.isArray(row) || !isString(row[0])) {
        return undefined;
    }
    return isString(row[1]) ? { _id: row[0], username: row[1] } : { _id: row[0] };
}

/** An event's record for a reply of a tracked thread's epoch; keyed by the reply (`ev:`/`del:`), so repeats rewrite it. */
export function eventData(entry: LedgerEntry, epoch: string): EventData {
    const row = senderRow(entry.u);
    return {
        k: 'event',
        tmid: entry.tmid,
        e: epoch,
        i: entry._id,
        r: entry.rid,
        ...(entry.ts !== undefined ? { t: entry.ts } : {}),
        ...(row ? { s: row } : {}),
        ...(entry.removedAt !== undefined ? { x: entry.removedAt } : {}),
        key: `${entry.removedAt !== undefined ? 'del' : 'ev'}:${epoch}:${entry._id}`,
    };
}

export function eventEntry(event: EventData): LedgerEntry {
    const u = senderOf(event.s);
    return {
        _id: event.i,
        rid: event.r,
        tmid: event.tmid,
        ...(isNumber(event.t) ? { ts: event.t } : {}),
        ...(u ? { u } : {}),
        ...(isNumber(event.x) ? { removedAt: event.x } : {}),
    };
}

/** Buckets of the purge's day index: a day's index is read one bucket at a time. */
export const DUE_BUCKETS = 64;

/** A thread's bucket (a string hash of its id). */
export function bucketOf(tmid: string): number {
    let hash = 0;
    for (let index = 0; index < tmid.length; index++) {
        hash = (hash * 31 + tmid.charCodeAt(index)) >>> 0;
    }
    return hash % DUE_BUCKETS;
}
