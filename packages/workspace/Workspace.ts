import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

import { AppStatusUtils } from '@rocket.chat/apps-engine/definition/AppStatus';

import { convertUserToApp } from './converters/users';
import { seedDemoData, type DemoData } from './demo';
import { loadFixture } from './fixtures';
import { createUser, findUserByUsername } from './functions/users';
import type { ApiDocsOptions } from './rest/apiDocs';
import type { AppChangeListener } from './bridges/activation';
import { ClusterBroadcast } from './cluster/broadcast';
import { ClusterJobStore } from './cluster/jobStore';
import type { AppRuntime, ClusterShare } from './runtime/appRuntime';
import type { BridgeUsage } from './runtime/bridgeMeter';
import type { PersistenceReadUsage } from './runtime/persistenceReadMeter';
import { MemoryLogStorage, MemoryMetadataStorage, MemorySourceStorage } from './runtime/storages';
import { Database } from './store/Database';
import { seedIds } from './store/ids';

export interface WorkspaceOptions {
    /** 0 picks a free port. */
    port?: number;
    host?: string;
    demo?: boolean;
    /** A fixture file (packages/workspace/README.md). */
    dataFile?: string;
    echoAppLogs?: boolean;
    /** The API explorer at /api-docs/: the app's OpenAPI description and how to prefill it. None without it. */
    apiDocs?: ApiDocsOptions;
    /** Print one line per HTTP request (method, path, status, ms). */
    logRequests?: boolean;
    /** Repeatable ids and login tokens: the same seed and steps give the same ones on every start. */
    seed?: number;
    /**
     * Server instances on the one in-memory database, each with its own app runtime and REST port, behind the main
     * port, which balances (packages/workspace/README.md#several-instances). 1 to 26; default 1.
     */
    instances?: number;
    /** Whether instances broadcast app changes to each other, as core does with its scalability module; default on. */
    broadcast?: boolean;
}

export const ADMIN_USERNAME = 'admin';
export const ADMIN_PASSWORD = 'admin';

/** The header that sends a request on the main port to one instance; without it, instances take turns. */
export const INSTANCE_HEADER = 'x-workspace-instance';

/** How long `settled()` waits by default before it names what is still pending. */
const SETTLE_TIMEOUT_MS = 10_000;

/** One server instance of the workspace, as `workspace.instances` lists it. */
export interface WorkspaceInstance {
    /** 'A', 'B', … in start order. */
    readonly name: string;
    /** The instance's own REST port (the main URL for a single instance). */
    readonly url: string;
    /** Its app runtime; a restart replaces it. */
    readonly runtime: AppRuntime;
}

/** A listening server and its open connections (closing destroys them, so a kept-alive client cannot hold it open). */
class Listener {
    private readonly sockets = new Set<Socket>();

    constructor(readonly server: Server) {
        server.on('connection', (socket) => {
            this.sockets.add(socket);
            socket.once('close', () => this.sockets.delete(socket));
        });
    }

    get port(): number {
        const address = this.server.address();
        return typeof address === 'object' && address ? address.port : 0;
    }

    close(): Promise<void> {
        const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
        for (const socket of this.sockets) {
            socket.destroy();
        }
        return closed;
    }
}

interface Instance extends WorkspaceInstance {
    url: string;
    runtime: AppRuntime;
    handler: RequestListener;
    /** Its own port; none for a single instance, which serves on the main port. */
    own?: Listener;
    /** Stopped for a restart: the balancer skips it. */
    down: boolean;
}

/** Stops a cluster: nothing is broadcast or run any more, then the main port, and every instance with its app processes. */
async function stopCluster(cluster: ClusterShare, main: Listener | undefined, instances: Instance[]): Promise<void> {
    cluster.broadcast.enabled = false;
    cluster.jobs.stop();
    await main?.close();
    await Promise.all(
        instances.map(async (instance) => {
            await instance.own?.close();
            await instance.runtime.close();
        }),
    );
}

/** The answer to a name no instance has: what the balancer's 400 and the methods' errors say. */
const noSuchInstance = (name: string, instances: readonly Instance[]) =>
    `No workspace instance "${name}" (instances: ${instances.map((instance) => instance.name).join(', ')})`;

const instanceName = (index: number) => String.fromCharCode('A'.charCodeAt(0) + index);

function answerJson(res: ServerResponse, status: number, body: object): void {
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * A running local workspace: the in-memory Rocket.Chat stand-in, its HTTP API and the real Apps Engine, as one
 * instance or a cluster of several on one database. One per process.
 */
export class Workspace {
    private nextInstance = 0;
    private closing: Promise<void> | undefined;

    private constructor(
        readonly db: Database,
        private readonly all: Instance[],
        private readonly main: Listener,
        readonly url: string,
        readonly demo: DemoData | undefined,
        private readonly cluster: ClusterShare,
        private readonly startInstance: (name: string) => Promise<{ runtime: AppRuntime; handler: RequestListener }>,
        private readonly host: string,
        private readonly appChangeListeners: AppChangeListener[],
    ) {}

    static async start(options: WorkspaceOptions = {}): Promise<Workspace> {
        const host = options.host ?? '127.0.0.1';
        const count = options.instances ?? 1;
        if (!Number.isInteger(count) || count < 1 || count > 26) {
            throw new Error(`instances must be a whole number from 1 to 26, not ${count}`);
        }
        // Loaded only now: the engine and the web server take a while to load, and the package entry (used by unit
        // test fakes and by command lines that must answer --help at once) should not pay for them.
        const [{ startAppRuntime }, { AppEventDispatcher }, { createHttpApp, listen }] = await Promise.all([
            import('./runtime/appRuntime'),
            import('./runtime/events'),
            import('./rest/server'),
        ]);
        seedIds(options.seed);
        const db = new Database('http://localhost:3000');
        createUser(db, {
            username: ADMIN_USERNAME,
            password: ADMIN_PASSWORD,
            name: 'Administrator',
            roles: ['admin'],
            email: 'admin@localhost',
        });
        const cluster: ClusterShare = {
            storages: {
                metadata: new MemoryMetadataStorage(),
                source: new MemorySourceStorage(),
                logs: new MemoryLogStorage(options.echoAppLogs ?? false),
            },
            jobs: new ClusterJobStore(),
            broadcast: new ClusterBroadcast(options.broadcast ?? true),
        };
        let demo: DemoData | undefined;
        const firstEvents: { events?: InstanceType<typeof AppEventDispatcher> } = {};
        const appChangeListeners: AppChangeListener[] = [];
        const startInstance = async (name: string) => {
            const runtime = await startAppRuntime(db, { echoAppLogs: options.echoAppLogs, name, cluster });
            runtime.bridges.activation.onAppChange((change, app) =>
                appChangeListeners.forEach((listener) => listener(change, app)),
            );
            // A REST call fires app events on the instance that handled it only.
            const events = new AppEventDispatcher(db, () => runtime.manager);
            firstEvents.events ??= events;
            const prefix = count > 1 ? `[http] ${name} ` : '[http] ';
            const handler = createHttpApp(db, runtime, events, {
                apiDocs: options.apiDocs,
                demo: () => demo,
                logRequest: options.logRequests ? (line) => console.log(`${prefix}${line}`) : undefined,
            });
            return { runtime, handler };
        };

        const instances: Instance[] = [];
        let main: Listener | undefined;
        try {
            for (let index = 0; index < count; index++) {
                const name = instanceName(index);
                const { runtime, handler } = await startInstance(name);
                const instance: Instance = { name, url: '', runtime, handler, down: false };
                instances.push(instance);
                if (count > 1) {
                    instance.own = new Listener(await listen(handler, 0, host));
                    instance.url = `http://localhost:${instance.own.port}`;
                }
            }
            // Until start returns, the data is being loaded: the main port answers 503, as a server still starting.
            const started: { workspace?: Workspace } = {};
            main = new Listener(
                await listen(
                    (req, res) =>
                        started.workspace
                            ? started.workspace.balance(req, res)
                            : answerJson(res, 503, { success: false, error: 'The workspace is starting' }),
                    options.port ?? 3000,
                    host,
                ),
            );
            const url = `http://localhost:${main.port}`;
            if (count === 1) {
                instances[0].url = url;
            }
            const siteUrl = db.settings.findOneById('Site_Url')!;
            db.settings.replace({ ...siteUrl, value: url, packageValue: url });
            if (options.dataFile) {
                loadFixture(db, options.dataFile);
            }
            demo = options.demo ? seedDemoData(db, firstEvents.events!) : undefined;
            started.workspace = new Workspace(db, instances, main, url, demo, cluster, startInstance, host, appChangeListeners);
            return started.workspace;
        } catch (error) {
            // Leave nothing running: no Deno process may outlive a failed start.
            await stopCluster(cluster, main, instances).catch(() => undefined);
            throw error;
        }
    }

    /**
     * Tells `listener` of every app installed or updated, however (an upload, rc-apps deploy, `installApp`), on
     * the instance where it happened.
     */
    onAppChange(listener: AppChangeListener): void {
        this.appChangeListeners.push(listener);
    }

    /** Instance A's runtime: a single workspace's only one. */
    get runtime(): AppRuntime {
        return this.all[0].runtime;
    }

    /** Every instance, in start order: `{ name, url, runtime }`. */
    get instances(): readonly WorkspaceInstance[] {
        return this.all.map(({ name, url, runtime }) => ({ name, url, runtime }));
    }

    /** The main port: the instance `X-Workspace-Instance` names, or the next one in turn. */
    private balance(req: IncomingMessage, res: ServerResponse): void {
        const wanted = req.headers[INSTANCE_HEADER];
        if (wanted !== undefined) {
            const instance = this.all.find((candidate) => candidate.name === wanted);
            if (!instance) {
                answerJson(res, 400, { success: false, error: noSuchInstance(String(wanted), this.all) });
            } else if (instance.down) {
                answerJson(res, 503, { success: false, error: `Workspace instance ${instance.name} is restarting` });
            } else {
                this.dispatch(instance, res)(req, res);
            }
            return;
        }
        const up = this.all.filter((instance) => !instance.down);
        if (up.length === 0) {
            answerJson(res, 503, { success: false, error: 'Every workspace instance is restarting' });
            return;
        }
        this.nextInstance = (this.nextInstance + 1) % up.length;
        this.dispatch(up[this.nextInstance], res)(req, res);
    }

    /** On a cluster, every answer of the main port names the instance that gave it. */
    private dispatch(instance: Instance, res: ServerResponse): RequestListener {
        if (this.all.length > 1) {
            res.setHeader('X-Workspace-Instance', instance.name);
        }
        return instance.handler;
    }

    private instance(name: string): Instance {
        const instance = this.all.find((candidate) => candidate.name === name);
        if (!instance) {
            throw new Error(noSuchInstance(name, this.all));
        }
        return instance;
    }

    /**
     * Resolves when no broadcast is queued or being applied, no due job is waiting or running, and every app runtime is
     * ready with nothing unanswered, on every instance. Rejects after `timeoutMs`, naming what is still pending.
     */
    async settled(timeoutMs = SETTLE_TIMEOUT_MS): Promise<void> {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const runtimes = await Promise.all(
                this.all.filter((instance) => !instance.down).map((instance) => instance.runtime.busy()),
            );
            const pending = [...this.cluster.broadcast.pending(), ...this.cluster.jobs.pending(), ...runtimes.flat()];
            if (pending.length === 0) {
                return;
            }
            if (Date.now() >= deadline) {
                throw new Error(`The workspace is not settled after ${timeoutMs} ms: ${pending.join('; ')}`);
            }
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
    }

    /**
     * The job occurrences run so far, oldest first (the latest 1,000): `{ processorId, instance, startedAt }`.
     * `processorId` is the engine's `<job id>_<app id>`.
     */
    jobRuns(): ReadonlyArray<{ processorId: string; instance: string; startedAt: Date }> {
        return [...this.cluster.jobs.runs];
    }

    /**
     * Runs the next occurrence of a job (`<job id>` or `<job id>_<app id>`) now, on the instance the cluster picks (or
     * the pinned one), as if it were due; resolves with that instance's name. A recurring job's next run is then one
     * interval from now.
     */
    runJobNow(processorId: string): Promise<string> {
        return this.cluster.jobs.runNext(processorId);
    }

    /**
     * Runs every later occurrence of a job (`<job id>` or the engine's `<job id>_<app id>`) on instance `name` only (it
     * waits for that instance while it is down); `undefined` lets the instances take turns again.
     */
    pinJobs(processorId: string, name: string | undefined): void {
        this.cluster.jobs.pin(processorId, name === undefined ? undefined : this.instance(name).name);
    }

    /**
     * Stops instance `name` quietly (its server and its Deno processes; no status change is broadcast and the apps stay
     * enabled in storage), then starts it again from the shared storage, on the same port. Resolves when its apps are
     * enabled and it serves again.
     */
    async restartInstance(name: string): Promise<void> {
        const instance = this.instance(name);
        instance.down = true;
        const port = instance.own?.port;
        await instance.own?.close();
        await instance.runtime.stop();
        const { runtime, handler } = await this.startInstance(name);
        Object.assign(instance, { runtime, handler });
        if (port !== undefined) {
            const { listen } = await import('./rest/server');
            instance.own = new Listener(await listen(handler, port, this.host));
        }
        for (const app of await runtime.manager.get()) {
            const stored = await this.cluster.storages.metadata.retrieveOne(app.getID());
            if (stored && AppStatusUtils.isEnabled(stored.status) && !AppStatusUtils.isEnabled(await app.getStatus())) {
                throw new Error(`Instance ${name} restarted, but app ${app.getID()} is not enabled`);
            }
        }
        instance.down = false;
    }

    /** Kills instance `name`'s app Deno processes (SIGKILL), as a crash would; the engine respawns them. */
    crashRuntime(name: string): Promise<void> {
        return this.instance(name).runtime.crash();
    }

    /** Bridge calls so far and the time spent in them, over every instance: diff two readings to get one request's share. */
    bridgeUsage(): BridgeUsage {
        const total: BridgeUsage = { calls: 0, busyMs: 0, byMethod: {} };
        for (const { runtime } of this.all) {
            const usage = runtime.meter.usage();
            total.calls += usage.calls;
            total.busyMs += usage.busyMs;
            for (const [method, calls] of Object.entries(usage.byMethod)) {
                total.byMethod[method] = (total.byMethod[method] ?? 0) + calls;
            }
        }
        return total;
    }

    /**
     * Sizes of the app persistence reads and removals by association the engine made since `meterPersistenceReads()`
     * (all zero while it is off), over every instance: count, bytes, and the largest single answer (JSON of the records'
     * `data`).
     */
    persistenceReads(): PersistenceReadUsage {
        const readings = this.all.map(({ runtime }) => runtime.bridges.getPersistenceBridge().reads.reading());
        const sum = (key: keyof PersistenceReadUsage) => readings.reduce((total, reading) => total + reading[key], 0);
        const max = (key: keyof PersistenceReadUsage) => Math.max(...readings.map((reading) => reading[key]));
        return {
            reads: sum('reads'),
            readBytes: sum('readBytes'),
            largestRead: max('largestRead'),
            removals: sum('removals'),
            removedBytes: sum('removedBytes'),
            largestRemoval: max('largestRemoval'),
        };
    }

    /** Starts metering persistence reads from zero (`on`), or stops it: it serialises every answer once more. */
    meterPersistenceReads(on = true): void {
        for (const { runtime } of this.all) {
            const meter = runtime.bridges.getPersistenceBridge().reads;
            if (on) {
                meter.start();
            } else {
                meter.stop();
            }
        }
    }

    /**
     * Installs and enables an app zip as the admin on instance A, like an upload in Administration › Apps where the
     * admin consents to the permissions the app declares. On a cluster it resolves once every instance has the app.
     */
    async installApp(zip: Buffer): Promise<string> {
        const admin = findUserByUsername(this.db, ADMIN_USERNAME)!;
        const manager = this.runtime.manager;
        const { info } = await manager.getParser().unpackageApp(zip);
        const result = await manager.add(zip, {
            enable: true,
            user: convertUserToApp(admin) as never,
            permissionsGranted: info.permissions,
        });
        if (result.hasStorageError() || result.hasAppUserError()) {
            throw new Error(`install failed: ${result.getStorageError() ?? JSON.stringify(result.getAppUserError())}`);
        }
        if (this.all.length > 1) {
            await this.settled();
        }
        return result.getAppInfo().id;
    }

    /** Stops every instance; no Deno process outlives it. Closing again waits for the first close. */
    close(): Promise<void> {
        this.closing ??= stopCluster(this.cluster, this.main, this.all);
        return this.closing;
    }
}
