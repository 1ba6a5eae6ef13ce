/**
 * The rate limiter's two goals (bench/README.md#fairness-and-the-limiters-cost), measured, never asserted:
 * - fairness: 16 users call push.get in a loop for 10 s; then the same while one other user syncs a 5,000-reply thread
 *   8 requests at a time in a loop that ignores every 429 (an abusive script). Their p99 during the flood, its start
 *   included, over their p99 without it (goal ≤ 2×);
 * - cost: push.get's median with the limiter on (a limit never reached, so every call is counted and gets headers) and
 *   off (limit 0), in alternating blocks of the same run (goal within 5 %).
 * Run alone with `npx tsx bench/fairness.ts`; `npm run bench` runs it last.
 */
import { performance } from 'node:perf_hooks';

import type { RateLimitConfig } from '../lib/rateLimit/config';
import { DEFAULT_RATE_LIMITS } from '../lib/rateLimit/config';
import type { RestClient, Workspace } from '@push-sync/workspace';
import { setAppSetting } from './bridgeCalls';
import { createChannel, createUser, seedThread } from './seed';
import { percentile, summarize } from './stats';

const EPOCH = '2019-04-01T00:00:00.000Z';
const USERS = 16;
const PHASE_MS = 10_000;
const FLOOD = { replies: 5_000, concurrent: 8 };
const COST = { blocks: 10, callsPerBlock: 40 };

export interface FairnessResult {
    quiet: number[];
    flooded: number[];
    flood: { ok: number; limited: number; other: number };
    cost: { on: number[]; off: number[] };
    limits: RateLimitConfig;
}

function fmt(value: number, digits = 2): string {
    return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

/** Each user calls push.get in a loop until `until`; every latency (ms) is kept. */
async function pushLoad(clients: RestClient[], appId: string, messageId: string, until: number): Promise<number[]> {
    const times: number[] = [];
    await Promise.all(
        clients.map(async (client) => {
            while (performance.now() < until) {
                const started = performance.now();
                const response = await client.callApp(appId, 'push.get', { id: messageId });
                if (response.status !== 200) {
                    throw new Error(`push.get during the fairness row: ${response.status} ${response.text.slice(0, 200)}`);
                }
                times.push(performance.now() - started);
            }
        }),
    );
    return times;
}

export async function fairnessBench(setup: { workspace: Workspace; admin: RestClient; appId: string }): Promise<FairnessResult> {
    const { workspace, admin, appId } = setup;
    const set = (id: string, value: unknown) => setAppSetting(admin, appId, id, value);
    const users: RestClient[] = [];
    for (let i = 0; i < USERS; i++) {
        users.push(await createUser(workspace, admin, `fair${i}`));
    }
    const flooder = await createUser(workspace, admin, 'flooder');
    const rid = await createChannel(users[0], 'fairness', [...users.slice(1).map((_, i) => `fair${i + 1}`), 'flooder']);
    const sent = await users[0].post<{ message: { _id: string } }>('/api/v1/chat.sendMessage', { message: { rid, msg: 'hi' } });
    const messageId = sent.body.message._id;
    const thread = seedThread(workspace, rid, ['fair0', 'fair1'], FLOOD.replies);

    // The sync limits at their defaults; push.get's own limit off, since 16 looping users stand for many real ones and
    // would otherwise be limited themselves.
    await set('rate_limit_push_get_per_minute', 0);
    await set('rate_limit_sync_replies_per_minute', DEFAULT_RATE_LIMITS.syncRepliesPerMinute);
    // The flooder's first sync learns the thread (one big write): not part of the flood.
    await flooder.callApp(appId, 'chat.syncThreadMessages', { tmid: thread._id, updatedSince: EPOCH });
    // A change restarts the windows: the flood starts with a whole budget.
    await set('rate_limit_sync_concurrent', 0);
    await set('rate_limit_sync_concurrent', DEFAULT_RATE_LIMITS.syncConcurrent);
    await pushLoad(users, appId, messageId, performance.now() + 2_000); // warm-up

    console.error('  fairness: 16 users, quiet …');
    const quiet = await pushLoad(users, appId, messageId, performance.now() + PHASE_MS);
    console.error('  fairness: 16 users while one user floods syncs …');
    const flood = { ok: 0, limited: 0, other: 0 };
    const until = performance.now() + PHASE_MS;
    const flooding = Promise.all(
        Array.from({ length: FLOOD.concurrent }, async () => {
            while (performance.now() < until) {
                const response = await flooder.callApp(appId, 'chat.syncThreadMessages', {
                    tmid: thread._id,
                    updatedSince: EPOCH,
                });
                flood[response.status === 200 ? 'ok' : response.status === 429 ? 'limited' : 'other']++;
            }
        }),
    );
    const flooded = await pushLoad(users, appId, messageId, until);
    await flooding;

    console.error('  limiter cost: push.get with the limiter on and off …');
    const cost = { on: [] as number[], off: [] as number[] };
    const client = users[0];
    for (let block = 0; block < COST.blocks * 2; block++) {
        const on = block % 2 === 0;
        await set('rate_limit_push_get_per_minute', on ? 1_000_000 : 0);
        for (let i = 0; i < COST.callsPerBlock + 5; i++) {
            const started = performance.now();
            await client.callApp(appId, 'push.get', { id: messageId });
            // The first calls of a block reload the settings: not counted.
            if (i >= 5) {
                cost[on ? 'on' : 'off'].push(performance.now() - started);
            }
        }
    }
    await set('rate_limit_push_get_per_minute', DEFAULT_RATE_LIMITS.pushGetPerMinute);
    return {
        quiet,
        flooded,
        flood,
        cost,
        limits: DEFAULT_RATE_LIMITS,
    };
}

export function printFairness({ quiet, flooded, flood, cost, limits }: FairnessResult): void {
    const p = (times: number[], q: number) =>
        percentile(
            [...times].sort((a, b) => a - b),
            q,
        );
    console.log(
        `\nFairness (${USERS} users call push.get in a loop for ${PHASE_MS / 1000} s; then the same while one other user syncs ` +
            `a ${FLOOD.replies}-reply thread ${FLOOD.concurrent} requests at a time, ignoring 429s; sync limits ` +
            `${limits.syncRepliesPerMinute} replies/min, ${limits.syncConcurrent} in flight):\n`,
    );
    console.log('| phase | push.get calls | p50 ms | p99 ms | max ms | flooder 200 / 429 / other |');
    console.log('|---|--:|--:|--:|--:|--:|');
    console.log(`| quiet | ${quiet.length} | ${fmt(p(quiet, 50))} | ${fmt(p(quiet, 99))} | ${fmt(Math.max(...quiet))} | |`);
    console.log(
        `| flood | ${flooded.length} | ${fmt(p(flooded, 50))} | ${fmt(p(flooded, 99))} | ${fmt(Math.max(...flooded))} | ` +
            `${flood.ok} / ${flood.limited} / ${flood.other} |`,
    );
    console.log(`\nOthers' p99 during the flood ÷ without: ${fmt(p(flooded, 99) / p(quiet, 99))}× (goal ≤ 2×).`);
    const [on, off] = [summarize(cost.on), summarize(cost.off)];
    console.log(
        `Limiter cost: push.get median ${fmt(on.median)} ms on vs ${fmt(off.median)} ms off (${cost.on.length} + ` +
            `${cost.off.length} calls in alternating blocks): ${fmt((100 * (on.median - off.median)) / off.median, 1)} % (goal within 5 %).`,
    );
}

if (require.main === module) {
    void (async () => {
        const { readFileSync } = await import('node:fs');
        const { ensurePackaged, readManifest } = await import('../scripts/appPackage');
        const { ADMIN_PASSWORD, ADMIN_USERNAME, RestClient: Client, Workspace: Host } = await import('@push-sync/workspace');
        const workspace = await Host.start({ port: 0 });
        try {
            const admin = await Client.login(workspace.url, ADMIN_USERNAME, ADMIN_PASSWORD);
            const installed = await admin.uploadApp(readFileSync(ensurePackaged()), { permissions: readManifest().permissions });
            const appId = (installed.body as { app: { id: string } }).app.id;
            printFairness(await fairnessBench({ workspace, admin, appId }));
        } finally {
            await workspace.close();
        }
    })().catch((error: unknown) => {
        console.error(error);
        process.exitCode = 1;
    });
}
