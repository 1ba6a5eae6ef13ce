/**
 * `npm start [-- --port N] [--no-demo] [--data file.json] [--host H]`: packages the app if its sources changed,
 * starts the local workspace, installs the app and prints ready-to-paste requests. Ctrl-C stops everything.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { ensurePackaged, readManifest } from '../scripts/appPackage';
import { RestClient } from './client';
import { ADMIN_PASSWORD, ADMIN_USERNAME, Workspace } from './Workspace';

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            port: { type: 'string', default: '3000' },
            host: { type: 'string', default: '127.0.0.1' },
            demo: { type: 'boolean', default: true },
            'no-demo': { type: 'boolean', default: false },
            data: { type: 'string' },
            quiet: { type: 'boolean', default: false },
        },
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new Error(`--port must be a port number, not "${values.port}"`);
    }
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

main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
});
