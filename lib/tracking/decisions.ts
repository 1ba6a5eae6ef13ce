/**
 * Every decision of deletion tracking, pure (docs/chat.syncThreadMessages.md, "How removals are tracked"): what a
 * snapshot or an event adds, what `remove` and `trackingSince` say, what a purge drops. storage/deletionTracking.ts
 * only moves the records.
 */
import type { MessageDoc } from '../sync';
import { timeOf } from '../sync';
import type { Coverage } from './coverage';
import type { LedgerRecord, RemovedReply, ReplyIdentity, ThreadLedger } from './records';
import { identityOf, ledgerRecord } from './records';

/** Above this many records a thread's ledger is compacted into one by the next sync (bounds the read). */
export const COMPACT_AFTER_RECORDS = 64;

const DAY_MS = 24 * 60 * 60 * 1000;

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
