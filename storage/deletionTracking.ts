/**
 * The persistence side of deletion tracking (docs/chat.syncThreadMessages.md, "What the app stores"): moves the records
 * that lib/tracking/ decides about, in app persistence shared by every Rocket.Chat instance. Reads and removals
 * by association are subset matches; updates by association need the exact array in the same order, so associations
 * are only ever built here, always in one order.
 *
 * Per sync: two reads (the thread's records, the coverage records) and at most one write, plus removals when
 * compacting. Per reply event: one upsert.
 */
import type { IPersistence, IPersistenceRead, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

import type { MessageDoc } from '../lib/sync';
import type {
    Coverage,
    LedgerRecord,
    PurgeCutoffRecord,
    RuntimeStartRecord,
    ThreadLedger,
    ThreadObservation,
} from '../lib/tracking';
import { LEDGER_KIND, LEGACY_KINDS, observeThread, readCoverage, readLedger, supersededStarts } from '../lib/tracking';
import { randomKey } from './keys';
import { ensureRuntimeStartRecorded, runtimeStartedAt } from './runtimeStart';

const PREFIX = 'push-sync';
const misc = (id: string) => new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `${PREFIX}:${id}`);
const threadOf = (tmid: string) => misc(`thread:${tmid}`);
const LEDGER = misc(LEDGER_KIND);
const recordOf = (key: string) => misc(`record:${key}`);
/** Runtime starts and the purge cutoff: read together, once per sync. */
const COVERAGE = misc('coverage');
const RUNTIME_START = misc('runtime-start');
const PURGE_CUTOFF = misc('purge-cutoff');
/** Version 0.1.0: `${PREFIX}:known-reply` / `removal` / `tracking` next to the thread, and one global purge record. */
const legacyKindOf = (kind: (typeof LEGACY_KINDS)[number]) => misc(kind);
const LEGACY_PURGE = misc('purge');

function ledgerAssociations(record: Pick<LedgerRecord, 'tmid' | 'key'>): RocketChatAssociationRecord[] {
    return [threadOf(record.tmid), LEDGER, recordOf(record.key)];
}

export type LedgerWrite = Pick<ThreadObservation, 'record' | 'consumedKeys' | 'dropLegacy'>;

/** A complete thread snapshot: every reply of `getThreadById`, tombstones and hidden copies included. */
export type Snapshot = readonly MessageDoc[];

export class DeletionTracking {
    static of(read: IRead, persistence?: IPersistence): DeletionTracking {
        return new DeletionTracking(read.getPersistenceReader(), persistence);
    }

    constructor(
        private readonly reader: IPersistenceRead,
        private readonly writer?: IPersistence,
    ) {}

    private get persistence(): IPersistence {
        if (!this.writer) {
            throw new Error('DeletionTracking: this accessor is read-only');
        }
        return this.writer;
    }

    /** A thread's ledger, 0.1.0 records included, in one read. */
    async loadThread(tmid: string): Promise<ThreadLedger> {
        return readLedger(tmid, (await this.reader.readByAssociations([threadOf(tmid)])) ?? []);
    }

    /** Runtime starts and purge cutoff, in one read; `localStart` is this runtime's start (maybe not stored yet). */
    async loadCoverage(localStart?: Date): Promise<Coverage> {
        const { latestStart, purgedBefore } = readCoverage((await this.reader.readByAssociation(COVERAGE)) ?? []);
        const start = Math.max(latestStart ?? -Infinity, localStart?.getTime() ?? -Infinity);
        return {
            ...(Number.isFinite(start) ? { latestStart: start } : {}),
            ...(purgedBefore !== undefined ? { purgedBefore } : {}),
        };
    }

    /**
     * A sync's observation of a thread: the ledger and coverage are read, and only then is the snapshot taken, so a
     * reply another writer stores meanwhile is in the snapshot, never missing from it while known to the ledger (it
     * would look deleted). The decision (lib/tracking) is then written. This runtime's start is stored on the way.
     */
    async observe(tmid: string, takeSnapshot: () => Promise<Snapshot>): Promise<ThreadObservation & { replies: Snapshot }> {
        const [ledger, coverage, _startStored] = await Promise.all([
            this.loadThread(tmid),
            this.loadCoverage(runtimeStartedAt()),
            ensureRuntimeStartRecorded(this),
        ]);
        const replies = await takeSnapshot();
        const observation = observeThread(ledger, replies, new Date(), coverage, randomKey());
        await this.commit(tmid, observation);
        return { ...observation, replies };
    }

    /**
     * Writes the record first, then removes what it merged: a reader in between sees duplicates, which the union
     * absorbs, never a gap.
     */
    async commit(tmid: string, write: LedgerWrite): Promise<void> {
        if (write.record) {
            await this.persistence.createWithAssociations(write.record, ledgerAssociations(write.record));
        }
        await Promise.all(
            write.consumedKeys.map((key) => this.persistence.removeByAssociations(ledgerAssociations({ tmid, key }))),
        );
        if (write.dropLegacy) {
            await Promise.all(
                LEGACY_KINDS.map((kind) => this.persistence.removeByAssociations([threadOf(tmid), legacyKindOf(kind)])),
            );
        }
    }

    /** An event's record, keyed by the reply: upserted, so a repeated event rewrites it. */
    async recordEvent(record: LedgerRecord): Promise<void> {
        await this.persistence.updateByAssociations(ledgerAssociations(record), record, true);
    }

    /** Stores a start of the runtime, then drops the starts it supersedes. */
    async recordRuntimeStart(startedAt: Date, key: string): Promise<void> {
        const record: RuntimeStartRecord = { kind: 'runtime-start', key, startedAt: startedAt.toISOString() };
        await this.persistence.updateByAssociations([COVERAGE, RUNTIME_START, recordOf(key)], record, true);
        const { starts } = readCoverage((await this.reader.readByAssociation(RUNTIME_START)) ?? []);
        await Promise.all(
            supersededStarts(starts).map((old) =>
                this.persistence.removeByAssociations([COVERAGE, RUNTIME_START, recordOf(old)]),
            ),
        );
    }

    /** Only ever moves forward: a later, longer retention does not bring purged records back. */
    async savePurgeCutoff(cutoff: Date): Promise<void> {
        const { purgedBefore } = await this.loadCoverage();
        const applied = Math.max(purgedBefore ?? -Infinity, cutoff.getTime());
        const record: PurgeCutoffRecord = { kind: 'purge-cutoff', cutoff: new Date(applied).toISOString() };
        await this.persistence.updateByAssociations([COVERAGE, PURGE_CUTOFF], record, true);
    }

    /** Every thread with deletion-tracking records, 0.1.0 ones included (for the daily purge and migration). */
    async trackedThreadIds(): Promise<string[]> {
        const reads = await Promise.all(
            [LEDGER, ...LEGACY_KINDS.map(legacyKindOf)].map((kind) => this.reader.readByAssociation(kind)),
        );
        const ids = reads.flatMap((records) => records ?? []).map((record) => (record as { tmid?: unknown }).tmid);
        return [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
    }

    /** The 0.1.0 purge record: its cutoff predates the update, whose runtime start supersedes it. */
    async dropLegacyPurgeRecord(): Promise<void> {
        await this.persistence.removeByAssociation(LEGACY_PURGE);
    }
}
