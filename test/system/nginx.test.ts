import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { RestClient } from '@push-sync/workspace';
import type { TestBed } from '../integration/support/helpers';
import { startTestBed } from '../integration/support/helpers';

type Loose = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

const INCLUDE = path.resolve(__dirname, '../../deploy/nginx/push-sync.conf');
const REFUSED_BODY = {
    success: false,
    error: 'Request body not allowed [error-body-not-allowed]',
    errorType: 'error-body-not-allowed',
};

function nginxBinary(): string {
    for (const candidate of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx']) {
        try {
            execFileSync(candidate, ['-v'], { stdio: 'ignore' });
            return candidate;
        } catch {
            // try the next place
        }
    }
    throw new Error('nginx not found: install it (apt-get install -y nginx-light), as .ci/run does');
}

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address() as { port: number };
            server.close(() => resolve(port));
        });
    });
}

/** A raw request: fetch() refuses a GET with a body, and the poison request is exactly that. */
function rawRequest(
    url: string,
    options: { method: string; headers?: http.OutgoingHttpHeaders; body?: string; chunked?: boolean },
): Promise<{ status: number; contentType: string; text: string }> {
    return new Promise((resolve, reject) => {
        const request = http.request(url, { method: options.method, headers: options.headers }, (response) => {
            let text = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => (text += chunk));
            response.on('end', () =>
                resolve({ status: response.statusCode ?? 0, contentType: String(response.headers['content-type']), text }),
            );
        });
        request.once('error', reject);
        if (options.body !== undefined) {
            // node frames a GET body only when told how.
            if (options.chunked) request.setHeader('Transfer-Encoding', 'chunked');
            else request.setHeader('Content-Length', Buffer.byteLength(options.body));
        }
        if (options.body !== undefined) request.write(options.body);
        request.end();
    });
}

/** The Deno process that runs the app: its pid changes when the engine restarts a crashed runtime. */
async function appRuntimePid(bed: TestBed): Promise<number | undefined> {
    const [app] = await bed.workspace.runtime.manager.get();
    return (app.getRuntimeController() as unknown as { deno?: { pid?: number } }).deno?.pid;
}

/** The include with its optional core-path block switched on, as an admin would edit it. */
function withCorePathBlock(include: string): string {
    const [head, rest] = include.split('# BEGIN core-path\n');
    const [block, tail] = rest.split('# END core-path\n');
    return head + block.replace(/^# /gm, '') + tail;
}

/**
 * deploy/nginx/push-sync.conf in a real nginx in front of the workspace: the body that stops the app's runtime is
 * refused at the proxy, and everything else passes unchanged. (The same request sent straight to the workspace
 * blocks the app until the engine's 30 s request timeout; too slow to repeat here, see docs/hardening.md.)
 */
describe('nginx include (deploy/nginx/push-sync.conf)', () => {
    let bed: TestBed;
    let nginx: ChildProcess | undefined;
    let tempDir: string;
    let proxy: string;
    let coreProxy: string;
    let bruno: RestClient;
    let message: Loose;
    let threadRoot: Loose;
    let pidBefore: number | undefined;
    const appPath = (endpoint: string) => `/api/apps/public/${bed.appId}/${endpoint}`;

    beforeAll(async () => {
        const binary = nginxBinary();
        bed = await startTestBed();
        bruno = await bed.createUser('bruno');
        const rid = (await bruno.post<{ channel: Loose }>('/api/v1/channels.create', { name: 'proxy-test' })).body.channel._id;
        message = (await bruno.post<{ message: Loose }>('/api/v1/chat.sendMessage', { message: { rid, msg: 'hello *proxy*' } }))
            .body.message;
        threadRoot = (await bruno.post<{ message: Loose }>('/api/v1/chat.sendMessage', { message: { rid, msg: 'root' } })).body
            .message;
        await bruno.post('/api/v1/chat.sendMessage', { message: { rid, msg: 'reply', tmid: threadRoot._id } });
        pidBefore = await appRuntimePid(bed);

        tempDir = mkdtempSync(path.join(tmpdir(), 'push-sync-nginx-'));
        const corePathInclude = path.join(tempDir, 'push-sync-core-path.conf');
        writeFileSync(corePathInclude, withCorePathBlock(readFileSync(INCLUDE, 'utf8')));
        const [port, corePort] = [await freePort(), await freePort()];
        const workspacePort = new URL(bed.workspace.url).port;
        // A site as Rocket.Chat's nginx guide writes it, with the include added to each server block.
        const site = (listenPort: number, include: string) => `
    server {
        listen 127.0.0.1:${listenPort};
        include ${include};
        location / {
            proxy_pass http://rocketchat;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
            proxy_set_header Host $http_host;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Nginx-Proxy true;
            proxy_redirect off;
        }
    }`;
        writeFileSync(
            path.join(tempDir, 'nginx.conf'),
            `daemon off;
master_process off;
pid ${tempDir}/nginx.pid;
error_log ${tempDir}/error.log;
events {}
http {
    access_log off;
    client_body_temp_path ${tempDir}/body;
    proxy_temp_path ${tempDir}/proxy;
    upstream rocketchat { server 127.0.0.1:${workspacePort}; }
${site(port, INCLUDE)}
${site(corePort, corePathInclude)}
}
`,
        );
        nginx = spawn(binary, ['-p', tempDir, '-c', path.join(tempDir, 'nginx.conf'), '-e', path.join(tempDir, 'error.log')], {
            stdio: 'inherit',
        });
        proxy = `http://127.0.0.1:${port}`;
        coreProxy = `http://127.0.0.1:${corePort}`;
        const deadline = Date.now() + 10000;
        for (;;) {
            try {
                if ((await fetch(`${proxy}/api/info`)).ok) break;
            } catch {
                // not listening yet
            }
            if (Date.now() > deadline || nginx.exitCode !== null) {
                throw new Error(`nginx did not start: ${readFileSync(path.join(tempDir, 'error.log'), 'utf8')}`);
            }
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
    });

    afterAll(async () => {
        if (nginx && nginx.exitCode === null) {
            const exited = new Promise((resolve) => nginx!.once('exit', resolve));
            nginx.kill('SIGTERM');
            await exited;
        }
        await bed?.close();
        if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    });

    it('the include is only a location for an existing server block: no server or upstream of its own', () => {
        const directives = readFileSync(INCLUDE, 'utf8').replace(/#.*$/gm, '');
        expect(directives).not.toMatch(/\b(server|upstream|http)\s*[\w.]*\s*\{/);
        expect(directives.match(/\blocation\b/g)).toHaveLength(1);
        expect(directives).toContain('proxy_pass http://rocketchat;');
    });

    describe('requests with a body never reach the app', () => {
        it.each([
            ['the poison GET (JSON body with __proto__)', { method: 'GET', body: '{"__proto__":{"x":1}}' }],
            ['a chunked JSON body', { method: 'GET', body: '{"__proto__":{"x":1}}', chunked: true }],
            ['a POST with a body', { method: 'POST', body: '{"id":"x"}' }],
        ])('%s: 400 JSON from the proxy', async (_name, options) => {
            for (const endpoint of ['push.get?id=x', 'chat.syncThreadMessages?tmid=x&updatedSince=x']) {
                const response = await rawRequest(`${proxy}${appPath(endpoint)}`, {
                    ...options,
                    headers: { 'content-type': 'application/json' },
                });
                expect(response).toEqual({ status: 400, contentType: 'application/json', text: JSON.stringify(REFUSED_BODY) });
            }
        });

        it('the private app path and other letter cases are covered too', async () => {
            for (const target of [
                `/api/apps/private/${bed.appId}/some-hash/push.get?id=x`,
                `/API/Apps/Public/${bed.appId.toUpperCase()}/PUSH.GET?id=x`,
            ]) {
                const response = await rawRequest(`${proxy}${target}`, {
                    method: 'GET',
                    headers: { 'content-type': 'application/json' },
                    body: '{"__proto__":{"x":1}}',
                });
                expect(response.status).toBe(400);
                expect(JSON.parse(response.text)).toEqual(REFUSED_BODY);
            }
        });

        it('the app keeps the same Deno process and answers at once', async () => {
            const started = Date.now();
            const response = await new RestClient(proxy, bruno.credentials).callApp(bed.appId, 'push.get', { id: message._id });
            expect(response.status).toBe(200);
            // A runtime that had received the poison would hold this request until the engine's timeout.
            expect(Date.now() - started).toBeLessThan(10000);
            expect(await appRuntimePid(bed)).toBe(pidBefore);
            expect(pidBefore).toEqual(expect.any(Number));
        });
    });

    describe('everything else passes unchanged', () => {
        const throughBoth = async (client: RestClient, request: (c: RestClient) => Promise<{ status: number; text: string }>) => {
            const direct = await request(client);
            const proxied = await request(new RestClient(proxy, client.credentials));
            return { direct, proxied };
        };

        it('push.get', async () => {
            const { direct, proxied } = await throughBoth(bruno, (c) => c.callApp(bed.appId, 'push.get', { id: message._id }));
            expect(direct.status).toBe(200);
            expect(proxied.status).toBe(200);
            expect(proxied.text).toBe(direct.text);
            expect(JSON.parse(proxied.text).data.message._id).toBe(message._id);
        });

        it('chat.syncThreadMessages', async () => {
            const query = { tmid: threadRoot._id, updatedSince: '2019-04-01T00:00:00.000Z' };
            const { direct, proxied } = await throughBoth(bruno, (c) => c.callApp(bed.appId, 'chat.syncThreadMessages', query));
            expect(direct.status).toBe(200);
            expect(proxied.status).toBe(200);
            expect(JSON.parse(proxied.text)).toEqual(JSON.parse(direct.text));
            expect(JSON.parse(proxied.text).messages.update.map((item: Loose) => item.msg)).toEqual(['reply']);
        });

        it('the app’s own errors (401 without credentials) keep their status and body', async () => {
            const { direct, proxied } = await throughBoth(new RestClient(bed.workspace.url), (c) =>
                c.callApp(bed.appId, 'push.get', { id: message._id }),
            );
            expect(direct.status).toBe(401);
            expect(proxied.status).toBe(401);
            expect(proxied.text).toBe(direct.text);
        });

        it('login with a JSON body (not an app path) and /api/info', async () => {
            const login = await new RestClient(proxy).post<{ status: string; data: Loose }>('/api/v1/login', {
                user: 'bruno',
                password: 'bruno-pw',
            });
            expect(login.status).toBe(200);
            expect(login.body.status).toBe('success');
            expect(login.body.data.userId).toBe(bruno.credentials!.userId);
            const loggedIn = new RestClient(proxy, { userId: login.body.data.userId, authToken: login.body.data.authToken });
            expect((await loggedIn.callApp(bed.appId, 'push.get', { id: message._id })).status).toBe(200);

            const { direct, proxied } = await throughBoth(new RestClient(bed.workspace.url), (c) => c.get('/api/info'));
            expect(proxied.status).toBe(200);
            expect(proxied.text).toBe(direct.text);
        });
    });

    describe('the optional core-path block', () => {
        it('serves /api/v1/push.get from the app, query string and credentials included', async () => {
            const viaCorePath = await new RestClient(coreProxy, bruno.credentials).get('/api/v1/push.get', { id: message._id });
            const direct = await bruno.callApp(bed.appId, 'push.get', { id: message._id });
            expect(viaCorePath.status).toBe(200);
            expect(viaCorePath.text).toBe(direct.text);
        });

        it('refuses a body there as well', async () => {
            const response = await rawRequest(`${coreProxy}/api/v1/push.get?id=x`, {
                method: 'GET',
                headers: { 'content-type': 'application/json' },
                body: '{"__proto__":{"x":1}}',
            });
            expect(response).toEqual({ status: 400, contentType: 'application/json', text: JSON.stringify(REFUSED_BODY) });
        });
    });

    // Last, because it leaves the app's runtime stuck: why the include is needed.
    it('without the proxy the same request stalls the app (engine timeout shortened to 3 s for this test)', async () => {
        const [app] = await bed.workspace.runtime.manager.get();
        (app.getRuntimeController() as unknown as { options: { timeout: number } }).options.timeout = 3000;
        const poison = await rawRequest(`${bed.workspace.url}${appPath('push.get?id=x')}`, {
            method: 'GET',
            headers: { 'content-type': 'application/json' },
            body: '{"__proto__":{"x":1}}',
        });
        expect(poison.status).toBe(500);
        expect(poison.contentType).toMatch(/^text\/html/);
        expect(poison.text).toMatch(/^\[[0-9a-f-]+\] Request "[^"]+" for method "api:push.get:get" timed out after 3000ms$/);
        // An ordinary call now fails the same way: the runtime no longer answers.
        const after = await bruno.callApp(bed.appId, 'push.get', { id: message._id });
        expect(after.status).toBe(500);
        expect(after.text).toMatch(/timed out after 3000ms$/);
    });
});
