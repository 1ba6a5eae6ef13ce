/**
 * Bridge calls per request (bench/README.md#pushget-and-its-floor): what a request costs in round trips to the
 * host, read from the workspace's meter before and after a batch of sequential requests.
 */
import type { RestClient, Workspace } from '@push-sync/workspace';

export interface BridgeCount {
    perRequest: number;
    byMethod: Record<string, number>;
}

/** Average bridge calls per request over `count` sequential requests, and per method. */
export async function countBridgeCalls(workspace: Workspace, call: () => Promise<void>, count: number): Promise<BridgeCount> {
    const before = workspace.bridgeUsage();
    for (let i = 0; i < count; i++) {
        await call();
    }
    const after = workspace.bridgeUsage();
    const byMethod = Object.fromEntries(
        Object.entries(after.byMethod)
            .map(([method, calls]): [string, number] => [method, (calls - (before.byMethod[method] ?? 0)) / count])
            .filter(([, calls]) => calls > 0),
    );
    return { perRequest: (after.calls - before.calls) / count, byMethod };
}

/** Saves one Push Sync app setting through core's apps REST API, as an admin does. */
export async function setAppSetting(admin: RestClient, appId: string, id: string, value: unknown): Promise<void> {
    const current = await admin.get<{ settings: { [id: string]: object } }>(`/api/apps/${appId}/settings`);
    const saved = await admin.post(`/api/apps/${appId}/settings`, { settings: [{ ...current.body.settings[id], value }] });
    if (saved.status !== 200) {
        throw new Error(`saving ${id} failed: ${saved.text}`);
    }
}

export function formatByMethod(counts: Record<string, number>): string {
    return Object.entries(counts)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([method, perRequest]) => `${method} ${perRequest.toFixed(2)}`)
        .join(', ');
}

export interface ColdCounts {
    coldSync: BridgeCount;
    warmSync: BridgeCount;
    coldPurge: BridgeCount;
}

/**
 * A sync of an unchanged thread and the daily purge with the settings cache off (`settings_cache_seconds` = 0: every
 * request starts cold), and the same sync with the cache on.
 */
export async function coldCacheCounts(setup: {
    workspace: Workspace;
    admin: RestClient;
    appId: string;
    sync: () => Promise<unknown>;
}): Promise<ColdCounts> {
    const { workspace, admin, appId, sync } = setup;
    const once = async () => void (await sync());
    const purge = () => workspace.runtime.bridges.scheduler.runNow(`purge-expired-removals_${appId}`);
    await once();
    const warmSync = await countBridgeCalls(workspace, once, 20);
    await setAppSetting(admin, appId, 'settings_cache_seconds', 0);
    try {
        return {
            coldSync: await countBridgeCalls(workspace, once, 20),
            warmSync,
            coldPurge: await countBridgeCalls(workspace, purge, 5),
        };
    } finally {
        await setAppSetting(admin, appId, 'settings_cache_seconds', 5);
    }
}

export function printColdCounts({ coldSync, warmSync, coldPurge }: ColdCounts): void {
    console.log('\nBridge calls per request, settings cache on (warm) and off (cold), a 10-reply thread with nothing new:\n');
    console.log('| request | bridge calls | per method |');
    console.log('|---|--:|---|');
    for (const [name, count] of [
        ['sync, cache warm', warmSync],
        ['sync, cache cold', coldSync],
        ['daily purge job, cache cold', coldPurge],
    ] as const) {
        console.log(`| ${name} | ${count.perRequest.toFixed(1)} | ${formatByMethod(count.byMethod)} |`);
    }
}
