/**
 * Deletion tracking's storage bounds (issue 18, bench/README.md "Deletion tracking"), measured, never asserted:
 * - bytes per tracked reply and the largest record: a 10,000-reply thread synced through the app (some replies
 *   arriving as events, merged by the next sync), and a 100,000-reply thread from the pure ledger functions;
 * - the purge job's run time and largest read at 2,000 and 20,000 tracked threads of 5 replies, run through the
 *   scheduler as the app registers it.
 */
import { performance } from 'node:perf_hooks';

import type { PersistenceReadUsage, PersistenceRecord, RestClient, Workspace } from '@push-sync/workspace';
import { findUserByUsername, persistenceSizeOf, randomId } from '@push-sync/workspace';
import type { MessageDoc } from '../lib/sync';
import type { DueData, MarkerData } from '../lib/tracking';
import { bucketOf, DAY_MS, dueData, epochOf, MAX_RECORD_BYTES, observeThread, startEpoch } from '../lib/tracking';
import { randomKey } from '../storage/keys';
import { setAppSetting } from './bridgeCalls';
import { seedThread } from './seed';

const EPOCH = '2019-04-01T00:00:00.000Z';
/** The ledger row's thread: seeded directly, then a few replies sent through REST (their events write records). */
export const LEDGER_THREAD = { replies: 10_000, viaEvents: 100, pureReplies: 100_000, spacingMs: 1000 };
/** The purge rows: tracked threads of 5 replies, 2 senders alternating. */
export const PURGE_THREADS = [2_000, 20_000];
const PURGE_REPLIES = 5;
/** Threads synced through the app for each purge row; the rest are copies of their records (replicateThreads). */
const PURGE_SYNCED = 2_000;
/** Retention for the purge rows (days), and how far back their records are moved (their idle days). */
const RETENTION_DAYS = 1;
const AGE_DAYS = 3;
/** Concurrent syncs while seeding the purge rows' ledgers. */
const SEED_CONCURRENCY = 8;
/** A purge backlog still unfinished after this many runs is reported as such. */
const MAX_PURGE_RUNS = 40;

export interface TrackingContext {
    workspace: Workspace;
    admin: RestClient;
    /** Members of `rid`, the two senders (`authors`, in that order). */
    clients: [RestClient, RestClient];
    rid: string;
    authors: [string, string];
    appId: string;
}

interface Size {
    records: number;
    bytes: number;
    largest: number;
}

export interface LedgerResult {
    replies: number;
    /** The thread's records after the first sync and the events (before compaction), and after the next sync. */
    beforeCompaction: Size;
    afterCompaction: Size;
    /** Largest record of the app's whole persistence after the row. */
    appLargest: number;
    /** The same shape from the pure functions (what one first sync writes), at 10,000 and 100,000 replies. */
    pure: Array<Size & { replies: number }>;
}

export interface PurgeResult {
    threads: number;
    /** Threads seeded and synced through the app; the others are copies of their records. */
    synced: number;
    seedMs: number;
    syncMs: number;
    /** Tracked threads (markers) before the first run, and after each run. */
    trackedBefore: number;
    runs: Array<{ ms: number; usage: PersistenceReadUsage; trackedAfter: number }>;
}

export interface TrackingResult {
    ledger: LedgerResult;
    purges: PurgeResult[];
}

function fmt(value: number, digits = 2): string {
    return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

function sizeOfData(data: readonly unknown[]): Size {
    const sizes = data.map(bytesOf);
    return { records: sizes.length, bytes: sizes.reduce((a, b) => a + b, 0), largest: Math.max(0, ...sizes) };
}

/** Whether a record belongs to thread `tmid` (ledger, marker, events, day-index entries). */
const ofThread = (record: PersistenceRecord, tmid: string) =>
    record.associations.some(({ id }) => id === `push-sync:thread:${tmid}` || id.startsWith(`push-sync:due-of:${tmid}:`));

function threadSize(workspace: Workspace, appId: string, tmid: string): Size {
    const records = workspace.db.appsPersistence.findBy('appId', appId, (record) => ofThread(record, tmid));
    const { records: count, jsonBytes, largestRecord } = persistenceSizeOf(records);
    return { records: count, bytes: jsonBytes, largest: largestRecord };
}

async function sync(client: RestClient, appId: string, tmid: string, updates: number): Promise<void> {
    const response = await client.callApp<{ messages?: { update: unknown[] } }>(appId, 'chat.syncThreadMessages', {
        tmid,
        updatedSince: EPOCH,
    });
    if (response.status !== 200 || response.body.messages?.update.length !== updates) {
        throw new Error(
            `sync ${tmid}: ${response.status}, ${response.body.messages?.update.length} updates, expected ${updates}`,
        );
    }
}

/** Seeded replies get send times `spacingMs` apart, ending now (seeding alone writes them within milliseconds). */
function spreadReplies(workspace: Workspace, tmid: string, spacingMs: number): void {
    const replies = workspace.db.messages.findBy('tmid', tmid).sort((a, b) => a.ts.getTime() - b.ts.getTime());
    const start = Date.now() - replies.length * spacingMs;
    replies.forEach((reply, index) => {
        const ts = new Date(start + index * spacingMs);
        workspace.db.messages.replace({ ...reply, ts, _updatedAt: ts });
    });
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (!condition()) {
        if (Date.now() > deadline) {
            throw new Error(`timed out waiting for ${what}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}

/** What the first sync of a `replies`-reply thread of this bench's shape writes, from the pure ledger functions. */
function pureLedger(rid: string, senders: Array<{ _id: string; username: string }>, replies: number): Size {
    const tmid = randomId();
    const now = new Date();
    const start = now.getTime() - replies * LEDGER_THREAD.spacingMs;
    const snapshot: MessageDoc[] = Array.from({ length: replies }, (_, index) => ({
        _id: randomId(),
        rid,
        tmid,
        msg: `reply ${index}`,
        ts: new Date(start + index * LEDGER_THREAD.spacingMs),
        u: { ...senders[index % 2], name: senders[index % 2].username },
    }));
    const marker = startEpoch(tmid, now, randomKey(), randomKey());
    const ledger = { tmid, current: epochOf(marker), slots: new Map(), events: [] };
    const plan = observeThread(ledger, snapshot, now, {}, randomKey);
    const markers: MarkerData[] = [plan.marker ?? marker];
    const due = new Map<string, DueData>();
    for (const entry of [dueData(tmid, marker.e, 's', marker.d), ...plan.due]) {
        due.set(`${entry.t}:${entry.e}:${entry.w}:${entry.d}`, entry);
    }
    return sizeOfData([...plan.shards, ...markers, ...due.values()]);
}

/** Row 1: bytes per tracked reply and the largest record. */
export async function ledgerRow(context: TrackingContext): Promise<LedgerResult> {
    const { workspace, clients, rid, authors, appId } = context;
    const { replies, viaEvents, spacingMs, pureReplies } = LEDGER_THREAD;
    const root = seedThread(workspace, rid, authors, replies - viaEvents);
    spreadReplies(workspace, root._id, spacingMs);
    await sync(clients[0], appId, root._id, replies - viaEvents);
    const isEventOf = (record: PersistenceRecord) => record.data.k === 'event' && record.data.tmid === root._id;
    for (let index = 0; index < viaEvents; index++) {
        const sent = await clients[index % 2].post('/api/v1/chat.sendMessage', {
            message: { rid, tmid: root._id, msg: `reply ${replies - viaEvents + index}` },
        });
        if (sent.status !== 200) {
            throw new Error(`chat.sendMessage failed: ${sent.text}`);
        }
    }
    // Reply events are fire-and-forget: wait for their records.
    await waitFor(
        () => workspace.db.appsPersistence.findBy('appId', appId, isEventOf).length === viaEvents,
        `${viaEvents} event records`,
    );
    const beforeCompaction = threadSize(workspace, appId, root._id);
    await sync(clients[0], appId, root._id, replies);
    const afterCompaction = threadSize(workspace, appId, root._id);
    const senders = authors.map((username) => {
        const user = findUserByUsername(workspace.db, username)!;
        return { _id: user._id, username };
    });
    const pure = [replies, pureReplies].map((count) => ({ replies: count, ...pureLedger(rid, senders, count) }));
    return {
        replies,
        beforeCompaction,
        afterCompaction,
        appLargest: persistenceSizeOf(workspace.db.appsPersistence.findBy('appId', appId)).largestRecord,
        pure,
    };
}

const GLOBAL_KINDS = new Set(['purge-progress', 'format', 'runtime-start', 'purge-cutoff']);
const DUE_BUCKET = /^(push-sync:due:)(\d+)(:\d+)$/;
const DUE_ITEM = /^(push-sync:due-of:.*:)(\d+)$/;

/**
 * Moves the app's bookkeeping of threads `tmids` (markers, day index, removal times) and its global records (purge
 * progress, format flag, runtime starts, applied cutoff) `days` back, as if all of it had been written `days` ago and
 * nothing had happened since. Reply send times are left alone. The app's code is unchanged: the purge then finds, on
 * today's clock, exactly what it would find `days` later.
 */
function ageRecords(workspace: Workspace, appId: string, tmids: ReadonlySet<string>, days: number): void {
    const shift = days * DAY_MS;
    const iso = (value: unknown) => new Date(Date.parse(String(value)) - shift).toISOString();
    for (const record of workspace.db.appsPersistence.findBy('appId', appId)) {
        const data = record.data as Record<string, unknown>;
        const tmid = (data.tmid ?? data.t) as string | undefined;
        if (GLOBAL_KINDS.has(data.kind as string)) {
            const changed =
                data.kind === 'purge-progress'
                    ? { next: (data.next as number) - days }
                    : data.kind === 'format'
                      ? { since: (data.since as number) - days }
                      : data.kind === 'runtime-start'
                        ? { startedAt: iso(data.startedAt) }
                        : { cutoff: iso(data.cutoff) };
            workspace.db.appsPersistence.replace({ ...record, data: { ...record.data, ...changed } });
            continue;
        }
        if (tmid === undefined || !tmids.has(tmid)) {
            continue;
        }
        if (data.k === 'marker') {
            const { c, d, o } = data as unknown as MarkerData;
            const changed = { c: c - shift, d: d - days, o: o.map((time) => time - shift) };
            workspace.db.appsPersistence.replace({ ...record, data: { ...record.data, ...changed } });
        } else if (data.k === 'due') {
            const associations = record.associations.map(({ model, id }) => ({
                model,
                id: id
                    .replace(DUE_BUCKET, (_, head: string, day: string, tail: string) => `${head}${Number(day) - days}${tail}`)
                    .replace(DUE_ITEM, (_, head: string, day: string) => `${head}${Number(day) - days}`),
            }));
            const changed = { d: (data.d as number) - days };
            workspace.db.appsPersistence.replace({ ...record, associations, data: { ...record.data, ...changed } });
        } else if (data.k === 'shard') {
            const x = (data.x as Array<[number, number]>).map(([index, time]) => [index, time - shift]);
            workspace.db.appsPersistence.replace({ ...record, data: { ...record.data, x } });
        } else if (data.k === 'event' && typeof data.x === 'number') {
            workspace.db.appsPersistence.replace({ ...record, data: { ...record.data, x: data.x - shift } });
        }
    }
}

function trackedThreads(workspace: Workspace, appId: string, tmids: ReadonlySet<string>): number {
    const markers = workspace.db.appsPersistence.findBy(
        'appId',
        appId,
        (record) => record.data.k === 'marker' && tmids.has(record.data.tmid as string),
    );
    return new Set(markers.map((record) => record.data.tmid)).size;
}

/**
 * Copies of the records of threads `tmids` (exactly as the app wrote them) for `copies` new thread ids each; the
 * day-index bucket follows the new id. Returns the new ids. (Syncing 20,000 threads through HTTP takes 5 minutes on
 * a shared 2-core machine; the purge reads only app persistence, never the messages.)
 */
function replicateThreads(workspace: Workspace, appId: string, tmids: readonly string[], copies: number): string[] {
    const records = workspace.db.appsPersistence
        .findBy('appId', appId)
        .filter((record) => tmids.includes(((record.data.tmid ?? record.data.t) as string) ?? ''));
    const byThread = new Map<string, PersistenceRecord[]>();
    for (const record of records) {
        const tmid = (record.data.tmid ?? record.data.t) as string;
        byThread.set(tmid, [...(byThread.get(tmid) ?? []), record]);
    }
    const created: string[] = [];
    for (const [tmid, own] of byThread) {
        for (let copy = 0; copy < copies; copy++) {
            const clone = randomId();
            created.push(clone);
            for (const record of own) {
                const swapped = JSON.parse(
                    JSON.stringify({ associations: record.associations, data: record.data }).split(tmid).join(clone),
                ) as Pick<PersistenceRecord, 'associations' | 'data'>;
                const associations = swapped.associations.map(({ model, id }) => ({
                    model,
                    id: id.replace(DUE_BUCKET, (_, head: string, day: string) => `${head}${day}:${bucketOf(clone)}`),
                }));
                workspace.db.appsPersistence.insert({ _id: randomId(), appId, associations, data: swapped.data });
            }
        }
    }
    return created;
}

/**
 * Row 2: `threads` tracked threads of 5 replies, made idle, then purged run by run: the daily job as the app registers
 * it, then each one-time continuation it schedules, run at once instead of 10 s later (never two at a time).
 */
async function purgeRow(context: TrackingContext, threads: number, synced: number): Promise<PurgeResult> {
    const { workspace, clients, rid, authors, appId } = context;
    let mark = performance.now();
    const roots = Array.from({ length: synced }, () => seedThread(workspace, rid, authors, PURGE_REPLIES)._id);
    const seedMs = performance.now() - mark;
    mark = performance.now();
    let next = 0;
    const worker = async (client: RestClient) => {
        while (next < roots.length) {
            await sync(client, appId, roots[next++], PURGE_REPLIES);
        }
    };
    await Promise.all(Array.from({ length: SEED_CONCURRENCY }, (_, index) => worker(clients[index % 2])));
    const syncMs = performance.now() - mark;
    const copies = replicateThreads(workspace, appId, roots, threads / synced - 1);
    console.error(
        `  tracking: ${synced} threads seeded in ${fmt(seedMs / 1000, 1)} s, synced in ${fmt(syncMs / 1000, 1)} s` +
            (copies.length > 0 ? `; ${copies.length} copies of their records` : ''),
    );
    const tmids = new Set([...roots, ...copies]);
    ageRecords(workspace, appId, tmids, AGE_DAYS);
    const trackedBefore = trackedThreads(workspace, appId, tmids);
    const runs: PurgeResult['runs'] = [];
    const scheduler = workspace.runtime.bridges.scheduler;
    let job = `purge-expired-removals_${appId}`;
    for (let more = true; more && runs.length < MAX_PURGE_RUNS; ) {
        workspace.meterPersistenceReads();
        const started = performance.now();
        more = job.startsWith('purge-expired-removals-more')
            ? await scheduler.runPendingNow(job)
            : (await scheduler.runNow(job), true);
        const ms = performance.now() - started;
        const usage = workspace.persistenceReads();
        workspace.meterPersistenceReads(false);
        job = `purge-expired-removals-more_${appId}`;
        if (more) {
            const trackedAfter = trackedThreads(workspace, appId, tmids);
            runs.push({ ms, usage, trackedAfter });
            console.error(`  tracking: purge run ${runs.length} (${threads} threads): ${fmt(ms)} ms, ${trackedAfter} left`);
        }
    }
    return { threads, synced, seedMs, syncMs, trackedBefore, runs };
}

export async function trackingBench(context: TrackingContext): Promise<TrackingResult> {
    const ledger = await ledgerRow(context);
    await setAppSetting(context.admin, context.appId, 'removal_retention_days', RETENTION_DAYS);
    const purges: PurgeResult[] = [];
    try {
        for (const threads of PURGE_THREADS) {
            purges.push(await purgeRow(context, threads, PURGE_SYNCED));
        }
    } finally {
        await setAppSetting(context.admin, context.appId, 'removal_retention_days', 30);
    }
    return { ledger, purges };
}

const kib = (bytes: number) => `${fmt(bytes / 1024, 1)} KiB`;

export function printTracking({ ledger, purges }: TrackingResult): void {
    const { replies, beforeCompaction, afterCompaction, appLargest, pure } = ledger;
    console.log(
        `\nDeletion tracking's storage (UTF-8 JSON of the records' data). Thread shape: 17-character ids, 2 senders ` +
            `alternating, a reply every ${LEDGER_THREAD.spacingMs / 1000} s; through the app: ${replies - LEDGER_THREAD.viaEvents} ` +
            `replies seeded and synced, then ${LEDGER_THREAD.viaEvents} sent through REST (their events write records), ` +
            `then synced again (compaction). Counted: the thread's shards, marker, event records and day-index entries. ` +
            `Goals: ≤ 48 B per reply, largest record ≤ 256 KiB.\n`,
    );
    console.log('| thread | records | bytes | bytes per reply | largest record |');
    console.log('|---|--:|--:|--:|--:|');
    const line = (name: string, count: number, size: Size) =>
        console.log(`| ${name} | ${size.records} | ${size.bytes} | ${fmt(size.bytes / count, 1)} | ${kib(size.largest)} |`);
    line(`${replies} replies via the app, events not merged yet`, replies, beforeCompaction);
    line(`${replies} replies via the app, after compaction`, replies, afterCompaction);
    for (const size of pure) {
        line(`${size.replies} replies, pure ledger functions (one first sync)`, size.replies, size);
    }
    console.log(`\nLargest record in the app's whole persistence: ${kib(appLargest)} (limit ${kib(MAX_RECORD_BYTES)}).`);
    console.log(
        `\nThe purge job (run through the scheduler as the app registers it; retention ${RETENTION_DAYS} day, the threads' ` +
            `records moved ${AGE_DAYS} days back, so every thread is idle and its ledger is dropped). Threads of ` +
            `${PURGE_REPLIES} replies, 2 senders alternating. Reads = reads by id or association; removals by association ` +
            `return what they remove, so they are reads too. Goals: a run < 5 s, largest read ≤ 256 KiB at 20,000 threads.\n`,
    );
    console.log(
        '| tracked threads | runs to clear | first run ms (threads dropped) | slowest run ms | reads per run (max) | largest read | largest removal | threads per second of run |',
    );
    console.log('|--:|--:|--:|--:|--:|--:|--:|--:|');
    for (const { threads, trackedBefore, runs } of purges) {
        const [first] = runs;
        const total = runs.reduce((sum, run) => sum + run.ms, 0);
        const max = (pick: (usage: PersistenceReadUsage) => number) => Math.max(0, ...runs.map((run) => pick(run.usage)));
        const cleared = trackedBefore - (runs[runs.length - 1]?.trackedAfter ?? trackedBefore);
        console.log(
            `| ${threads} | ${runs.length} | ${fmt(first?.ms ?? NaN)} (${trackedBefore - (first?.trackedAfter ?? trackedBefore)}) | ` +
                `${fmt(Math.max(...runs.map((run) => run.ms)))} | ${max((usage) => usage.reads)} | ` +
                `${kib(max((usage) => usage.largestRead))} | ${kib(max((usage) => usage.largestRemoval))} | ` +
                `${fmt(cleared / (total / 1000), 0)} |`,
        );
    }
    for (const { threads, synced, seedMs, syncMs, runs } of purges) {
        const total = runs.reduce((sum, run) => sum + run.ms, 0);
        const last = runs[runs.length - 1];
        const copied = threads - synced;
        console.log(
            `${threads} threads: ${synced} seeded in ${fmt(seedMs / 1000, 1)} s and each synced once through HTTP in ` +
                `${fmt(syncMs / 1000, 1)} s (${SEED_CONCURRENCY} at a time)` +
                (copied > 0 ? `, ${copied} more as copies of their records under new thread ids` : '') +
                `; purged in ${runs.length} run(s), ${fmt(total / 1000, 2)} s of runs in all` +
                `${last && last.trackedAfter > 0 ? `, ${last.trackedAfter} threads still tracked (stopped)` : ''}.`,
        );
    }
}
