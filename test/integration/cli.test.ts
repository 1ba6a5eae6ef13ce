import { spawn } from 'node:child_process';
import path from 'node:path';

import { readManifest } from '../../scripts/appPackage';

const repoRoot = path.resolve(__dirname, '../..');
const { id: appId, version } = readManifest();

interface CliRun {
    output: () => string;
    /** Resolves with the workspace URL once the CLI printed "Press Ctrl-C to stop.". */
    ready: Promise<string>;
    /** Signals the CLI's process group (its Deno children too, as a terminal's Ctrl-C does) and resolves with its exit code. */
    stop: (signal?: NodeJS.Signals) => Promise<number | null>;
    exited: Promise<number | null>;
    /** The CLI's process group: the CLI and every Deno process it started. */
    group: number;
}

/** `npm start -- <args>` without npm: node with tsx, in its own process group so that stopping reaches Deno too. */
function runCli(args: string[]): CliRun {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', ...args], {
        cwd: repoRoot,
        detached: true,
        env: { ...process.env, FORCE_COLOR: '0' },
    });
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const ready = new Promise<string>((resolve, reject) => {
        const onData = (chunk: Buffer) => {
            output += chunk.toString();
            const url = /running in the local workspace at (http:\/\/localhost:\d+)/.exec(output)?.[1];
            if (url && output.includes('Press Ctrl-C to stop.')) resolve(url);
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        void exited.then((code) => reject(new Error(`CLI exited with ${code} before it was ready:\n${output}`)));
    });
    // Runs that exit on purpose (--help) never await `ready`; keep its rejection from surfacing elsewhere.
    ready.catch(() => undefined);
    return {
        output: () => output,
        ready,
        exited,
        group: child.pid!,
        stop: async (signal = 'SIGTERM') => {
            if (child.exitCode === null) process.kill(-child.pid!, signal);
            return exited;
        },
    };
}

/** A method no endpoint implements: the engine answers it with an error and dumps the JsonRpcError to the console. */
async function provokeEngineDump(url: string): Promise<void> {
    const response = await fetch(`${url}/api/apps/public/${appId}/push.get?id=x`, { method: 'PURGE' });
    expect(response.status).toBe(500);
    // The engine writes its dump right after answering; give it a moment to reach the pipe.
    await new Promise((resolve) => setTimeout(resolve, 500));
}

describe('npm start (scripts/start.ts)', () => {
    it('--help prints the usage and exits 0 without starting anything', async () => {
        const cli = runCli(['--help']);
        expect(await cli.exited).toBe(0);
        const lines = cli.output().split('\n');
        expect(lines[0]).toBe('Usage: npm start -- [options]   (npm passes flags to the workspace only after "--")');
        for (const flag of ['--port <n>', '--host <addr>', '--no-demo', '--data <file>', '--seed <n>', '--quiet', '--help']) {
            expect(lines.some((line) => line.startsWith(`  ${flag} `))).toBe(true);
        }
        expect(lines).toContain('Example: npm start -- --port 3001 --data docs/fixture.example.json');
        expect(cli.output()).not.toContain('running in the local workspace');
    });

    it.each([
        [['--bogus'], "Unknown option '--bogus'"],
        [['--port', 'abc'], '--port must be a port number, not "abc"'],
        [['--seed', '1.5'], '--seed must be a whole number, not "1.5"'],
        [['--instances', '27'], '--instances must be a whole number from 1 to 26, not "27"'],
        [['--data', 'missing.json'], `--data missing.json: no such file (paths are relative to ${repoRoot})`],
        [['--data', 'README.md'], '--data README.md: not JSON ('],
    ])('%j fails with one message and a pointer to --help', async (args, message) => {
        const cli = runCli(args);
        expect(await cli.exited).toBe(1);
        const [first, ...rest] = cli.output().split('\n');
        expect(first.startsWith(message)).toBe(true);
        expect(rest).toEqual(['Options: npm start -- --help', '']);
        expect(cli.output()).not.toContain('ENOENT');
    });

    it('without --quiet the engine dump reaches the console (so the next test can fail)', async () => {
        const cli = runCli(['--port', '0', '--no-demo']);
        try {
            await provokeEngineDump(await cli.ready);
        } finally {
            await cli.stop();
        }
        expect(cli.output()).toContain('JsonRpcError');
        expect(cli.output()).toContain("push.get's purge not exists");
        // One line per request, and one for the install.
        expect(cli.output()).toMatch(new RegExp(`^\\[http\\] PURGE /api/apps/public/${appId}/push.get 500 \\d+ ms$`, 'm'));
        expect(cli.output()).toContain(`[workspace] app installed: Push Sync ${version} (${appId})\n`);
        // Only a zip that exists is named (the staging folder rc-apps reports is gone at once).
        expect(cli.output()).not.toContain('build/app-');
    });

    it('--quiet hides engine dumps and keeps the workspace lines; --data says how its users log in', async () => {
        const cli = runCli(['--port', '0', '--no-demo', '--quiet', '--data', 'docs/fixture.example.json']);
        let url = '';
        try {
            url = await cli.ready;
            await provokeEngineDump(url);
        } finally {
            expect(await cli.stop()).toBe(0);
        }
        const output = cli.output();
        expect(output).not.toContain('JsonRpcError');
        expect(output).not.toContain('not exists');
        expect(output).not.toContain('[http]');
        expect(output).toContain(`[workspace] app installed: Push Sync ${version} (${appId})\n`);
        expect(output).toContain(`Push Sync ${version} is running in the local workspace at ${url}\n  admin: admin / admin\n`);
        expect(output).toContain('  users from docs/fixture.example.json: carla / carla-password, dmitri / dmitri-password\n');
        expect(output).toContain(
            `  log in: curl -X POST -H "Content-Type: application/json" -d '{"user":"<username>","password":"<password>"}' ${url}/api/v1/login\n`,
        );
        expect(output).toContain('SIGTERM: stopping the workspace…');
    });

    it('--seed: the same demo ids and tokens on every start, so saved curl lines still work; GET / leads to the explorer', async () => {
        const curlLines = async () => {
            const cli = runCli(['--port', '0', '--quiet', '--seed', '42']);
            try {
                const url = await cli.ready;
                const root = await fetch(`${url}/`, { redirect: 'manual' });
                expect(root.headers.get('location')).toBe('/api-docs/');
                const lines = cli
                    .output()
                    .split('\n')
                    .filter((line) => line.startsWith('  curl -H "X-User-Id'));
                expect(lines).toHaveLength(2);
                // The saved line works as it is, against the same port.
                const [, userId, token, target] = /X-User-Id: (\S+)" -H "X-Auth-Token: (\S+)" "([^"]+)"/.exec(lines[0])!;
                const answer = await fetch(target, { headers: { 'X-User-Id': userId, 'X-Auth-Token': token } });
                expect(answer.status).toBe(200);
                expect(cli.output()).toContain(`  API explorer:            ${url}/api-docs/`);
                return lines.map((line) => line.replace(url, '<url>'));
            } finally {
                await cli.stop();
            }
        };
        const first = await curlLines();
        expect(await curlLines()).toEqual(first);
    });

    it('--instances 2: both instances serve the app; Ctrl-C leaves no process of the group behind', async () => {
        const cli = runCli(['--port', '0', '--no-demo', '--quiet', '--instances', '2']);
        let own: string[] = [];
        try {
            const url = await cli.ready;
            const line =
                /\n {2}instances: A (http:\/\/localhost:\d+), B (http:\/\/localhost:\d+) \(the main port takes turns; broadcast on\)\n/.exec(
                    cli.output(),
                );
            expect(line).not.toBeNull();
            own = [line![1], line![2]];
            for (const base of [url, ...own]) {
                // No credentials: the app's JSON 401 proves the app is installed on the instance that answered.
                const answer = await fetch(`${base}/api/apps/public/${appId}/push.get?id=x`);
                expect({ base, status: answer.status }).toEqual({ base, status: 401 });
            }
        } finally {
            expect(await cli.stop('SIGINT')).toBe(0);
        }
        expect(cli.output()).toContain('SIGINT: stopping the workspace…');
        // Deno children share the CLI's process group: none may be left (nor respawned by the engine after the signal).
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect(() => process.kill(-cli.group, 0)).toThrow();
    });
});
