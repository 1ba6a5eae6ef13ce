/**
 * The workspace's command line, `[--port N] [--no-demo] [--data file.json] [--seed N] [--host H] [--instances N]
 * [--no-broadcast] [--quiet] [--help]`: asks the
 * launcher for the app's zip, starts the local workspace, installs the app and prints ready-to-paste requests. Ctrl-C
 * stops everything. The launcher (Push Sync's is scripts/start.ts, what `npm start` runs) says which app and how to
 * build it, so the workspace can host any app's zip.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import type { DemoData } from './demo';
import type { ApiDocsOptions } from './rest/apiDocs';

/** The installed app, as the launcher's `describeApp` sees it. */
export interface InstalledApp {
    /** The workspace's URL, e.g. http://localhost:3000. */
    url: string;
    appId: string;
    /** The app's public endpoints: `<base>/<path>`. */
    base: string;
    /** The demo data, when seeded; `auth` is the curl header pair of the logged-in demo user `bruno`. */
    demo?: { data: DemoData; auth: string };
}

export interface WorkspaceCliOptions {
    /** Builds the app's zip (or finds an up-to-date one) and returns its path; called once the flags are read. */
    packageApp(): string | Promise<string>;
    /**
     * App-specific lines: `endpoints` follow the admin and user lines (one per endpoint), `demo` follows the demo
     * users (ready-to-paste requests).
     */
    describeApp?(app: InstalledApp): { endpoints: string[]; demo: string[] };
    /** The app's API description and the explorer's title: the explorer at /api-docs/ exists only with it. */
    apiDocs?: ApiDocsOptions;
}

const USAGE = `Usage: npm start -- [options]   (npm passes flags to the workspace only after "--")

Starts the local workspace (a Rocket.Chat stand-in running the real Apps Engine), installs the app and prints
ready-to-paste requests. Ctrl-C stops it.

Options:
  --port <n>       TCP port (default 3000; 0 picks a free port)
  --host <addr>    address to listen on (default 127.0.0.1)
  --no-demo        do not create the demo users, rooms and messages
  --data <file>    load a fixture file first (format: packages/workspace/README.md#fixture-files); its users log in with
                   the passwords the file gives them
  --seed <n>       the same ids and login tokens on every start (demo ids, printed tokens): saved curl lines and
                   explorer authorizations survive a restart; for development only (the tokens can be guessed)
  --instances <n>  run n server instances (1 to 26, default 1) on one database, each with its own app runtime and
                   port, behind the main port, which takes turns or follows X-Workspace-Instance: <name>
                   (packages/workspace/README.md#several-instances)
  --no-broadcast   instances do not tell each other of app changes (core without its scalability module)
  --quiet          print only the workspace's own lines: no request lines, no app log lines, no engine dumps
  --help           print this text and exit

Example: npm start -- --port 3001 --data docs/fixture.example.json`;

/**
 * A `--data` file that cannot be read or is not JSON stops the start before anything runs, with a message that names
 * the file (a usage error: it points to --help). Its content is checked by the fixture loader.
 */
function checkFixtureFile(file: string): void {
    const shown = `--data ${file}`;
    if (!existsSync(file)) {
        throw new Error(`${shown}: no such file (paths are relative to ${process.cwd()})`);
    }
    let text: string;
    try {
        text = readFileSync(file, 'utf8');
    } catch (error) {
        throw new Error(`${shown}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    try {
        JSON.parse(text);
    } catch (error) {
        throw new Error(`${shown}: not JSON (${(error as Error).message})`);
    }
}

/** "alice / alice-password" for each user of a fixture file (Workspace.start has already validated it). */
function fixtureLogins(file: string): string[] {
    const fixture = JSON.parse(readFileSync(file, 'utf8')) as { users?: Array<{ username: string; password: string }> };
    return (fixture.users ?? []).map((user) => `${user.username} / ${user.password}`);
}

/**
 * The engine writes its own diagnostics straight to the console (console.error of every JsonRpcError an app call
 * returns, request timeouts, subprocess stderr). Under --quiet drop every console line that the engine wrote: its
 * direct caller is engine code, or no frame of ours is on the stack at all (the engine's `.catch(console.error)`).
 */
function silenceEngineConsole(): void {
    // Ours: this package and the launcher's project (the folder above the launcher script).
    const roots = [__dirname, path.resolve(path.dirname(process.argv[1] ?? __dirname), '..')];
    const isEngineFrame = (frame: string) => frame.includes('@rocket.chat/apps-engine');
    const isOurFrame = (frame: string) => roots.some((root) => frame.includes(root)) && !frame.includes('node_modules');
    const writtenByEngine = () => {
        // Frame 0 is "Error", 1 this function, 2 the replaced console method, 3 its caller.
        const frames = (new Error().stack ?? '').split('\n').slice(3);
        return (frames.length > 0 && isEngineFrame(frames[0])) || !frames.some(isOurFrame);
    };
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
        const original = console[method].bind(console);
        console[method] = (...args: unknown[]) => {
            if (!writtenByEngine()) original(...args);
        };
    }
}

async function main(options: WorkspaceCliOptions): Promise<void> {
    const { values } = parseArgs({
        options: {
            help: { type: 'boolean', short: 'h', default: false },
            port: { type: 'string', default: '3000' },
            host: { type: 'string', default: '127.0.0.1' },
            demo: { type: 'boolean', default: true },
            'no-demo': { type: 'boolean', default: false },
            data: { type: 'string' },
            quiet: { type: 'boolean', default: false },
            seed: { type: 'string' },
            instances: { type: 'string', default: '1' },
            'no-broadcast': { type: 'boolean', default: false },
        },
    });
    if (values.help) {
        console.log(USAGE);
        return;
    }
    if (values.quiet) {
        silenceEngineConsole();
    }
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new Error(`--port must be a port number, not "${values.port}"`);
    }
    const seed = values.seed === undefined ? undefined : Number(values.seed);
    if (seed !== undefined && (!/^\d+$/.test(values.seed!) || !Number.isSafeInteger(seed))) {
        throw new Error(`--seed must be a whole number, not "${values.seed}"`);
    }
    const instances = Number(values.instances);
    if (!/^\d+$/.test(values.instances!) || instances < 1 || instances > 26) {
        throw new Error(`--instances must be a whole number from 1 to 26, not "${values.instances}"`);
    }
    if (values.data !== undefined) {
        checkFixtureFile(values.data);
    }
    // Loaded only now: the engine takes seconds to load, and --help or a bad flag must answer at once.
    const { RestClient } = await import('./client');
    const { ADMIN_PASSWORD, ADMIN_USERNAME, Workspace } = await import('./Workspace');
    const zip = await options.packageApp();
    const workspace = await Workspace.start({
        port,
        host: values.host,
        demo: values.demo && !values['no-demo'],
        dataFile: values.data,
        echoAppLogs: !values.quiet,
        logRequests: !values.quiet,
        apiDocs: options.apiDocs,
        seed,
        instances,
        broadcast: !values['no-broadcast'],
    });
    let stopping = false;
    const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        console.log(`\n${signal}: stopping the workspace…`);
        workspace.close().then(
            () => process.exit(0),
            (error: unknown) => {
                console.error(error);
                process.exit(1);
            },
        );
    };
    // Post-event listeners run fire-and-forget inside the engine; like the server, log their failures.
    process.on('unhandledRejection', (reason) => console.error('[workspace] unhandled rejection:', reason));
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));

    workspace.onAppChange((change, app) => {
        const info = app.getInfo();
        console.log(`[workspace] app ${change}: ${info.name} ${info.version} (${info.id})`);
    });
    const appId = await workspace.installApp(readFileSync(zip));
    const info = workspace.runtime.manager.getOneById(appId).getInfo();
    const base = `${workspace.url}/api/apps/public/${appId}`;
    const demo = workspace.demo;
    let auth: string | undefined;
    if (demo) {
        const bruno = await RestClient.login(workspace.url, demo.users.bruno.username, demo.users.bruno.password);
        auth = `-H "X-User-Id: ${bruno.credentials!.userId}" -H "X-Auth-Token: ${bruno.credentials!.authToken}"`;
    }
    const described = options.describeApp?.({
        url: workspace.url,
        appId,
        base,
        demo: demo && auth ? { data: demo, auth } : undefined,
    }) ?? { endpoints: [], demo: [] };
    console.log(`\n${info.name} ${info.version} is running in the local workspace at ${workspace.url}`);
    if (workspace.instances.length > 1) {
        const each = workspace.instances.map(({ name, url }) => `${name} ${url}`).join(', ');
        const broadcast = values['no-broadcast'] ? 'off' : 'on';
        console.log(`  instances: ${each} (the main port takes turns; broadcast ${broadcast})`);
    }
    console.log(`  admin: ${ADMIN_USERNAME} / ${ADMIN_PASSWORD}`);
    if (values.data) {
        const logins = fixtureLogins(values.data);
        console.log(`  users from ${values.data}: ${logins.length > 0 ? logins.join(', ') : 'none'}`);
        console.log(
            `  log in: curl -X POST -H "Content-Type: application/json" -d '{"user":"<username>","password":"<password>"}' ${workspace.url}/api/v1/login`,
        );
    }
    for (const line of described.endpoints) console.log(`  ${line}`);
    if (options.apiDocs) {
        console.log(`  API explorer:            ${workspace.url}/api-docs/ (Authorize with X-User-Id and X-Auth-Token)`);
    }
    if (demo) {
        console.log(
            `\nDemo users: alice / ${demo.users.alice.password}, bruno / ${demo.users.bruno.password} (logged in as bruno below)`,
        );
        for (const line of described.demo) console.log(`  ${line}`);
        console.log(
            `  curl -X POST -H "Content-Type: application/json" -d '{"user":"alice","password":"${demo.users.alice.password}"}' ${workspace.url}/api/v1/login`,
        );
    }
    console.log('\nPress Ctrl-C to stop.');
}

/** A flag the command line refused (unknown, missing value, bad port), as opposed to a failure while starting. */
const isUsageError = (error: unknown) =>
    error instanceof Error &&
    (String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS') || error.message.startsWith('--'));

/** Runs the command line on `process.argv`; exits the process on failure. */
export function runWorkspaceCli(options: WorkspaceCliOptions): void {
    main(options).catch((error: unknown) => {
        console.error(error instanceof Error ? error.message : error);
        if (isUsageError(error)) console.error('Options: npm start -- --help');
        process.exit(1);
    });
}
