/**
 * Several instances (bench/README.md#several-instances): what a cluster of 1, 2 and 3 instances costs in the local
 * workspace, and whether an instance answers as fast as another. Measured, never asserted:
 * - the start, and the install until every instance settled; each instance's app Deno process (RSS);
 * - `restartInstance('B')`, and `crashRuntime('B')` until the respawn settled;
 * - push.get and the sync of a 100-reply thread through each instance's own port: medians, and the ratio of each
 *   instance to A (1.0× is parity); the answers must be identical, or the run aborts.
 * Run alone with `npx tsx bench/cluster.ts`; `npm run bench` runs it after the single-instance rows.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { performance } from 'node:perf_hooks';

import { ensurePackaged, readManifest } from '../scripts/appPackage';
import { ADMIN_PASSWORD, ADMIN_USERNAME, RestClient, Workspace } from '@push-sync/workspace';
import { setAppSetting } from './bridgeCalls';
import { createChannel, createUser, seedThread } from './seed';
import type { Sample } from './stats';
import { measure } from './stats';

const EPOCH = '2019-04-01T00:00:00.000Z';
const INSTANCES = [1, 2, 3];
const CALLS = { warmup: 20, warmupBudgetMs: 2_000, minWarmup: 5, samples: 60, budgetMs: 4_000, minSamples: 20 };

export interface ClusterRow {
    instances: number;
    startMs: number;
    installMs: number;
    denoRssMb: number[];
    restartMs?: number;
    crashMs?: number;
    /** Per instance, in start order. */
    pushGet: Sample[];
    sync: Sample[];
}

const fmt = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

async function denoRssMb(workspace: Workspace): Promise<number[]> {
    const sizes: number[] = [];
    for (const { runtime } of workspace.instances) {
        for (const app of await runtime.manager.get()) {
            const pid = (app.getRuntimeController() as unknown as { deno?: { pid?: number } }).deno?.pid;
            if (pid)
                sizes.push(
                    Number(
                        execFileSync('ps', ['-o', 'rss=', '-p', String(pid)])
                            .toString()
                            .trim(),
                    ) / 1024,
                );
        }
    }
    return sizes;
}

/** One cluster of `instances`, measured and closed. */
async function measureCluster(instances: number, zip: Buffer): Promise<ClusterRow> {
    let mark = performance.now();
    const workspace = await Workspace.start({ port: 0, instances });
    const startMs = performance.now() - mark;
    try {
        const admin = await RestClient.login(workspace.url, ADMIN_USERNAME, ADMIN_PASSWORD);
        mark = performance.now();
        const installed = await admin.uploadApp(zip, { permissions: readManifest().permissions });
        if (installed.status !== 200) throw new Error(`install failed: ${installed.text}`);
        await workspace.settled(30_000);
        const installMs = performance.now() - mark;
        const appId = (installed.body as { app: { id: string } }).app.id;
        const ana = await createUser(workspace, admin, 'ana');
        await createUser(workspace, admin, 'ben');
        const rid = await createChannel(ana, 'cluster-bench', ['ben']);
        const root = seedThread(workspace, rid, ['ana', 'ben'], 100);
        // The limits are per instance and per user; the rows measure the endpoints, not the limiter.
        for (const id of ['rate_limit_push_get_per_minute', 'rate_limit_sync_replies_per_minute']) {
            await setAppSetting(admin, appId, id, 0);
        }
        await workspace.settled();

        const perInstance = async (path: string, query: { [key: string]: string }) => {
            const samples: Sample[] = [];
            let first: unknown;
            for (const { name, url } of workspace.instances) {
                const client = new RestClient(url, ana.credentials);
                samples.push(
                    await measure(async () => {
                        const response = await client.callApp(appId, path, query);
                        if (response.status !== 200) throw new Error(`${path} on ${name}: ${response.status} ${response.text}`);
                        first ??= response.body;
                        if (!isDeepStrictEqual(response.body, first)) throw new Error(`${path} on ${name} answers differently`);
                    }, CALLS),
                );
            }
            return samples;
        };
        const pushGet = await perInstance('push.get', { id: root._id });
        // The first sync through A starts tracking; every later one (any instance) answers the same.
        const sync = await perInstance('chat.syncThreadMessages', { tmid: root._id, updatedSince: EPOCH });
        const row: ClusterRow = { instances, startMs, installMs, denoRssMb: await denoRssMb(workspace), pushGet, sync };
        if (instances > 1) {
            mark = performance.now();
            await workspace.restartInstance('B');
            await workspace.settled();
            row.restartMs = performance.now() - mark;
            mark = performance.now();
            await workspace.crashRuntime('B');
            await workspace.settled(30_000);
            row.crashMs = performance.now() - mark;
        }
        return row;
    } finally {
        await workspace.close();
    }
}

export async function clusterBench(): Promise<ClusterRow[]> {
    const zip = readFileSync(ensurePackaged());
    const rows: ClusterRow[] = [];
    for (const instances of INSTANCES) {
        rows.push(await measureCluster(instances, zip));
    }
    return rows;
}

export function printCluster(rows: ClusterRow[]): void {
    console.log('\nSeveral instances (one workspace per row; each instance on its own port, medians per instance):\n');
    console.log(
        '| instances | start ms | install + settled ms | Deno RSS MB each | restart B ms | crash B → settled ms | push.get ms (÷ A) | sync 100 ms (÷ A) |',
    );
    console.log('|--:|--:|--:|--:|--:|--:|--:|--:|');
    const perInstance = (samples: Sample[]) =>
        samples
            .map((sample, index) => `${fmt(sample.median, 1)}${index ? ` (${fmt(sample.median / samples[0].median, 2)}×)` : ''}`)
            .join(' / ');
    for (const row of rows) {
        console.log(
            `| ${row.instances} | ${fmt(row.startMs)} | ${fmt(row.installMs)} | ${row.denoRssMb.map((mb) => fmt(mb)).join(' / ')} | ` +
                `${row.restartMs === undefined ? '' : fmt(row.restartMs)} | ${row.crashMs === undefined ? '' : fmt(row.crashMs)} | ` +
                `${perInstance(row.pushGet)} | ${perInstance(row.sync)} |`,
        );
    }
}

if (require.main === module) {
    clusterBench().then(printCluster, (error: unknown) => {
        console.error(error);
        process.exitCode = 1;
    });
}
