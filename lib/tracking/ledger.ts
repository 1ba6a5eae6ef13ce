/**
 * A thread's ledger as read (docs/chat.syncThreadMessages.md, "How removals are tracked"): the replies the app knows
 * (identification only, never content), the replies it knows were hard-deleted, and the times a sync observed the whole
 * thread. It is spread over append-only records merged on read (a union), because app persistence has no
 * transactions: a writer only ever adds a record, and compaction writes the union of the records it read BEFORE
 * removing exactly those records, so no concurrent writer can lose an entry. decisions.ts decides what to write.
 */
import { timeOf } from '../sync';
import { legacyEntry } from './legacy';
import type { RemovedReply, ReplyIdentity, ThreadLedger } from './records';
import { cleanIdentity, cleanRemoved, isLedgerRecord } from './records';

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
