/**
 * `npm run test:e2e:workspace`: proves the e2e mode the way an admin uses it. Starts a workspace as a separate process
 * (`npm start -- --port 0 --no-demo --quiet`: a free port), waits until it answers /api/info and has installed the app,
 * runs `npm run test:e2e` against it as admin/admin, then stops the whole process group (the engine's Deno
 * subprocess included). Exits with the tests' status.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
/** Packaging on a cold cache and loading the engine take a while on a busy machine. */
const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 15_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function answersInfo(url: string): Promise<boolean> {
    try {
        return (await fetch(`${url}/api/info`)).status === 200;
    } catch {
        return false;
    }
}

/**
 * Waits until the workspace printed the installed app's endpoint (its URL, port included, and the app id) and answers
 * /api/info there; fails at once when the process exits first.
 */
async function waitUntilReady(workspace: ChildProcess, output: () => string): Promise<{ url: string; appId: string }> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
        if (workspace.exitCode !== null || workspace.signalCode !== null) {
            throw new Error(`the workspace exited before it was ready:\n${output()}`);
        }
        const endpoint = /(http:\/\/\S+)\/api\/apps\/public\/([^/\s]+)\/push\.get/.exec(output());
        if (endpoint && (await answersInfo(endpoint[1]))) {
            return { url: endpoint[1], appId: endpoint[2] };
        }
        await sleep(250);
    }
    throw new Error(`the workspace was not ready after ${START_TIMEOUT_MS / 1000} s:\n${output()}`);
}

/**
 * SIGTERM to the group (the workspace closes the engine), then SIGKILL to whatever of the group is left; fails when any
 * process of the group (a Deno subprocess, say) outlives that.
 */
async function stopGroup(workspace: ChildProcess): Promise<void> {
    const group = -workspace.pid!;
    const signalGroup = (signal: NodeJS.Signals) => {
        try {
            process.kill(group, signal);
        } catch {
            // ESRCH: the group is already gone.
        }
    };
    const groupAlive = () => {
        try {
            process.kill(group, 0);
            return true;
        } catch {
            return false;
        }
    };
    if (workspace.exitCode === null && workspace.signalCode === null) {
        const exited = new Promise((resolve) => workspace.once('exit', resolve));
        signalGroup('SIGTERM');
        await Promise.race([exited, sleep(STOP_TIMEOUT_MS)]);
    }
    signalGroup('SIGKILL');
    const deadline = Date.now() + STOP_TIMEOUT_MS;
    while (groupAlive()) {
        if (Date.now() > deadline) {
            throw new Error(`processes of the workspace's group ${workspace.pid} are still running`);
        }
        await sleep(100);
    }
}

async function main(): Promise<number> {
    // Its own process group, so one signal reaches npm, tsx, the workspace and the engine's Deno subprocess.
    const workspace = spawn('npm', ['start', '--', '--port', '0', '--no-demo', '--quiet'], {
        cwd: ROOT,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    workspace.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    workspace.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
        const { url, appId } = await waitUntilReady(workspace, () => output);
        console.log(`workspace ready at ${url}, app ${appId} (pid ${workspace.pid})`);
        const tests = spawnSync(
            'npm',
            ['run', 'test:e2e', '--', '--url', url, '--user', 'admin', '--password', 'admin', '--app-id', appId],
            { cwd: ROOT, stdio: 'inherit' },
        );
        if (tests.status !== 0) {
            console.error(`the workspace's output, for the failure above:\n${output.slice(-4000)}`);
        }
        return tests.status ?? 1;
    } finally {
        await stopGroup(workspace);
    }
}

main().then(
    (status) => {
        process.exitCode = status;
    },
    (error: unknown) => {
        console.error(error instanceof Error ? error.message : error);
        process.exitCode = 1;
    },
);
