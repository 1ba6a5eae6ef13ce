/**
 * Deletion tracking for chat.syncThreadMessages, pure (docs/chat.syncThreadMessages.md, "How removals are tracked").
 *
 * Each thread has a ledger: the replies the app knows (identification only, never content), the replies it knows were
 * hard-deleted, and the times a sync observed the whole thread. The ledger is spread over append-only records that are
 * merged on read (a union), because app persistence has no transactions: a writer only ever adds a record, and
 * compaction writes the union of the records it read BEFORE removing exactly those records, so no concurrent writer
 * can lose an entry. Every decision (what a snapshot or an event adds, what `remove` and `trackingSince` say, what a
 * purge drops) is made here; storage/deletionTracking.ts only moves records.
 */
import type { JsonObject } from '../http/envelope';
import { isPlainObject } from '../sync/query';
import type { MessageDoc } from '../sync/threadSnapshot';
import { timeOf } from '../sync/threadSnapshot';

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

/** Where coverage may have a gap, for every thread. */
export interface Coverage {
    /** Epoch ms of the latest start of the app's runtime on any instance (events were lost before it). */
    readonly latestStart?: number;
    /** Epoch ms of the latest purge cutoff applied (removals detected before it may be gone). */
    readonly purgedBefore?: number;
}

/** Above this many records a thread's ledger is compacted into one by the next sync (bounds the read). */
export const COMPACT_AFTER_RECORDS = 64;

const DAY_MS = 24 * 60 * 60 * 1000;

function isoOf(value: unknown): string | undefined {
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
function cleanIdentity(value: unknown, tmid: string): ReplyIdentity | undefined {
    return isPlainObject(value) ? identityOf(value, tmid) : undefined;
}

function cleanRemoved(value: unknown, tmid: string): RemovedReply | undefined {
    const identity = cleanIdentity(value, tmid);
    const deletedAt = isPlainObject(value) ? isoOf(value.deletedAt) : undefined;
    return identity && deletedAt ? { ...identity, deletedAt } : undefined;
}

function isLedgerRecord(value: unknown): value is LedgerRecord {
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

/** Kinds written by version 0.1.0, each with a text copy of the reply (`copy`). */
export const LEGACY_KINDS = ['known-reply', 'removal', 'tracking'] as const;

function legacyEntry(value: unknown, tmid: string): { known?: ReplyIdentity; removed?: RemovedReply } | undefined {
    if (!isPlainObject(value) || value.tmid !== tmid || !LEGACY_KINDS.includes(value.kind as never)) {
        return undefined;
    }
    if (value.kind === 'tracking') {
        // Its start time predates the update that installed this version, so the update's runtime start supersedes it.
        return {};
    }
    const copy = isPlainObject(value.copy) ? value.copy : {};
    const identity = identityOf({ rid: value.rid, ...copy, _id: value.id } as JsonObject, tmid);
    if (!identity) {
        return {};
    }
    if (value.kind === 'known-reply') {
        return { known: identity };
    }
    const deletedAt = isoOf(value.deletedAt);
    return deletedAt ? { known: identity, removed: { ...identity, deletedAt } } : { known: identity };
}

class LedgerBuilder {
    readonly known = new Map<string, ReplyIdentity>();
    readonly removed = new Map<string, RemovedReply>();
    readonly observedAt: number[] = [];

    addKnown(identity: ReplyIdentity): void {
        if (!this.known.has(identity._id)) {
            this.known.set(identity._id, identity);
        }
    }

    /**
     * Two writers may record the same removal (a sync and the delete event): keep the LATER detection time, so a client
     * whose `updatedSince` fell between the two, and that may not have seen the earlier record yet, still gets it.
     */
    addRemoved(entry: RemovedReply): void {
        const other = this.removed.get(entry._id);
        if (other === undefined || timeOf(entry.deletedAt) > timeOf(other.deletedAt)) {
            this.removed.set(entry._id, entry);
        }
    }
}

/** Merges a thread's records (anything `readByAssociations` returned; foreign and malformed data is ignored). */
export function readLedger(tmid: string, records: readonly unknown[]): ThreadLedger {
    const builder = new LedgerBuilder();
    const recordKeys: string[] = [];
    let legacyRecords = 0;
    for (const record of records) {
        if (isLedgerRecord(record)) {
            if (record.tmid !== tmid) {
                continue;
            }
            recordKeys.push(record.key);
            record.known.forEach((entry) => withDefined(cleanIdentity(entry, tmid), (identity) => builder.addKnown(identity)));
            record.removed.forEach((entry) => withDefined(cleanRemoved(entry, tmid), (removed) => builder.addRemoved(removed)));
            record.observedAt.map(timeOf).forEach((time) => Number.isNaN(time) || builder.observedAt.push(time));
            continue;
        }
        const legacy = legacyEntry(record, tmid);
        if (legacy) {
            legacyRecords += 1;
            withDefined(legacy.known, (identity) => builder.addKnown(identity));
            withDefined(legacy.removed, (removed) => builder.addRemoved(removed));
        }
    }
    return { tmid, known: builder.known, removed: builder.removed, observedAt: builder.observedAt, recordKeys, legacyRecords };
}

function withDefined<T>(value: T | undefined, use: (value: T) => void): void {
    if (value !== undefined) {
        use(value);
    }
}

/** What a sync writes after observing a thread, and what it answers. */
export interface ThreadObservation {
    /** The one record to write; undefined when nothing changed. */
    readonly record?: LedgerRecord;
    /** Records merged into `record`: remove them once it is written (compaction). */
    readonly consumedKeys: readonly string[];
    /** Whether 0.1.0 records were merged into `record` and are to be removed once it is written. */
    readonly dropLegacy: boolean;
    /** Every removal known for the thread, this sync's included. */
    readonly removed: readonly RemovedReply[];
    readonly trackingSince: Date;
}

/** The earliest observation at or after the latest runtime start: from then on every reply was known. */
function firstObservationSinceStart(ledger: ThreadLedger, coverage: Coverage): number | undefined {
    const start = coverage.latestStart ?? -Infinity;
    const times = ledger.observedAt.filter((time) => time >= start);
    return times.length > 0 ? Math.min(...times) : undefined;
}

/**
 * A sync's decision for one thread. `ledger` must be read BEFORE the snapshot was taken (a reply learned by a
 * concurrent writer after the snapshot would otherwise look deleted); `replies` is the COMPLETE snapshot (all replies of
 * `getThreadById`, tombstones and hidden copies included, so "missing" means "hard-deleted"); `observedAt` is taken
 * after the snapshot returned.
 *
 * `trackingSince`: replies created while events were lost (before the latest runtime start) are only known once a
 * snapshot has seen them; one deleted in between would be missed. So completeness holds from the first complete
 * observation after the latest start (this one, if none was stored), and never before the purge cutoff.
 */
export function observeThread(
    ledger: ThreadLedger,
    replies: readonly MessageDoc[],
    observedAt: Date,
    coverage: Coverage,
    newKey: string,
): ThreadObservation {
    const at = observedAt.toISOString();
    const present = new Set<string>();
    const newlyKnown: ReplyIdentity[] = [];
    for (const reply of replies) {
        const identity = identityOf(reply, ledger.tmid);
        if (identity) {
            present.add(identity._id);
            if (!ledger.known.has(identity._id)) {
                newlyKnown.push(identity);
            }
        }
    }
    const vanished = [...ledger.known.values()]
        .filter((identity) => !present.has(identity._id) && !ledger.removed.has(identity._id))
        .map((identity): RemovedReply => ({ ...identity, deletedAt: at }));
    const firstObservation = firstObservationSinceStart(ledger, coverage);
    const observations = firstObservation === undefined ? [at] : [];
    const compact = ledger.recordKeys.length > COMPACT_AFTER_RECORDS || ledger.legacyRecords > 0;
    const changed = newlyKnown.length > 0 || vanished.length > 0 || observations.length > 0;

    let record: LedgerRecord | undefined;
    if (compact) {
        const start = coverage.latestStart ?? -Infinity;
        const kept = ledger.observedAt.filter((time) => time >= start).map((time) => new Date(time).toISOString());
        record = ledgerRecord(ledger.tmid, newKey, {
            observedAt: [...kept, ...observations],
            known: [...ledger.known.values(), ...newlyKnown],
            removed: [...ledger.removed.values(), ...vanished],
        });
    } else if (changed) {
        record = ledgerRecord(ledger.tmid, newKey, { observedAt: observations, known: newlyKnown, removed: vanished });
    }
    const trackedFrom = Math.max(firstObservation ?? observedAt.getTime(), coverage.purgedBefore ?? -Infinity);
    return {
        record,
        consumedKeys: compact ? ledger.recordKeys : [],
        dropLegacy: compact && ledger.legacyRecords > 0,
        removed: [...ledger.removed.values(), ...vanished],
        trackingSince: new Date(trackedFrom),
    };
}

export function ledgerRecord(
    tmid: string,
    key: string,
    content: Pick<LedgerRecord, 'observedAt' | 'known' | 'removed'>,
): LedgerRecord {
    return { kind: LEDGER_KIND, tmid, key, ...content };
}

/**
 * IPostMessageSent / IPostMessageUpdated for a reply: the reply is known from now on. Keyed by the reply, so its edits
 * rewrite the same record instead of adding one each.
 */
export function sentReplyRecord(identity: ReplyIdentity): LedgerRecord {
    return ledgerRecord(identity.tmid, `event:${identity._id}`, { observedAt: [], known: [identity], removed: [] });
}

/** Result of reading the deleted message back by id in the IPostMessageDeleted handler. */
export type ReadBack = 'missing' | 'present' | 'unavailable';

export interface DeletionSettings {
    readonly keepHistory: boolean;
    readonly showDeletedStatus: boolean;
}

/**
 * IPostMessageDeleted for a reply (docs/architecture.md, "Host facts"): gone when read back → hard-deleted → record it; still there →
 * tombstone or hidden copy, reported by `update`. Read unavailable → record only when both deletion settings are off
 * (core then trashes the reply); settings unknown too → leave it to the next sync's reconciliation.
 */
export function deletedReplyRecord(
    identity: ReplyIdentity,
    readBack: ReadBack,
    settings: DeletionSettings | undefined,
    now: Date,
): LedgerRecord | undefined {
    const trashed =
        readBack === 'missing' ||
        (readBack === 'unavailable' && settings !== undefined && !settings.keepHistory && !settings.showDeletedStatus);
    if (!trashed) {
        return undefined;
    }
    return ledgerRecord(identity.tmid, `deleted:${identity._id}`, {
        observedAt: [],
        known: [identity],
        removed: [{ ...identity, deletedAt: now.toISOString() }],
    });
}

/** Items of `remove` (docs/chat.syncThreadMessages.md): identification, then `_deletedAt` and `__collection__`, detected after the date. */
export function removeItems(removed: readonly RemovedReply[], updatedSince: Date): MessageDoc[] {
    return removed
        .filter((entry) => timeOf(entry.deletedAt) > updatedSince.getTime())
        .map((entry) => ({
            _id: entry._id,
            rid: entry.rid,
            tmid: entry.tmid,
            ...(entry.ts !== undefined ? { ts: new Date(entry.ts) } : {}),
            ...(entry.u !== undefined ? { u: { ...entry.u } } : {}),
            _deletedAt: new Date(entry.deletedAt),
            __collection__: 'message',
        }));
}

/** The oldest detection time the purge keeps. */
export function purgeCutoff(now: Date, retentionDays: number): Date {
    return new Date(now.getTime() - retentionDays * DAY_MS);
}

/**
 * The purge of one thread: removals detected before the cutoff are dropped together with their known entry (otherwise
 * the next sync would detect them again). undefined: nothing to drop or migrate.
 */
export function purgeThread(
    ledger: ThreadLedger,
    cutoff: Date,
    newKey: string,
): Pick<ThreadObservation, 'record' | 'consumedKeys' | 'dropLegacy'> | undefined {
    const expired = new Set(
        [...ledger.removed.values()].filter((entry) => timeOf(entry.deletedAt) < cutoff.getTime()).map((entry) => entry._id),
    );
    if (expired.size === 0 && ledger.legacyRecords === 0) {
        return undefined;
    }
    const record = ledgerRecord(ledger.tmid, newKey, {
        observedAt: ledger.observedAt.map((time) => new Date(time).toISOString()),
        known: [...ledger.known.values()].filter((identity) => !expired.has(identity._id)),
        removed: [...ledger.removed.values()].filter((entry) => !expired.has(entry._id)),
    });
    return { record, consumedKeys: ledger.recordKeys, dropLegacy: ledger.legacyRecords > 0 };
}

/** One start of the app's runtime (install, enable, update, respawn), on some instance. */
export interface RuntimeStartRecord {
    readonly kind: 'runtime-start';
    readonly key: string;
    readonly startedAt: string;
}

export interface PurgeCutoffRecord {
    readonly kind: 'purge-cutoff';
    readonly cutoff: string;
}

/** The coverage records as read (one read for all of them). */
export function readCoverage(records: readonly unknown[]): Coverage & { starts: RuntimeStartRecord[] } {
    const starts = records.filter(
        (record): record is RuntimeStartRecord =>
            isPlainObject(record) &&
            record.kind === 'runtime-start' &&
            typeof record.key === 'string' &&
            !Number.isNaN(timeOf(record.startedAt)),
    );
    const cutoffs = records
        .filter((record) => isPlainObject(record) && record.kind === 'purge-cutoff')
        .map((record) => timeOf((record as JsonObject).cutoff))
        .filter((time) => !Number.isNaN(time));
    const startTimes = starts.map((start) => timeOf(start.startedAt));
    return {
        ...(startTimes.length > 0 ? { latestStart: Math.max(...startTimes) } : {}),
        ...(cutoffs.length > 0 ? { purgedBefore: Math.max(...cutoffs) } : {}),
        starts,
    };
}

/** Start records older than the latest one: only the latest matters, and removing older ones never removes it. */
export function supersededStarts(starts: readonly RuntimeStartRecord[]): string[] {
    const latest = Math.max(...starts.map((start) => timeOf(start.startedAt)));
    return starts.filter((start) => timeOf(start.startedAt) < latest).map((start) => start.key);
}
