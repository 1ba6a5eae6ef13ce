import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { AppManager } from '@rocket.chat/apps-engine/server/AppManager';

import { WorkspaceBridges } from '../bridges/WorkspaceBridges';
import { WorkspaceSchedulerBridge } from '../bridges/scheduler';
import type { ClusterBroadcast, ClusterListener } from '../cluster/broadcast';
import type { ClusterJobStore } from '../cluster/jobStore';
import { applyClusterEvent } from '../cluster/apply';
import { constructManager, releaseManager } from '../cluster/managerSlot';
import type { Database } from '../store/Database';
import { BridgeMeter } from './bridgeMeter';
import { denoBinaryDir } from './paths';
import type { MemoryLogStorage, MemoryMetadataStorage, MemorySourceStorage } from './storages';

/** The parts of the engine's DenoRuntimeSubprocessController that shutdown needs. */
interface RuntimeController {
    state: string;
    deno?: { exitCode: number | null; signalCode: string | null; killed: boolean; kill(signal: string): boolean };
    stopApp(): Promise<void>;
    restartApp(): Promise<void>;
    /** Each request awaiting the subprocess's answer listens for `result:<request id>`. */
    eventNames(): Array<string | symbol>;
    emit(event: string, result: undefined, error: Error): boolean;
}

const isAlive = (controller: RuntimeController) =>
    !!controller.deno && !controller.deno.killed && controller.deno.exitCode === null && controller.deno.signalCode === null;

/** Requests the subprocess has not answered yet: each waits for `result:<request id>`. */
const unanswered = (controller: RuntimeController) =>
    controller.eventNames().filter((event) => typeof event === 'string' && event.startsWith('result:')).length;

/**
 * Polls the runtimes the engine uses now (an update replaces an app's runtime, so never a reference kept from
 * before) until none is `busy`, or `timeoutMs` ran out: returns the ids of the apps still busy (none when quiet).
 */
async function untilQuiet(
    manager: AppManager,
    busy: (controller: RuntimeController) => boolean,
    timeoutMs: number,
): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const apps = await manager.get();
        const busyApps = apps.filter((app) => busy(app.getRuntimeController() as unknown as RuntimeController));
        if (busyApps.length === 0 || Date.now() >= deadline) {
            return busyApps.map((app) => app.getID());
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
}

/** Every runtime controller the engine creates, removed and updated apps' included (their requests may still wait). */
function trackControllers(manager: AppManager): Set<RuntimeController> {
    const runtime = manager.getRuntime() as unknown as { runtimeFactory: (...args: unknown[]) => RuntimeController };
    const created = new Set<RuntimeController>();
    const factory = runtime.runtimeFactory;
    runtime.runtimeFactory = (...args: unknown[]) => {
        const controller = factory(...args);
        created.add(controller);
        return controller;
    };
    return created;
}

/**
 * A request the stopped subprocess will never answer keeps the engine's 30 s response timer, and with it the whole
 * Node process, alive ("Jest did not exit one second after the test run has completed"). Answer each with an error,
 * as the engine does when it cannot send a request at all.
 */
function failUnansweredRequests(controller: RuntimeController): void {
    for (const event of controller.eventNames()) {
        if (typeof event === 'string' && event.startsWith('result:')) {
            controller.emit(event, undefined, new Error('The workspace closed before the app answered'));
        }
    }
}

/**
 * A Ctrl-C reaches the Deno children too, and the engine's liveness manager then restarts them, possibly after
 * `unload` stopped them. Keep stopping until a controller has stayed stopped for a moment, so that no Deno
 * process outlives the workspace.
 */
async function stopForGood(controller: RuntimeController): Promise<void> {
    // The engine's liveness manager retries a failed restart a second later: after this, it restarts nothing.
    controller.restartApp = async () => undefined;
    const deadline = Date.now() + 5000;
    let quietChecks = 0;
    while (quietChecks < 3 && Date.now() < deadline) {
        if (controller.state !== 'restarting' && isAlive(controller)) {
            await controller.stopApp();
            quietChecks = 0;
        } else {
            quietChecks = controller.state === 'restarting' ? 0 : quietChecks + 1;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}

/** How long closing waits for the requests under way; the engine's own request timeout is 30 s. */
const CLOSE_GRACE_MS = 5000;

export interface AppRuntime {
    /** The instance this runtime belongs to: 'A', 'B', … (a single workspace is instance A). */
    name: string;
    manager: AppManager;
    bridges: WorkspaceBridges;
    /** Bridge calls made by the engine and the time spent in them (the stand-in's share of a request). */
    meter: BridgeMeter;
    logs: MemoryLogStorage;
    /**
     * Resolves once every app's runtime is ready and has answered every request sent to it: after an install, update
     * or enable, the app's startup jobs have run (they start at once). Await it before anything that stops a
     * runtime (an update, an uninstall, a restart): stopping one mid-request makes the engine write its answer to a
     * bridge call into the dead subprocess's pipe (`write EPIPE`). Rejects after `timeoutMs`.
     */
    settled(timeoutMs?: number): Promise<void>;
    /** What keeps this runtime from being settled now: each app whose runtime is not ready or has requests unanswered. */
    busy(): Promise<string[]>;
    /** Kills every app's Deno process (SIGKILL), as a crash would: the engine respawns it. */
    crash(): Promise<void>;
    /**
     * Stops the instance quietly: no broadcast, no job, and the apps stay as stored (enabled apps are not disabled),
     * as when a server process stops. `close` does the same and lets requests under way finish first.
     */
    stop(): Promise<void>;
    close(): Promise<void>;
}

/** The cluster an instance belongs to: what its instances share (packages/workspace/README.md#several-instances). */
export interface ClusterShare {
    storages: { metadata: MemoryMetadataStorage; source: MemorySourceStorage; logs: MemoryLogStorage };
    jobs: ClusterJobStore;
    broadcast: ClusterBroadcast;
}

/**
 * Starts the real Apps Engine for one instance (an AppManager, a Deno subprocess per app) on the workspace's in-memory
 * bridges and the cluster's shared storages (packages/workspace/README.md): it loads every app stored.
 */
export async function startAppRuntime(
    db: Database,
    options: { echoAppLogs?: boolean; name: string; cluster: ClusterShare },
): Promise<AppRuntime> {
    const { name, cluster } = options;
    // The engine spawns plain `deno` from PATH and passes the child only PATH and DENO_DIR.
    const denoDir = denoBinaryDir();
    if (!(process.env.PATH ?? '').split(path.delimiter).includes(denoDir)) {
        process.env.PATH = `${denoDir}${path.delimiter}${process.env.PATH ?? ''}`;
    }
    // The engine grants every permission when NODE_ENV is "test" (AppPermissionManager.hasPermission), and test
    // runners set exactly that. The workspace must enforce permissions like a server, so it never runs that way.
    if (process.env.NODE_ENV === 'test') {
        process.env.NODE_ENV = 'development';
    }
    const tempFilePath = mkdtempSync(path.join(tmpdir(), 'push-sync-workspace-'));
    // Bridges need the manager, and the manager needs the bridges: hand them a getter (core's orchestrator does the same).
    const holder: { manager?: AppManager } = {};
    let stopped = false;
    // An instance takes an app's job only while its runtime of that app is up: not before it loaded the app (a broadcast
    // on its way), not after it removed it, and not while an update or a respawn replaces its process.
    const scheduler = new WorkspaceSchedulerBridge(cluster.jobs, name, (appId) => {
        const controller = holder.manager?.getOneById(appId)?.getRuntimeController() as unknown as RuntimeController | undefined;
        return !!controller && controller.state === 'ready' && isAlive(controller);
    });
    const bridges = new WorkspaceBridges(
        {
            db,
            manager: () => {
                if (!holder.manager) throw new Error('AppManager is not ready');
                return holder.manager;
            },
        },
        { scheduler, publish: (event) => stopped || cluster.broadcast.publish(name, event) },
    );
    const meter = new BridgeMeter();
    const running = constructManager({
        metadataStorage: cluster.storages.metadata,
        logStorage: cluster.storages.logs,
        bridges: meter.instrument(bridges),
        sourceStorage: cluster.storages.source,
        tempFilePath,
    });
    holder.manager = running;
    const everyController = trackControllers(running);
    const listener: ClusterListener = {
        name,
        apply: (event) => applyClusterEvent(running, cluster.storages, event),
    };
    // As core's orchestrator at server start: load every stored app, then enable those stored as enabled.
    await running.load();
    await running.enableAll();
    cluster.broadcast.join(listener);

    /** Not settled: not ready, its process killed (the engine is about to respawn it), or requests unanswered. */
    const unsettled = (controller: RuntimeController) =>
        controller.state !== 'ready' || !isAlive(controller) || unanswered(controller) > 0;
    /** Stops every Deno subprocess the engine ever started here, for good, and fails what they left unanswered. */
    const stopSubprocesses = async () => {
        await Promise.all([...everyController].map(stopForGood));
        everyController.forEach(failUnansweredRequests);
    };
    /** Lets the manager go (the engine's slot, the temporary folder), without disabling anything in storage. */
    const release = () => {
        releaseManager(running);
        rmSync(tempFilePath, { recursive: true, force: true });
    };
    const leaveCluster = () => {
        stopped = true;
        scheduler.stop();
        cluster.broadcast.leave(name);
    };

    return {
        name,
        manager: running,
        bridges,
        meter,
        logs: cluster.storages.logs,
        async settled(timeoutMs = 30_000) {
            const stillBusy = await untilQuiet(running, unsettled, timeoutMs);
            if (stillBusy.length > 0) {
                throw new Error(`The runtime of app ${stillBusy.join(', ')} is still busy after ${timeoutMs} ms`);
            }
        },
        async busy() {
            return (await untilQuiet(running, unsettled, 0)).map(
                (appId) => `instance ${name}: the runtime of app ${appId} is not ready or has requests unanswered`,
            );
        },
        async crash() {
            for (const app of await running.get()) {
                (app.getRuntimeController() as unknown as RuntimeController).deno?.kill('SIGKILL');
            }
        },
        async stop() {
            leaveCluster();
            await stopSubprocesses();
            release();
        },
        async close() {
            leaveCluster();
            // Let the requests under way be answered (a job or an event handler that started just before): cut
            // short, each would end in an error. A subprocess that died (Ctrl-C) or is restarting answers nothing.
            await untilQuiet(
                running,
                (controller) => controller.state === 'ready' && isAlive(controller) && unanswered(controller) > 0,
                CLOSE_GRACE_MS,
            );
            // Stop the Deno subprocesses first: after a signal they may be restarting, and a graceful disable would then
            // wait for the engine's request timeout. The manager then forgets its apps; nothing it does is broadcast.
            await stopSubprocesses();
            await running.unload(false);
            release();
        },
    };
}
