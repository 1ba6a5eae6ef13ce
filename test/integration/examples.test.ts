import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

import type { RestClient } from '@push-sync/workspace';
import type { Target } from './support/target';
import { startTarget } from './support/target';

type Loose = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

const repoRoot = path.resolve(__dirname, '../..');

/**
 * examples/push-gateway run as a user runs it (a child process with tsx), against the packaged app: in a local workspace,
 * or against a running server (test/integration/support/target.ts).
 */
describe('examples/push-gateway', () => {
    let bed: Target;
    let alice: RestClient;
    let bruno: RestClient;
    let gateway: ChildProcess;
    let gatewayUrl: string;
    let stdout = '';
    let messageId: string;

    const push = (body: string) =>
        fetch(gatewayUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body }).then(async (response) => ({
            status: response.status,
            body: (await response.json()) as Loose,
        }));

    beforeAll(async () => {
        bed = await startTarget();
        alice = await bed.createUser('alice');
        bruno = await bed.createUser('bruno');
        const rid = (
            await alice.post<{ channel: Loose }>('/api/v1/channels.create', {
                name: bed.name('ops'),
                members: [bed.name('bruno')],
            })
        ).body.channel._id;
        messageId = (await alice.post<{ message: Loose }>('/api/v1/chat.sendMessage', { message: { rid, msg: 'Deploy *done*' } }))
            .body.message._id;

        gateway = spawn(process.execPath, ['--import', 'tsx', 'examples/push-gateway/gateway.ts'], {
            cwd: repoRoot,
            env: {
                ...process.env,
                ROCKETCHAT_URL: bed.url,
                PUSH_SYNC_APP_ID: bed.appId,
                RC_USER_ID: bruno.credentials!.userId,
                RC_AUTH_TOKEN: bruno.credentials!.authToken,
                PORT: '0',
            },
        });
        gateway.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
        gatewayUrl = await new Promise<string>((resolve, reject) => {
            gateway.stdout!.on('data', (chunk: Buffer) => {
                stdout += chunk.toString();
                const url = /listening on (http:\S+)\n/.exec(stdout)?.[1];
                if (url) resolve(url);
            });
            gateway.once('exit', (code) => reject(new Error(`gateway exited with ${code}: ${stdout}`)));
        });
    });

    afterAll(async () => {
        if (gateway && gateway.exitCode === null) {
            const exited = new Promise((resolve) => gateway.once('exit', resolve));
            gateway.kill('SIGTERM');
            await exited;
        }
        await bed?.close();
    });

    it('turns an id-only push into the title and text push.get gives, and prints them', async () => {
        const before = stdout.length;
        expect(await push(JSON.stringify({ messageId }))).toEqual({
            status: 200,
            body: { title: `#${bed.name('ops')}`, text: `${bed.name('alice')}: Deploy done` },
        });
        expect(stdout.slice(before)).toBe(`${messageId}: #${bed.name('ops')} | ${bed.name('alice')}: Deploy done\n`);
    });

    it('passes the app’s typed error on (unknown message)', async () => {
        const before = stdout.length;
        expect(await push('{"messageId":"no-such-message"}')).toEqual({
            status: 502,
            body: { error: 'push.get answered 400 error-message-not-found' },
        });
        expect(stdout.slice(before)).toBe('no-such-message: push.get answered 400 error-message-not-found\n');
    });

    it('refuses a push without a message id', async () => {
        expect(await push('{}')).toEqual({ status: 400, body: { error: 'body must be {"messageId": "<id>"}' } });
    });
});
