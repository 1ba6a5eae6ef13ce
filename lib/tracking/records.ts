/**
 * The records of deletion tracking (docs/chat.syncThreadMessages.md, "What the app stores"): what the app keeps of a
 * reply, and the shape of a ledger record. Reading is defensive: records written by another version, foreign or
 * malformed data yield only the identification fields, or nothing.
 */
import type { JsonObject } from '../json';
import { isPlainObject } from '../json';
import { timeOf } from '../sync';

/** What the app keeps of a reply (docs/chat.syncThreadMessages.md): ids, room, thread, send time, sender — no text, no attachments. */
export interface ReplyIdentity {
    readonly _id: string;
    readonly rid: string;
    readonly tmid: string;
    /** ISO send time. */
    readonly ts?: string;
    readonly u?: { readonly _id: string; readonly username?: string };
    /** ISO `_updatedAt` when the app first learned of the reply. */
    readonly _updatedAt?: string;
}

export interface RemovedReply extends ReplyIdentity {
    /** ISO time the app learned of the hard deletion: never before it, possibly after. */
    readonly deletedAt: string;
}

export const LEDGER_KIND = 'thread-ledger';

/** One piece of a thread's ledger. */
export interface LedgerRecord {
    readonly kind: typeof LEDGER_KIND;
    readonly tmid: string;
    /** Unique per record; also its last association, so compaction removes exactly the records it merged. */
    readonly key: string;
    /** ISO times at which a sync stored every reply of a complete thread snapshot. */
    readonly observedAt: readonly string[];
    readonly known: readonly ReplyIdentity[];
    readonly removed: readonly RemovedReply[];
}

/** A thread's ledger as read: the union of its records. */
export interface ThreadLedger {
    readonly tmid: string;
    readonly known: ReadonlyMap<string, ReplyIdentity>;
    readonly removed: ReadonlyMap<string, RemovedReply>;
    /** Epoch milliseconds, unsorted. */
    readonly observedAt: readonly number[];
    /** Keys of the version-2 records read. */
    readonly recordKeys: readonly string[];
    /** Records written by version 0.1.0 (per-reply copies with text): migrated on the next write. */
    readonly legacyRecords: number;
}

export function isoOf(value: unknown): string | undefined {
    const time = timeOf(value);
    return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function stringOf(value: unknown): string | undefined {
    return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The identification of a REST-shaped reply (a snapshot item, a 0.1.0 copy); undefined without id or room. */
export function identityOf(doc: JsonObject, tmid: string): ReplyIdentity | undefined {
    const id = stringOf(doc._id);
    const rid = stringOf(doc.rid);
    if (id === undefined || rid === undefined) {
        return undefined;
    }
    const sender = isPlainObject(doc.u) ? doc.u : undefined;
    const senderId = stringOf(sender?._id);
    const username = stringOf(sender?.username);
    const ts = isoOf(doc.ts);
    const updatedAt = isoOf(doc._updatedAt);
    return {
        _id: id,
        rid,
        tmid,
        ...(ts !== undefined ? { ts } : {}),
        ...(senderId !== undefined ? { u: { _id: senderId, ...(username !== undefined ? { username } : {}) } } : {}),
        ...(updatedAt !== undefined ? { _updatedAt: updatedAt } : {}),
    };
}

/** Only the identification fields, whatever a record holds (a record written by a newer or older version). */
export function cleanIdentity(value: unknown, tmid: string): ReplyIdentity | undefined {
    return isPlainObject(value) ? identityOf(value, tmid) : undefined;
}

export function cleanRemoved(value: unknown, tmid: string): RemovedReply | undefined {
    const identity = cleanIdentity(value, tmid);
    const deletedAt = isPlainObject(value) ? isoOf(value.deletedAt) : undefined;
    return identity && deletedAt ? { ...identity, deletedAt } : undefined;
}

export function isLedgerRecord(value: unknown): value is LedgerRecord {
    return (
        isPlainObject(value) &&
        value.kind === LEDGER_KIND &&
        typeof value.tmid === 'string' &&
        typeof value.key === 'string' &&
        Array.isArray(value.known) &&
        Array.isArray(value.removed) &&
        Array.isArray(value.observedAt)
    );
}

export function ledgerRecord(
    tmid: string,
    key: string,
    content: Pick<LedgerRecord, 'observedAt' | 'known' | 'removed'>,
): LedgerRecord {
    return { kind: LEDGER_KIND, tmid, key, ...content };
}
