/**
 * `npm run bench`: the app's endpoints through HTTP against the packaged app in a local workspace, in one run.
 * Prints medians, p90s and their ratio to a baseline endpoint call measured in the same run (bench/README.md).
 * Speed is measured here, never asserted in tests.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { ensurePackaged, readManifest } from '../scripts/appPackage';
import { ADMIN_PASSWORD, ADMIN_USERNAME, convertThread, RestClient, Workspace } from '@push-sync/workspace';
import type { ColdCounts } from './bridgeCalls';
import { clusterBench, printCluster } from './cluster';
import { coldCacheCounts, printColdCounts, setAppSetting } from './bridgeCalls';
import type { FloorComparison } from './pushGet';
import type { FairnessResult } from './fairness';
import { fairnessBench, printFairness } from './fairness';
import { comparePushGetWithFloor, printFloorComparison } from './pushGet';
import type { BurstResult } from './pushBurst';
import { burstRoom, compareBursts, printBursts } from './pushBurst';
import { createChannel, createUser, seedThread } from './seed';
import type { MeasureOptions, Sample } from './stats';
import { syncFloorBench } from './sync';
import { measure, measurePaired, summarize, timeOnce } from './stats';
import type { TrackingResult } from './tracking';
import { printTracking, trackingBench } from './tracking';
import { BIG_THREAD, bigThreadRows, WorkspaceShare } from './workspaceShare';

const EPOCH = '2019-04-01T00:00:00.000Z';
/** 200 calls after 20 warm-ups; the 1000-reply rows stop earlier (time budgets) so a run stays under ~2 minutes. */
const OPTIONS: MeasureOptions = {
    warmup: 20,
    warmupBudgetMs: 2_000,
    minWarmup: 5,
    samples: 200,
    budgetMs: 8_000,
    minSamples: 30,
};
/**
 * Calls before anything is measured (baseline, push.get, sync of a 10-reply thread), so that neither V8 (Node's nor the
 * Deno subprocess's) is still optimizing while the baseline is taken.
 */
const GLOBAL_WARMUP = { baseline: 400, pushGet: 150, sync: 60 };
const SYNC_SIZES = [10, 100, 1000];
const BASELINE = 'baseline: push.get, no credentials → 401';
/** Baseline calls timed after each measured call of a row: that row's own reference (bench/README.md). */
const REFERENCE_PER_CALL = 2;

type Query = { [key: string]: string };
type SyncBody = { messages?: { update: unknown[]; remove: unknown[] } };

interface Row {
    name: string;
    sample: Sample;
    /** Baseline calls interleaved with this row's calls (the baseline row: itself). */
    reference: Sample;
    replies?: number;
    bytes: number;
}

interface Result {
    rows: Row[];
    /** The first sync of each thread (one call each). */
    firsts: Array<{ replies: number; ms: number }>;
    floor: FloorComparison;
    /** Bridge calls of a sync and of the purge job with the settings cache cold (and of a warm sync). */
    cold: ColdCounts;
    /** Setup phases (ms), for context only. */
    phases: Array<[string, number]>;
    share: WorkspaceShare;
    bigThreadSeedMs: number;
    /** chat.syncThreadMessages against its floor app (bench/sync.ts). */
    syncFloor: string;
    fairness: FairnessResult;
    /** Deletion tracking's storage and purge rows (bench/tracking.ts). */
    tracking: TrackingResult;
    /** The 1,000-member push.get burst against the floor: on a fresh runtime, and right after the tracking rows. */
    bursts: Array<[string, BurstResult]>;
    /** In-process diagnostic of the 1000-reply thread: what the host builds for the app on every sync. */
    diagnostic: { replies: number; convert: Sample; threadBytes: number; records: number; recordBytes: number };
}

function fmt(value: number, digits = 2): string {
    return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

function kb(bytes: number): string {
    return bytes >= 1024 ? `${fmt(bytes / 1024, 1)} KB` : `${bytes} B`;
}

/** One call with a checked outcome (a benchmark of failing calls measures nothing); returns the body length. */
async function call(
    client: RestClient,
    appId: string,
    endpoint: string,
    query: Query,
    expect: { status: number; updates?: number },
): Promise<number> {
    const response = await client.callApp<SyncBody>(appId, endpoint, query);
    if (response.status !== expect.status) {
        throw new Error(`${endpoint} ${JSON.stringify(query)}: ${response.status} ${response.text.slice(0, 300)}`);
    }
    if (expect.updates !== undefined && response.body.messages?.update.length !== expect.updates) {
        throw new Error(`${endpoint}: expected ${expect.updates} updates, got ${response.body.messages?.update.length}`);
    }
    return response.text.length;
}

async function bench(workspace: Workspace, phases: Array<[string, number]>): Promise<Result> {
    let mark = performance.now();
    const phase = (name: string) => {
        const now = performance.now();
        phases.push([name, now - mark]);
        mark = now;
    };
    const manifest = readManifest();
    const zip = readFileSync(ensurePackaged());
    const admin = await RestClient.login(workspace.url, ADMIN_USERNAME, ADMIN_PASSWORD);
    // As the admin UI does after the admin consented to the permissions the app declares (test/integration/support/helpers.ts).
    const installed = await admin.uploadApp(zip, { permissions: manifest.permissions });
    if (installed.status !== 200) {
        throw new Error(`install failed: ${installed.status} ${installed.text}`);
    }
    const appId = (installed.body as { app: { id: string } }).app.id;
    // The rows below measure the endpoints, not the limiter: one user calls far more than a minute's budget. The
    // fairness row (bench/fairness.ts) sets the limits it measures.
    const unlimited = async () => {
        for (const id of ['rate_limit_push_get_per_minute', 'rate_limit_sync_replies_per_minute', 'rate_limit_sync_concurrent']) {
            await setAppSetting(admin, appId, id, 0);
        }
    };
    await unlimited();
    phase('install');

    const ana = await createUser(workspace, admin, 'ana');
    const ben = await createUser(workspace, admin, 'ben');
    const rid = await createChannel(ana, 'bench', ['ben']);
    const sent = await ana.post<{ message: { _id: string } }>('/api/v1/chat.sendMessage', {
        message: { rid, msg: 'hello @ben' },
    });
    if (sent.status !== 200) {
        throw new Error(`chat.sendMessage failed: ${sent.text}`);
    }
    const messageId = sent.body.message._id;
    const warmThread = seedThread(workspace, rid, ['ana', 'ben'], 10);
    const threads = new Map(SYNC_SIZES.map((size) => [size, seedThread(workspace, rid, ['ana', 'ben'], size)]));
    const big = threads.get(1000)!._id;
    const anonymous = new RestClient(workspace.url);
    phase('seed');

    const baseline = () => call(anonymous, appId, 'push.get', { id: messageId }, { status: 401 });
    const pushGet = () => call(ana, appId, 'push.get', { id: messageId }, { status: 200 });
    const sync = (query: Query, updates: number) => () =>
        call(ana, appId, 'chat.syncThreadMessages', { updatedSince: EPOCH, ...query }, { status: 200, updates });

    // Warm the router, the pipe and both endpoints' code paths (the sync on a thread that is never measured).
    for (let i = 0; i < GLOBAL_WARMUP.baseline; i++) {
        await baseline();
        if (i < GLOBAL_WARMUP.pushGet) {
            await pushGet();
        }
        if (i < GLOBAL_WARMUP.sync) {
            await sync({ tmid: warmThread._id }, 10)();
        }
    }
    phase('warm-up');

    const rows: Row[] = [];
    const share = new WorkspaceShare(workspace);
    const run = async (name: string, unmetered: () => Promise<number>, replies?: number) => {
        const once = share.track(name, unmetered);
        const bytes = await once();
        const timed = async () => void (await once());
        const { sample, reference } =
            name === BASELINE
                ? { sample: await measure(timed, OPTIONS), reference: undefined }
                : await measurePaired(timed, async () => void (await baseline()), {
                      ...OPTIONS,
                      referencePerCall: REFERENCE_PER_CALL,
                  });
        rows.push({ name, sample, reference: reference ?? sample, replies, bytes });
        console.error(`  ${name}: median ${fmt(sample.median)} ms (n=${sample.times.length})`);
    };
    console.error('measuring …');
    await run(BASELINE, baseline);
    await run('push.get, channel message', pushGet);
    const floor = await comparePushGetWithFloor({ workspace, admin, client: ana, appId, messageId, options: OPTIONS });
    console.error('push.get burst on a fresh runtime …');
    const room = await burstRoom(workspace, admin);
    const bursts: Result['bursts'] = [['fresh runtime', await compareBursts(room, appId, floor.floorAppId)]];
    const firsts: Result['firsts'] = [];
    for (const [size, root] of threads) {
        // The first sync of a thread learns every reply (seeding fires no events) in one write; later calls only compare.
        const first = share.track(`sync, ${size} replies, first call`, sync({ tmid: root._id }, size));
        firsts.push({ replies: size, ms: await timeOnce(async () => void (await first())) });
        await run(`sync, ${size} replies`, sync({ tmid: root._id }, size), size);
    }
    await run('sync, 1000 replies, count=50', sync({ tmid: big, count: '50' }, 50), 1000);
    await run(
        'sync, 1000 replies, query ^reply 1 (111 match)',
        sync({ tmid: big, query: '{"msg":{"$regex":"^reply 1"}}' }, 111),
        1000,
    );
    const now = new Date().toISOString();
    await run(
        'sync, 1000 replies, nothing new (updatedSince=now)',
        () => call(ana, appId, 'chat.syncThreadMessages', { tmid: big, updatedSince: now }, { status: 200, updates: 0 }),
        1000,
    );
    phase('HTTP measurements');
    const cold = await coldCacheCounts({ workspace, admin, appId, sync: sync({ tmid: warmThread._id }, 10) });
    const bigThreadSeedMs = await bigThreadRows(workspace, share, rid, (tmid) => sync({ tmid }, BIG_THREAD.replies));
    phase(`${BIG_THREAD.replies}-reply thread`);

    // Not HTTP, not compared across machines: what part of a big sync is the host's conversion, and what crosses the pipe.
    const convert = await measure(async () => void convertThread(workspace.db, big), { ...OPTIONS, samples: 50 });
    const records = workspace.db.appsPersistence.find((record) =>
        record.associations.some((a) => a.id === `push-sync:thread:${big}`),
    );
    console.error('measuring against the floor app …');
    const syncFloor = await syncFloorBench({ workspace, admin, client: ana, rid, authors: ['ana', 'ben'], appId });
    phase('floor comparison');
    console.error('measuring fairness and the limiter’s cost …');
    const fairness = await fairnessBench({ workspace, admin, appId });
    phase('fairness');
    // The fairness row restored the default limits: the rows below measure the endpoints again, not the limiter.
    await unlimited();
    console.error('measuring deletion tracking’s storage and purge …');
    const tracking = await trackingBench({ workspace, admin, clients: [ana, ben], rid, authors: ['ana', 'ben'], appId });
    phase('tracking');
    console.error('push.get burst right after the tracking rows …');
    bursts.push(['right after the tracking rows', await compareBursts(room, appId, floor.floorAppId)]);
    phase('push.get bursts');
    return {
        rows,
        firsts,
        floor,
        cold,
        phases,
        share,
        bigThreadSeedMs,
        syncFloor,
        fairness,
        tracking,
        bursts,
        diagnostic: {
            replies: 1000,
            convert,
            threadBytes: JSON.stringify(convertThread(workspace.db, big)).length,
            records: records.length,
            recordBytes: JSON.stringify(records.map((record) => record.data)).length,
        },
    };
}

function report(
    { rows, firsts, floor, cold, phases, share, bigThreadSeedMs, syncFloor, fairness, tracking, bursts, diagnostic }: Result,
    startedAt: Date,
    seconds: number,
): void {
    const rowNamed = (name: string) => rows.find((row) => row.name === name)!;
    const everyBaseline = summarize(rows.flatMap((row) => row.reference.times));
    const referenceMedians = rows.map((row) => row.reference.median);
    const engine = (
        JSON.parse(readFileSync(path.join(__dirname, '..', 'node_modules/@rocket.chat/apps-engine/package.json'), 'utf8')) as {
            version: string;
        }
    ).version;
    const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
    console.log(
        `\nPush Sync bench — ${startedAt.toISOString()} — ${os.cpus().length} cores (${cpu}), Node ${process.version}, ` +
            `apps-engine ${engine}\n${OPTIONS.warmup} warm-ups and up to ${OPTIONS.samples} sequential HTTP calls per row ` +
            `(rows stop after ${OPTIONS.budgetMs / 1000} s once ${OPTIONS.minSamples} calls are in).\n` +
            `Ratios divide each row by the ${REFERENCE_PER_CALL} baseline calls timed after each of its calls (its own reference).\n` +
            `All ${everyBaseline.times.length} baseline calls: median ${fmt(everyBaseline.median)} ms, p90 ${fmt(everyBaseline.p90)} ms; ` +
            `per-row reference medians ${fmt(Math.min(...referenceMedians))}–${fmt(Math.max(...referenceMedians))} ms (drift and load).\n`,
    );
    console.log(
        '| measure | n | median ms | p90 ms | baseline median ms | median ÷ baseline | p90 ÷ baseline | ms/reply | response |',
    );
    console.log('|---|--:|--:|--:|--:|--:|--:|--:|--:|');
    for (const { name, sample, reference, replies, bytes } of rows) {
        const perReply = replies ? fmt(sample.median / replies, 3) : '';
        console.log(
            `| ${name} | ${sample.times.length} | ${fmt(sample.median)} | ${fmt(sample.p90)} | ${fmt(reference.median)} | ` +
                `${fmt(sample.median / reference.median, 1)}× | ${fmt(sample.p90 / reference.p90, 1)}× | ${perReply} | ${kb(bytes)} |`,
        );
    }
    printFloorComparison(floor);
    printColdCounts(cold);
    const syncRow = (size: number) => rowNamed(`sync, ${size} replies`);
    const syncMedian = (size: number) => syncRow(size).sample.median;
    console.log('\nFirst sync of a thread (learns every reply in one write; one call each, not a median):\n');
    console.log('| replies | first call ms | ÷ baseline median | ÷ steady-state median |');
    console.log('|--:|--:|--:|--:|');
    for (const { replies, ms } of firsts) {
        console.log(
            `| ${replies} | ${fmt(ms)} | ${fmt(ms / syncRow(replies).reference.median, 1)}× | ${fmt(ms / syncMedian(replies), 1)}× |`,
        );
    }
    console.log('\nMarginal cost per extra reply (steady state, difference of medians):');
    for (let i = 1; i < SYNC_SIZES.length; i++) {
        const [a, b] = [SYNC_SIZES[i - 1], SYNC_SIZES[i]];
        const slope = (syncMedian(b) - syncMedian(a)) / (b - a);
        console.log(`  ${a} → ${b} replies: ${fmt(slope, 3)} ms per reply (${fmt(slope / everyBaseline.median, 3)}× baseline)`);
    }
    const { replies, convert, threadBytes, records, recordBytes } = diagnostic;
    console.log(
        `\nDiagnostic, in-process (not HTTP) for the ${replies}-reply thread: the host's convertThread alone takes ` +
            `${fmt(convert.median)} ms median (${fmt((100 * convert.median) / syncMedian(replies), 0)}% of that sync's median); ` +
            `every sync call moves the converted thread (${kb(threadBytes)} of JSON) and the app's ${records} records ` +
            `(${kb(recordBytes)}) across the Deno pipe.`,
    );
    share.print();
    console.log(`\nSeeding the ${BIG_THREAD.replies}-reply thread (in-process, no HTTP): ${fmt(bigThreadSeedMs)} ms.`);
    console.log(syncFloor);
    printFairness(fairness);
    printTracking(tracking);
    printBursts(bursts);
    console.log(
        `\nPhases: ${phases.map(([name, ms]) => `${name} ${fmt(ms / 1000, 1)} s`).join(', ')}; total ${fmt(seconds, 1)} s`,
    );
}

async function main(): Promise<void> {
    const startedAt = new Date();
    const t0 = process.hrtime.bigint();
    const phases: Array<[string, number]> = [];
    let mark = performance.now();
    console.error('packaging (only if the app changed) …');
    ensurePackaged();
    phases.push(['package', performance.now() - mark]);
    mark = performance.now();
    console.error('starting the workspace …');
    const workspace = await Workspace.start({ port: 0 });
    phases.push(['workspace start', performance.now() - mark]);
    let closing: Promise<void> | undefined;
    const close = () => (closing ??= workspace.close());
    // Ctrl-C must not leave the Deno subprocess behind either.
    const onSignal = (signal: NodeJS.Signals) => {
        console.error(`\n${signal}: closing the workspace …`);
        void close().finally(() => process.exit(130));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    let result: Result;
    try {
        result = await bench(workspace, phases);
    } finally {
        await close();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
    }
    report(result, startedAt, Number(process.hrtime.bigint() - t0) / 1e9);
    // One workspace per process at a time: the clusters start only once the workspace above is closed.
    console.error('measuring clusters of 1, 2 and 3 instances …');
    printCluster(await clusterBench());
}

main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
});
