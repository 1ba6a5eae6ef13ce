import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { AppManager } from '@rocket.chat/apps-engine/server/AppManager';

import { WorkspaceBridges } from '../bridges/WorkspaceBridges';
import type { Database } from '../store/Database';
import { BridgeMeter } from './bridgeMeter';
import { denoBinaryDir } from './paths';
import { MemoryLogStorage, MemoryMetadataStorage, MemorySourceStorage } from './storages';

/** The parts of the engine's DenoRuntimeSubprocessController that shutdown needs. */
interface RuntimeController {
    state: string;
    deno?: { exitCode: number | null; signalCode: string | null };
    stopApp(): Promise<void>;
    /** Each request awaiting the subprocess's answer listens for `result:<request id>`. */
    eventNames(): Array<string | symbol>;
    emit(event: string, result: undefined, error: Error): boolean;
}

const isAlive = (controller: RuntimeController) =>
    !!controller.deno && controller.deno.exitCode === null && controller.deno.signalCode === null;

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
    close(): Promise<void>;
}

/**
 * Starts the real Apps Engine (one AppManager per process, a Deno subprocess per app) on the workspace's
 * in-memory bridges and storages (packages/workspace/README.md).
 */
export async function startAppRuntime(db: Database, options: { echoAppLogs: boolean }): Promise<AppRuntime> {
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
    const bridges = new WorkspaceBridges({
        db,
        manager: () => {
            if (!holder.manager) throw new Error('AppManager is not ready');
            return holder.manager;
        },
    });
    const logs = new MemoryLogStorage(options.echoAppLogs);
    const meter = new BridgeMeter();
    const running = new AppManager({
        metadataStorage: new MemoryMetadataStorage(),
        logStorage: logs,
        bridges: meter.instrument(bridges),
        sourceStorage: new MemorySourceStorage(),
        tempFilePath,
    });
    holder.manager = running;
    const everyController = trackControllers(running);
    await running.load();
    return {
        manager: running,
        bridges,
        meter,
        logs,
        async settled(timeoutMs = 30_000) {
            const busy = await untilQuiet(
                running,
                (controller) => controller.state !== 'ready' || unanswered(controller) > 0,
                timeoutMs,
            );
            if (busy.length > 0) {
                throw new Error(`The runtime of app ${busy.join(', ')} is still busy after ${timeoutMs} ms`);
            }
        },
        async close() {
            bridges.scheduler.stopAll();
            // Let the requests under way be answered (a job or an event handler that started just before): cut
            // short, each would end in an error. A subprocess that died (Ctrl-C) or is restarting answers nothing.
            await untilQuiet(
                running,
                (controller) => controller.state === 'ready' && isAlive(controller) && unanswered(controller) > 0,
                CLOSE_GRACE_MS,
            );
            const controllers = (await running.get()).map((app) => app.getRuntimeController() as unknown as RuntimeController);
            // Stop the Deno subprocesses first: after a signal they may be restarting, and a graceful disable would then
            // wait for the engine's request timeout. Then let the manager forget its apps.
            await Promise.all(controllers.map(stopForGood));
            everyController.forEach(failUnansweredRequests);
            await running.unload(false);
            (AppManager as unknown as { Instance?: AppManager }).Instance = undefined;
            rmSync(tempFilePath, { recursive: true, force: true });
        },
    };
}
