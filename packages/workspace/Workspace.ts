import type { Server } from 'node:http';
import type { Socket } from 'node:net';

import { convertUserToApp } from './converters/users';
import { seedDemoData, type DemoData } from './demo';
import { loadFixture } from './fixtures';
import { createUser, findUserByUsername } from './functions/users';
import type { ApiDocsOptions } from './rest/apiDocs';
import type { AppRuntime } from './runtime/appRuntime';
import type { BridgeUsage } from './runtime/bridgeMeter';
import type { PersistenceReadUsage } from './runtime/persistenceReadMeter';
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
}

export const ADMIN_USERNAME = 'admin';
export const ADMIN_PASSWORD = 'admin';

/**
 * A running local workspace: the in-memory Rocket.Chat stand-in, its HTTP API and the real Apps Engine.
 * Only one per process (the engine's AppManager is a singleton).
 */
export class Workspace {
    private readonly sockets = new Set<Socket>();

    private constructor(
        readonly db: Database,
        readonly runtime: AppRuntime,
        private readonly server: Server,
        readonly url: string,
        readonly demo: DemoData | undefined,
    ) {
        server.on('connection', (socket) => {
            this.sockets.add(socket);
            socket.once('close', () => this.sockets.delete(socket));
        });
    }

    static async start(options: WorkspaceOptions = {}): Promise<Workspace> {
        const host = options.host ?? '127.0.0.1';
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
        const runtime = await startAppRuntime(db, { echoAppLogs: options.echoAppLogs ?? false });
        const events = new AppEventDispatcher(db, () => runtime.manager);
        let demo: DemoData | undefined;
        const http = createHttpApp(db, runtime, events, {
            apiDocs: options.apiDocs,
            demo: () => demo,
            logRequest: options.logRequests ? (line) => console.log(`[http] ${line}`) : undefined,
        });
        let server: Server;
        try {
            server = await listen(http, options.port ?? 3000, host);
        } catch (error) {
            await runtime.close();
            throw error;
        }
        const address = server.address();
        const port = typeof address === 'object' && address ? address.port : options.port;
        const url = `http://localhost:${port}`;
        const siteUrl = db.settings.findOneById('Site_Url')!;
        db.settings.replace({ ...siteUrl, value: url, packageValue: url });
        try {
            if (options.dataFile) {
                loadFixture(db, options.dataFile);
            }
            demo = options.demo ? seedDemoData(db, events) : undefined;
        } catch (error) {
            // Leave nothing running: the engine allows one AppManager per process.
            await new Promise<void>((resolve) => server.close(() => resolve()));
            await runtime.close();
            throw error;
        }
        return new Workspace(db, runtime, server, url, demo);
    }

    /** Bridge calls so far and the time spent in them: diff two readings to get one request's share. */
    bridgeUsage(): BridgeUsage {
        return this.runtime.meter.usage();
    }

    /**
     * Sizes of the app persistence reads and removals by association the engine made since `meterPersistenceReads()`
     * (all zero while it is off): count, bytes, and the largest single answer (JSON of the records' `data`).
     */
    persistenceReads(): PersistenceReadUsage {
        return this.runtime.bridges.getPersistenceBridge().reads.reading();
    }

    /** Starts metering persistence reads from zero (`on`), or stops it: it serialises every answer once more. */
    meterPersistenceReads(on = true): void {
        const meter = this.runtime.bridges.getPersistenceBridge().reads;
        if (on) {
            meter.start();
        } else {
            meter.stop();
        }
    }

    /**
     * Installs and enables an app zip as the admin, like an upload in Administration › Apps where the admin
     * consents to the permissions the app declares.
     */
    async installApp(zip: Buffer): Promise<string> {
        const admin = findUserByUsername(this.db, ADMIN_USERNAME)!;
        const { info } = await this.runtime.manager.getParser().unpackageApp(zip);
        const result = await this.runtime.manager.add(zip, {
            enable: true,
            user: convertUserToApp(admin) as never,
            permissionsGranted: info.permissions,
        });
        if (result.hasStorageError() || result.hasAppUserError()) {
            throw new Error(`install failed: ${result.getStorageError() ?? JSON.stringify(result.getAppUserError())}`);
        }
        return result.getAppInfo().id;
    }

    async close(): Promise<void> {
        const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
        for (const socket of this.sockets) {
            socket.destroy();
        }
        await closed;
        await this.runtime.close();
    }
}
