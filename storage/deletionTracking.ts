/**
 * The persistence side of deletion tracking (docs/chat.syncThreadMessages.md#what-the-app-stores): moves the records
 * that lib/tracking/ decides about, in app persistence shared by every Rocket.Chat instance. Reads and removals by
 * association are subset matches; updates by association need the exact array in the same order, so associations are
 * only ever built here, always in one order.
 *
 * Per sync: two reads (the thread's records, the coverage records); a nothing-new sync writes nothing, except once a
 * day a small marker. Per reply event: one small read (the thread's markers), and one upsert for a tracked thread only.
 */
import type { IPersistence, IPersistenceRead, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

import type { Coverage, PurgeCutoffRecord, RuntimeStartRecord } from '../lib/tracking/coverage';
import { purgeCutoff, readCoverage, supersededStarts } from '../lib/tracking/coverage';
import type { SyncPlan } from '../lib/tracking/decisions';
import { currentEpoch, dueData, epochOf, observeThread, readThread, startEpoch } from '../lib/tracking/decisions';
import type { FormatRecord } from '../lib/tracking/legacy';
import { FORMAT_VERSION, isCurrentFormat, LEGACY_ASSOCIATIONS } from '../lib/tracking/legacy';
import type { DueData, LedgerEntry, MarkerData, ShardData } from '../lib/tracking/records';
import { bucketOf, dayOf, eventData, isDue } from '../lib/tracking/records';
import type { MessageDoc } from '../lib/sync';
import { randomKey } from './keys';

/** A complete thread snapshot: every reply of `getThreadById`, tombstones and hidden copies included. */
export type Snapshot = readonly MessageDoc[];

const PREFIX = 'push-sync';
const misc = (id: string) => new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `${PREFIX}:${id}`);
const threadOf = (tmid: string) => misc(`thread:${tmid}`);
const marksOf = (tmid: string) => misc(`mark:${tmid}`);
const epochAssoc = (tmid: string, e: string) => misc(`epoch:${tmid}:${e}`);
const slotOf = (tmid: string, e: string, n: number) => misc(`slot:${tmid}:${e}:${n}`);
const eventsOf = (tmid: string, e: string) => misc(`events:${tmid}:${e}`);
const recordOf = (key: string) => misc(`record:${key}`);
const dueBucket = (day: number, bucket: number) => misc(`due:${day}:${bucket}`);
const dueItem = (due: DueData) => misc(`due-of:${due.t}:${due.e}:${due.w}:${due.d}`);
/** Runtime starts and the purge cutoff: read together, once per sync. */
const COVERAGE = misc('coverage');
const RUNTIME_START = misc('runtime-start');
const PURGE_CUTOFF = misc('purge-cutoff');
const FORMAT = misc('format');
const PURGE_PROGRESS = misc('purge-progress');

const shardAssociations = (shard: ShardData) => [
    threadOf(shard.tmid),
    epochAssoc(shard.tmid, shard.e),
    slotOf(shard.tmid, shard.e, shard.n),
    recordOf(shard.key),
];
const markerAssociations = (marker: MarkerData) => [
    threadOf(marker.tmid),
    marksOf(marker.tmid),
    epochAssoc(marker.tmid, marker.e),
    recordOf(marker.key),
];
const dueAssociations = (due: DueData) => [dueBucket(due.d, bucketOf(due.t)), dueItem(due)];

/** What one read of a thread returned, and the coverage, read before its snapshot. */
export interface LoadedThread {
    readonly records: readonly unknown[];
    readonly coverage: Coverage;
}

export interface ObserveOptions {
    readonly retentionDays: number;
    /** This runtime's start (maybe not stored yet). */
    readonly localStart?: Date;
    /** The time (tests move it across days). */
    readonly clock?: () => Date;
}

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

    /** A thread's records (every epoch, events included) and the coverage, in two parallel reads. */
    async load(tmid: string, localStart?: Date): Promise<LoadedThread> {
        const [records, coverage] = await Promise.all([
            this.reader.readByAssociations([threadOf(tmid)]),
            this.loadCoverage(localStart),
        ]);
        return { records: records ?? [], coverage };
    }

    /**
     * One sync's observation of a thread: ledger and coverage first, then `takeSnapshot` (ledger before snapshot, by
     * construction), then the writes. An untracked (or expired) thread gets a new epoch whose marker is written
     * BEFORE the snapshot, so reply events are recorded from then on.
     */
    async observe(
        tmid: string,
        takeSnapshot: () => Promise<Snapshot>,
        options: ObserveOptions,
    ): Promise<SyncPlan & { replies: Snapshot }> {
        const { records, coverage } = await this.load(tmid, options.localStart);
        const clock = options.clock ?? (() => new Date());
        const now = clock();
        let ledger = readThread(tmid, records, dayOf(purgeCutoff(now, options.retentionDays).getTime()));
        if (!ledger.current) {
            const marker = startEpoch(tmid, now, randomKey(), randomKey());
            await Promise.all([this.createMarker(marker), this.upsertDue(dueData(tmid, marker.e, 's', marker.d))]);
            ledger = { tmid, current: epochOf(marker), slots: new Map(), events: [] };
        }
        const replies = await takeSnapshot();
        const plan = observeThread(ledger, replies, clock(), coverage, randomKey);
        await this.commit(tmid, plan);
        return { ...plan, replies };
    }

    /** New records first, then exactly the records they merged: a reader in between sees both, never a gap. */
    private async commit(tmid: string, plan: SyncPlan): Promise<void> {
        await Promise.all([
            ...plan.shards.map((shard) => this.persistence.createWithAssociations(shard, shardAssociations(shard))),
            ...(plan.marker ? [this.createMarker(plan.marker)] : []),
            ...plan.due.map((due) => this.upsertDue(due)),
        ]);
        await Promise.all([this.removeRecords(tmid, plan.consumedKeys), ...plan.staleDue.map((due) => this.dropDue(due))]);
    }

    /** Exactly the records merged into a newer one, by their own key. */
    private async removeRecords(tmid: string, keys: readonly string[]): Promise<void> {
        await Promise.all(keys.map((key) => this.persistence.removeByAssociations([threadOf(tmid), recordOf(key)])));
    }

    private async createMarker(marker: MarkerData): Promise<void> {
        await this.persistence.createWithAssociations(marker, markerAssociations(marker));
    }

    private async upsertDue(due: DueData): Promise<void> {
        await this.persistence.updateByAssociations(dueAssociations(due), due, true);
    }

    async dropDue(due: DueData): Promise<void> {
        await this.persistence.removeByAssociations([dueItem(due)]);
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
     * A reply event's entry, for a tracked thread only (its newest epoch): keyed by the reply, so a repeated event
     * rewrites it. Returns whether anything was written.
     */
    async recordEvent(entry: LedgerEntry): Promise<boolean> {
        const epoch = currentEpoch(entry.tmid, await this.markersOf(entry.tmid), -Infinity);
        if (!epoch) {
            return false;
        }
        const data = eventData(entry, epoch.e);
        await this.persistence.updateByAssociations(
            [threadOf(entry.tmid), epochAssoc(entry.tmid, epoch.e), eventsOf(entry.tmid, epoch.e), recordOf(data.key)],
            data,
            true,
        );
        return true;
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

    /**
     * The upgrade from 0.1.0/0.2.0 (lib/tracking/legacy.ts): drops all their records once, then stores the flag and
     * the purge's starting day. Returns whether it ran.
     */
    async upgrade(now: Date): Promise<boolean> {
        if (isCurrentFormat((await this.reader.readByAssociation(FORMAT)) ?? [])) {
            return false;
        }
        await Promise.all(LEGACY_ASSOCIATIONS.map((name) => this.persistence.removeByAssociation(misc(name))));
        const since = dayOf(now.getTime());
        const flag: FormatRecord = { kind: 'format', version: FORMAT_VERSION, since };
        await this.persistence.updateByAssociations([FORMAT], flag, true);
        if ((await this.purgeProgress()) === undefined) {
            await this.savePurgeProgress(since - 1);
        }
        return true;
    }

    /** The next day of the purge's day index to process. */
    async purgeProgress(): Promise<number | undefined> {
        const [record] = ((await this.reader.readByAssociation(PURGE_PROGRESS)) ?? []) as Array<{ next?: unknown }>;
        return typeof record?.next === 'number' ? record.next : undefined;
    }

    async savePurgeProgress(next: number): Promise<void> {
        await this.persistence.updateByAssociations([PURGE_PROGRESS], { kind: 'purge-progress', next }, true);
    }

    /** One bucket of one day of the purge's index (≤ 256 KiB: see docs, "What the app stores"). */
    async readDue(day: number, bucket: number): Promise<DueData[]> {
        return ((await this.reader.readByAssociation(dueBucket(day, bucket))) ?? []).filter(isDue);
    }

    async markersOf(tmid: string): Promise<unknown[]> {
        return (await this.reader.readByAssociation(marksOf(tmid))) ?? [];
    }

    /** Versions of one slot of an epoch (one read, ≤ 256 KiB per version). */
    async readSlot(tmid: string, epoch: string, n: number): Promise<unknown[]> {
        return (await this.reader.readByAssociation(slotOf(tmid, epoch, n))) ?? [];
    }

    async replaceSlot(tmid: string, shard: ShardData, consumedKeys: readonly string[]): Promise<void> {
        await this.persistence.createWithAssociations(shard, shardAssociations(shard));
        await this.removeRecords(tmid, consumedKeys);
    }

    /** Drops an epoch: its markers first (a concurrent sync then starts afresh), then slot by slot, then its events. */
    async dropEpoch(tmid: string, epoch: string): Promise<void> {
        await this.persistence.removeByAssociations([marksOf(tmid), epochAssoc(tmid, epoch)]);
        for (let n = 0; ; n++) {
            const removed = await this.persistence.removeByAssociation(slotOf(tmid, epoch, n));
            if (!removed || removed.length === 0) {
                break;
            }
        }
        await this.persistence.removeByAssociation(eventsOf(tmid, epoch));
    }
}
