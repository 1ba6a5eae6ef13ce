/**
 * `npm start [-- --port N] [--no-demo] [--data file.json] [--host H] [--quiet] [--help]`: packages the app if its
 * sources changed, starts the local workspace, installs the app and prints ready-to-paste requests. Ctrl-C stops
 * everything.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const USAGE = `Usage: npm start -- [options]   (npm passes flags to the workspace only after "--")

Starts the local workspace (a Rocket.Chat stand-in running the real Apps Engine), installs Push Sync and prints
ready-to-paste requests. Ctrl-C stops it.

Options:
  --port <n>       TCP port (default 3000; 0 picks a free port)
  --host <addr>    address to listen on (default 127.0.0.1)
  --no-demo        do not create the demo users, rooms and messages
  --data <file>    load a fixture file first (format: packages/workspace/README.md#fixture-files); its users log in with
                   the passwords the file gives them
  --quiet          print only the workspace's own lines: no app log lines, no engine dumps
  --help           print this text and exit

Example: npm start -- --port 3001 --data docs/fixture.example.json`;

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
    const projectRoot = path.resolve(__dirname, '..', '..');
    const isEngineFrame = (frame: string) => frame.includes('@rocket.chat/apps-engine');
    const isOurFrame = (frame: string) => frame.includes(projectRoot) && !frame.includes('node_modules');
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

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            help: { type: 'boolean', short: 'h', default: false },
            port: { type: 'string', default: '3000' },
            host: { type: 'string', default: '127.0.0.1' },
            demo: { type: 'boolean', default: true },
            'no-demo': { type: 'boolean', default: false },
            data: { type: 'string' },
            quiet: { type: 'boolean', default: false },
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
    // Loaded only now: the engine takes seconds to load, and --help or a bad flag must answer at once.
    const { ensurePackaged, readManifest } = await import('../../scripts/appPackage');
    const { RestClient } = await import('./client');
    const { ADMIN_PASSWORD, ADMIN_USERNAME, Workspace } = await import('./Workspace');
    const zip = ensurePackaged();
    const workspace = await Workspace.start({
        port,
        host: values.host,
        demo: values.demo && !values['no-demo'],
        dataFile: values.data,
        echoAppLogs: !values.quiet,
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

    const appId = await workspace.installApp(readFileSync(zip));
    const manifest = readManifest();
    const base = `${workspace.url}/api/apps/public/${appId}`;
    console.log(`\nPush Sync ${manifest.version} is running in the local workspace at ${workspace.url}`);
    console.log(`  admin: ${ADMIN_USERNAME} / ${ADMIN_PASSWORD}`);
    if (values.data) {
        const logins = fixtureLogins(values.data);
        console.log(`  users from ${values.data}: ${logins.length > 0 ? logins.join(', ') : 'none'}`);
        console.log(
            `  log in: curl -X POST -H "Content-Type: application/json" -d '{"user":"<username>","password":"<password>"}' ${workspace.url}/api/v1/login`,
        );
    }
    console.log(`  push.get:                ${base}/push.get?id=<messageId>`);
    console.log(`  chat.syncThreadMessages: ${base}/chat.syncThreadMessages?tmid=<id>&updatedSince=<date>`);
    console.log(`  API explorer:            ${workspace.url}/api-docs/ (Authorize with X-User-Id and X-Auth-Token)`);
    const demo = workspace.demo;
    if (demo) {
        const bruno = await RestClient.login(workspace.url, demo.users.bruno.username, demo.users.bruno.password);
        const auth = `-H "X-User-Id: ${bruno.credentials!.userId}" -H "X-Auth-Token: ${bruno.credentials!.authToken}"`;
        console.log(
            `\nDemo users: alice / ${demo.users.alice.password}, bruno / ${demo.users.bruno.password} (logged in as bruno below)`,
        );
        console.log(`  curl ${auth} "${base}/push.get?id=${demo.messages.channelMessage}"`);
        console.log(
            `  curl ${auth} "${base}/chat.syncThreadMessages?tmid=${demo.messages.threadRoot}&updatedSince=2019-04-01T00:00:00.000Z"`,
        );
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

main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    if (isUsageError(error)) console.error('Options: npm start -- --help');
    process.exit(1);
});
