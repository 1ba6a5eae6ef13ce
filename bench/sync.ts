/**
 * chat.syncThreadMessages against its floor (bench/README.md#sync-against-the-floor): the same threads read by
 * Push Sync and by bench/floor-apps/sync-floor, an app that only calls getThreadById and filters by date. Ratios to
 * the floor, in the same run: the first sync of a thread, the steady-state sync, the nothing-new sync, and the Deno RSS
 * of each app. Measured here, never asserted in tests.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import type { RestClient, Workspace } from '@push-sync/workspace';
import { convertThread } from '@push-sync/workspace';
import { packageFloorApp } from './floorApps';
import { seedThread } from './seed';
import { summarize, timeOnce } from './stats';

export const FLOOR_SIZES = [1000, 5000, 10000];
const EPOCH = '2019-04-01T00:00:00.000Z';
/** Calls per app and row: fewer for big threads, so the whole comparison stays within a few minutes. */
const PAIRS: Record<number, number> = { 1000: 15, 5000: 7, 10000: 5 };
/** The goal rows (issue 18): repeated runs on the biggest thread, each a full sync of each app then nothing-new pairs. */
const REPEATS = { runs: 3, nothingNewPairs: 5 };

export interface FloorContext {
    workspace: Workspace;
    admin: RestClient;
    /** A member of `rid` (Push Sync checks access; the floor does not). */
    client: RestClient;
    rid: string;
    authors: [string, string];
    appId: string;
}

/** One repeated run on the biggest thread: ratios to the floor. */
interface RepeatRun {
    nothingNew: number;
    rss: number;
}

interface SizeResult {
    replies: number;
    first: { app: number; floor: number };
    steady: { app: number; floor: number };
    nothingNew: { app: number; floor: number };
    /** In-process: the workspace converting the thread for the host bridge (its stand-in share of every call). */
    hostConvert: number;
}

function fmt(value: number, digits = 2): string {
    return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

/** Resident memory of an app's Deno process, from /proc (Linux). */
function denoRssKb(workspace: Workspace, appId: string): number {
    const controller = workspace.runtime.manager.getOneById(appId)?.getRuntimeController() as unknown as {
        deno?: { pid?: number };
    };
    const pid = controller?.deno?.pid;
    if (!pid) {
        return NaN;
    }
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? NaN);
}

async function expectUpdates(client: RestClient, appId: string, endpoint: string, query: object, updates: number) {
    const response = await client.callApp<{ messages?: { update: unknown[] } }>(appId, endpoint, query as never);
    if (response.status !== 200 || response.body.messages?.update.length !== updates) {
        throw new Error(`${endpoint}: ${response.status}, ${response.body.messages?.update.length} updates, expected ${updates}`);
    }
}

export async function syncFloorBench(context: FloorContext): Promise<string> {
    const { workspace, admin, client, rid, authors, appId } = context;
    const floorZip = readFileSync(await packageFloorApp(path.join(__dirname, 'floor-apps', 'sync-floor')));
    const installed = await admin.uploadApp(floorZip, { permissions: [{ name: 'api' }, { name: 'threads.read' }] });
    if (installed.status !== 200) {
        throw new Error(`floor install failed: ${installed.status} ${installed.text}`);
    }
    const floorId = (installed.body as { app: { id: string } }).app.id;
    const seeding = performance.now();
    const threads = FLOOR_SIZES.map((size) => ({ size, tmid: seedThread(workspace, rid, authors, size)._id }));
    console.error(`  floor: seeded ${FLOOR_SIZES.join(', ')} replies in ${fmt((performance.now() - seeding) / 1000, 1)} s`);

    const results: SizeResult[] = [];
    for (const { size, tmid } of threads) {
        const app = (updatedSince: string, updates: number) => () =>
            expectUpdates(client, appId, 'chat.syncThreadMessages', { tmid, updatedSince }, updates);
        const floor = (updatedSince: string, updates: number) => () =>
            expectUpdates(client, floorId, 'thread-since', { tmid, updatedSince }, updates);
        // Push Sync has never seen these replies (seeding fires no events): its first call learns all of them.
        const first = { floor: await timeOnce(floor(EPOCH, size)), app: await timeOnce(app(EPOCH, size)) };
        const pairs = PAIRS[size];
        const paired = async (appCall: () => Promise<void>, floorCall: () => Promise<void>) => {
            const appTimes: number[] = [];
            const floorTimes: number[] = [];
            for (let i = 0; i < pairs; i++) {
                appTimes.push(await timeOnce(appCall));
                floorTimes.push(await timeOnce(floorCall));
            }
            return { app: summarize(appTimes).median, floor: summarize(floorTimes).median };
        };
        const steady = await paired(app(EPOCH, size), floor(EPOCH, size));
        const now = new Date().toISOString();
        const nothingNew = await paired(app(now, 0), floor(now, 0));
        const converts: number[] = [];
        for (let i = 0; i < 3; i++) {
            const started = performance.now();
            convertThread(workspace.db, tmid);
            converts.push(performance.now() - started);
        }
        results.push({ replies: size, first, steady, nothingNew, hostConvert: summarize(converts).median });
        console.error(`  floor: ${size} replies done (steady ${fmt(steady.app)} ms vs floor ${fmt(steady.floor)} ms)`);
    }
    const rss = { app: denoRssKb(workspace, appId), floor: denoRssKb(workspace, floorId) };
    const biggest = threads[threads.length - 1];
    const repeats: RepeatRun[] = [];
    for (let run = 0; run < REPEATS.runs; run++) {
        const { size, tmid } = biggest;
        await expectUpdates(client, appId, 'chat.syncThreadMessages', { tmid, updatedSince: EPOCH }, size);
        await expectUpdates(client, floorId, 'thread-since', { tmid, updatedSince: EPOCH }, size);
        const now = new Date().toISOString();
        const times = { app: [] as number[], floor: [] as number[] };
        for (let i = 0; i < REPEATS.nothingNewPairs; i++) {
            times.app.push(
                await timeOnce(() => expectUpdates(client, appId, 'chat.syncThreadMessages', { tmid, updatedSince: now }, 0)),
            );
            times.floor.push(
                await timeOnce(() => expectUpdates(client, floorId, 'thread-since', { tmid, updatedSince: now }, 0)),
            );
        }
        repeats.push({
            nothingNew: summarize(times.app).median / summarize(times.floor).median,
            rss: denoRssKb(workspace, appId) / denoRssKb(workspace, floorId),
        });
        console.error(
            `  floor: repeated run ${run + 1}: nothing new ${fmt(repeats[run].nothingNew)}×, RSS ${fmt(repeats[run].rss)}×`,
        );
    }
    return formatFloor(results, rss, { replies: biggest.size, runs: repeats });
}

function formatFloor(
    results: readonly SizeResult[],
    rss: { app: number; floor: number },
    repeats: { replies: number; runs: readonly RepeatRun[] },
): string {
    const median = (values: number[]) => summarize(values).median;
    const biggest = results.find((result) => result.replies === repeats.replies)!;
    const ratio = (pair: { app: number; floor: number }) => `${fmt(pair.app / pair.floor)}×`;
    const lines = [
        '\nchat.syncThreadMessages against the floor app (getThreadById + date filter only), same threads, same run.',
        'first = one call each (Push Sync learns every reply: one write); steady = updatedSince before the thread (all',
        'replies in update); nothing new = updatedSince now. Medians of alternating calls. Goals (issue 18): first and',
        'steady ≤ 0.7×, nothing new ≤ 1.1×, RSS ≤ 1.1× (nothing new and RSS: medians of the repeated runs below).\n',
        '| replies | first ms (app / floor) | first ÷ floor | steady ms (app / floor) | steady ÷ floor | nothing new ms (app / floor) | nothing new ÷ floor | workspace convertThread ms (share of floor steady) |',
        '|--:|--:|--:|--:|--:|--:|--:|--:|',
        ...results.map(
            ({ replies, first, steady, nothingNew, hostConvert }) =>
                `| ${replies} | ${fmt(first.app)} / ${fmt(first.floor)} | ${ratio(first)} | ${fmt(steady.app)} / ${fmt(steady.floor)} | ` +
                `${ratio(steady)} | ${fmt(nothingNew.app)} / ${fmt(nothingNew.floor)} | ${ratio(nothingNew)} | ` +
                `${fmt(hostConvert)} (${fmt((100 * hostConvert) / steady.floor, 0)}%) |`,
        ),
        `\nDeno RSS after the runs: Push Sync ${fmt(rss.app / 1024, 1)} MB, floor ${fmt(rss.floor / 1024, 1)} MB → ` +
            `${fmt(rss.app / rss.floor)}× (Push Sync's process also served every other row of this bench).`,
        `\nGoal rows (issue 18), ${repeats.replies} replies, ${repeats.runs.length} runs (each: one full sync of each app, ` +
            `then ${REPEATS.nothingNewPairs} alternating nothing-new pairs, then both Deno RSS):\n`,
        '| measure | runs | median of runs | goal |',
        '|---|--:|--:|--:|',
        `| nothing-new sync ÷ floor | ${repeats.runs.map((run) => `${fmt(run.nothingNew)}×`).join(', ')} | ` +
            `${fmt(median(repeats.runs.map((run) => run.nothingNew)))}× | ≤ 1.1× |`,
        `| Deno RSS ÷ floor | ${repeats.runs.map((run) => `${fmt(run.rss)}×`).join(', ')} | ` +
            `${fmt(median(repeats.runs.map((run) => run.rss)))}× | ≤ 1.1× |`,
        `| first sync ÷ floor (one call, above) | ${ratio(biggest.first)} | | ≤ 0.7× |`,
        `| steady sync ÷ floor (median, above) | ${ratio(biggest.steady)} | | ≤ 0.7× |`,
    ];
    return lines.join('\n');
}
