/**
 * The workspace's own share of each benchmark row: how many bridge calls a request makes and how much of its time is
 * spent inside the in-memory stand-in (stores and converters), read from the workspace's bridge meter around every
 * call of a row (bench/README.md#workspace-share). The rest of a request is the app, the Apps Engine, the Deno
 * pipe and HTTP: what a real server would also spend, except that its bridges pay MongoDB instead.
 */
import { performance } from 'node:perf_hooks';

import type { Workspace } from '@push-sync/workspace';
import { seedThread } from './seed';

interface Share {
    name: string;
    requests: number;
    wallMs: number;
    bridgeCalls: number;
    bridgeMs: number;
}

function fmt(value: number, digits = 2): string {
    return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

export class WorkspaceShare {
    private readonly shares = new Map<string, Share>();

    constructor(private readonly workspace: Workspace) {}

    /** `call`, metered: every call through the returned function (warm-ups included) adds to row `name`. */
    track<T>(name: string, call: () => Promise<T>): () => Promise<T> {
        return async () => {
            const before = this.workspace.bridgeUsage();
            const started = performance.now();
            const result = await call();
            const wallMs = performance.now() - started;
            const after = this.workspace.bridgeUsage();
            const share = this.shares.get(name) ?? { name, requests: 0, wallMs: 0, bridgeCalls: 0, bridgeMs: 0 };
            share.requests++;
            share.wallMs += wallMs;
            share.bridgeCalls += after.calls - before.calls;
            share.bridgeMs += after.busyMs - before.busyMs;
            this.shares.set(name, share);
            return result;
        };
    }

    print(): void {
        console.log(
            '\nWorkspace share (the in-memory stand-in’s own time: the engine’s bridge calls, and the time inside the ' +
                'workspace’s bridge methods, summed over every call of the row, warm-ups included):\n',
        );
        console.log('| measure | requests | bridge calls / request | bridge ms / request | ms / request | workspace share |');
        console.log('|---|--:|--:|--:|--:|--:|');
        for (const { name, requests, wallMs, bridgeCalls, bridgeMs } of this.shares.values()) {
            console.log(
                `| ${name} | ${requests} | ${fmt(bridgeCalls / requests, 1)} | ${fmt(bridgeMs / requests)} | ` +
                    `${fmt(wallMs / requests)} | ${fmt((100 * bridgeMs) / wallMs, 1)} % |`,
            );
        }
    }
}

/** Replies of the big thread, and how many steady-state syncs of it are timed (each takes seconds: no median here). */
export const BIG_THREAD = { replies: 10_000, steadyCalls: 3 };

/**
 * A 10,000-reply thread: how long seeding it takes (store writes, indexes, markdown parsing; not HTTP), then its first
 * sync and a few steady-state syncs, all metered. Returns the seeding time in ms.
 */
export async function bigThreadRows(
    workspace: Workspace,
    share: WorkspaceShare,
    rid: string,
    sync: (tmid: string) => () => Promise<unknown>,
): Promise<number> {
    const seeding = performance.now();
    const root = seedThread(workspace, rid, ['ana', 'ben'], BIG_THREAD.replies);
    const seedMs = performance.now() - seeding;
    console.error(`  seeded a ${BIG_THREAD.replies}-reply thread in ${fmt(seedMs)} ms`);
    await share.track(`sync, ${BIG_THREAD.replies} replies, first call`, sync(root._id))();
    const steady = share.track(`sync, ${BIG_THREAD.replies} replies`, sync(root._id));
    for (let i = 0; i < BIG_THREAD.steadyCalls; i++) {
        await steady();
    }
    return seedMs;
}
