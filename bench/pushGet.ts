/**
 * push.get against its floor (bench/README.md#pushget-and-its-floor): a minimal app installed next to Push Sync
 * (bench/floor-apps/push-floor) makes only the reads any push.get needs. Both are called alternately on the same
 * message by the same user, so load and drift hit both alike; the bridge calls per request come from the workspace.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { RestClient, Workspace } from '@push-sync/workspace';
import { countBridgeCalls, formatByMethod, setAppSetting } from './bridgeCalls';
import { packageFloorApp } from './floorApps';
import type { MeasureOptions, Sample } from './stats';
import { measurePaired } from './stats';

const FLOOR_APP = 'bench/floor-apps/push-floor';
const FLOOR_WARMUP = 300;
const COUNTED_CALLS = 100;

export interface FloorComparison {
    /** The floor app, installed for this comparison (the push.get bursts reuse it). */
    floorAppId: string;
    pushGet: Sample;
    floor: Sample;
    /** The same pair with Push Sync's settings cache off (every request reads the 8 server settings). */
    uncached: { pushGet: Sample; floor: Sample };
    /** Bridge calls per request, averaged over COUNTED_CALLS sequential requests. */
    calls: { pushGet: number; pushGetUncached: number; floor: number };
    byMethod: { pushGet: Record<string, number>; floor: Record<string, number> };
}

async function installFloorApp(admin: RestClient): Promise<string> {
    const zip = await packageFloorApp(FLOOR_APP);
    const { permissions } = JSON.parse(readFileSync(path.join(__dirname, 'floor-apps', 'push-floor', 'app.json'), 'utf8')) as {
        permissions: object[];
    };
    const installed = await admin.uploadApp(readFileSync(zip), { permissions });
    if (installed.status !== 200) {
        throw new Error(`floor app install failed: ${installed.status} ${installed.text}`);
    }
    return (installed.body as { app: { id: string } }).app.id;
}

export async function comparePushGetWithFloor(setup: {
    workspace: Workspace;
    admin: RestClient;
    client: RestClient;
    appId: string;
    messageId: string;
    options: MeasureOptions;
}): Promise<FloorComparison> {
    const { workspace, admin, client, appId, messageId, options } = setup;
    const floorAppId = await installFloorApp(admin);
    const checked = (id: string) => async () => {
        const response = await client.callApp(id, 'push.get', { id: messageId });
        if (response.status !== 200) {
            throw new Error(`push.get (${id}): ${response.status} ${response.text.slice(0, 300)}`);
        }
    };
    const pushGet = checked(appId);
    const floor = checked(floorAppId);
    for (let i = 0; i < FLOOR_WARMUP; i++) {
        await floor();
    }
    const { sample, reference } = await measurePaired(pushGet, floor, { ...options, referencePerCall: 1 });
    const counted = await countBridgeCalls(workspace, pushGet, COUNTED_CALLS);
    const floorCounted = await countBridgeCalls(workspace, floor, COUNTED_CALLS);
    // Without the settings cache every request reads the server settings again.
    await setAppSetting(admin, appId, 'settings_cache_seconds', 0);
    let uncachedPair: { sample: Sample; reference: Sample };
    let uncached: { perRequest: number };
    try {
        uncachedPair = await measurePaired(pushGet, floor, { ...options, referencePerCall: 1 });
        uncached = await countBridgeCalls(workspace, pushGet, 20);
    } finally {
        await setAppSetting(admin, appId, 'settings_cache_seconds', 5);
    }
    return {
        floorAppId,
        pushGet: sample,
        floor: reference,
        uncached: { pushGet: uncachedPair.sample, floor: uncachedPair.reference },
        calls: { pushGet: counted.perRequest, pushGetUncached: uncached.perRequest, floor: floorCounted.perRequest },
        byMethod: { pushGet: counted.byMethod, floor: floorCounted.byMethod },
    };
}

export function printFloorComparison({ pushGet, floor, uncached, calls, byMethod }: FloorComparison): void {
    const fmt = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '-');
    console.log('\npush.get against its floor (a minimal app making only the reads any push.get needs; calls alternate):\n');
    console.log('| app | n | median ms | p90 ms | median ÷ floor | p90 ÷ floor | bridge calls per request |');
    console.log('|---|--:|--:|--:|--:|--:|--:|');
    console.log(
        `| floor (bench/floor-apps/push-floor) | ${floor.times.length} | ${fmt(floor.median)} | ${fmt(floor.p90)} | 1.00× | 1.00× | ` +
            `${fmt(calls.floor, 1)} |`,
    );
    console.log(
        `| Push Sync push.get | ${pushGet.times.length} | ${fmt(pushGet.median)} | ${fmt(pushGet.p90)} | ` +
            `${fmt(pushGet.median / floor.median)}× | ${fmt(pushGet.p90 / floor.p90)}× | ${fmt(calls.pushGet, 2)} |`,
    );
    console.log(
        `| Push Sync push.get, settings cache off (floor: ${fmt(uncached.floor.median)} / ${fmt(uncached.floor.p90)} ms) | ` +
            `${uncached.pushGet.times.length} | ${fmt(uncached.pushGet.median)} | ${fmt(uncached.pushGet.p90)} | ` +
            `${fmt(uncached.pushGet.median / uncached.floor.median)}× | ${fmt(uncached.pushGet.p90 / uncached.floor.p90)}× | ` +
            `${fmt(calls.pushGetUncached, 1)} |`,
    );
    console.log(
        `\nBridge calls per request — push.get: ${formatByMethod(byMethod.pushGet)}; floor: ${formatByMethod(byMethod.floor)}.`,
    );
}
