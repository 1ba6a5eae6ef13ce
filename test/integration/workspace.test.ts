import { execFileSync } from 'node:child_process';
import { Agent, get as httpGet } from 'node:http';

import { KEEP_ALIVE_TIMEOUT_MS, RestClient } from '@push-sync/workspace';
import type { TestBed } from './support/helpers';
import { appZip, startTestBed } from './support/helpers';
import { readManifest } from '../../scripts/appPackage';
import { expectError, UNAUTHORIZED } from './support/rest';

describe('local workspace: REST API and app router', () => {
    let bed: TestBed;
    let anonymous: RestClient;

    beforeAll(async () => {
        bed = await startTestBed();
        anonymous = new RestClient(bed.workspace.url);
    });
    afterAll(async () => {
        await bed?.close();
    });

    describe('core REST API', () => {
        it('answers /api/info with a version that makes rc-apps use compiled zips', async () => {
            const info = await anonymous.get('/api/info');
            expect(info.status).toBe(200);
            expect(info.body).toEqual({ version: '8.4.0', success: true });
        });

        it('logs in with user or username and answers core shape', async () => {
            for (const body of [
                { user: 'admin', password: 'admin' },
                { username: 'admin', password: 'admin' },
            ]) {
                const login = await anonymous.post('/api/v1/login', body);
                expect(login.status).toBe(200);
                expect(login.body).toMatchObject({
                    status: 'success',
                    data: { userId: expect.any(String), authToken: expect.any(String) },
                });
                expect(JSON.stringify(login.body)).not.toContain('bcrypt');
            }
        });

        it('refuses a wrong password with core 401 body', async () => {
            const login = await anonymous.post('/api/v1/login', { user: 'admin', password: 'nope' });
            expect(login.status).toBe(401);
            expect(login.body).toEqual({ status: 'error', error: 'Unauthorized', message: 'Unauthorized' });
        });

        it('answers /api/v1 calls without credentials with the JSON 401', async () => {
            const me = await anonymous.get('/api/v1/me');
            expect(me.status).toBe(401);
            expect(me.body).toEqual(UNAUTHORIZED);
            const forged = await new RestClient(bed.workspace.url, {
                userId: bed.admin.credentials!.userId,
                authToken: 'forged',
            }).get('/api/v1/me');
            expect(forged.status).toBe(401);
        });

        it('lets only admins create users', async () => {
            const carla = await bed.createUser('carla', { name: 'Carla', language: 'de' });
            const me = await carla.get('/api/v1/me');
            expect(me.body).toMatchObject({ username: 'carla', name: 'Carla', roles: ['user'], language: 'de', success: true });
            const denied = await carla.post('/api/v1/users.create', { username: 'x', password: 'x', email: 'x@x' });
            expect(denied.status).toBe(403);
            expect(denied.body).toEqual({
                success: false,
                error: 'User does not have the permissions required for this action [error-unauthorized]',
            });
        });

        it("users.create refuses what core's body schema lacks, `language` included, with core's AJV answer", async () => {
            const created = await bed.admin.post('/api/v1/users.create', {
                username: 'lang',
                password: 'lang-pw',
                email: 'lang@example.com',
                name: 'Lang',
                language: 'de',
            });
            expectError(created, 400, 'must NOT have additional properties [invalid-params]', 'invalid-params');
        });

        it("users.setPreferences: a user's own language, or anyone's for an admin, with core's answer and errors", async () => {
            const greta = await bed.createUser('greta');
            const own = await greta.post('/api/v1/users.setPreferences', { data: { language: 'de', useEmojis: false } });
            expect(own.status).toBe(200);
            expect(own.body).toEqual({
                user: { _id: greta.credentials!.userId, settings: { preferences: { language: 'de', useEmojis: false } } },
                success: true,
            });
            // Both places, as core's saveUserPreferences writes them: `language` for core's push, the preference for apps.
            expect((await greta.get('/api/v1/me')).body).toMatchObject({
                language: 'de',
                settings: { preferences: { language: 'de', useEmojis: false } },
            });
            const byAdmin = await bed.admin.post('/api/v1/users.setPreferences', {
                userId: greta.credentials!.userId,
                data: { language: 'ja' },
            });
            expect(byAdmin.body).toMatchObject({ user: { settings: { preferences: { language: 'ja', useEmojis: false } } } });

            const refusals: Array<[RestClient, unknown, object]> = [
                [greta, {}, { error: "must have required property 'data' [invalid-params]", errorType: 'invalid-params' }],
                [greta, { data: { colour: 'red' } }, { error: 'must NOT have additional properties [invalid-params]' }],
                [greta, { data: {}, extra: 1 }, { error: 'must NOT have additional properties [invalid-params]' }],
                [greta, { data: { language: 7 } }, { error: 'must be string [invalid-params]' }],
                [
                    greta,
                    { userId: bed.admin.credentials!.userId, data: { language: 'de' } },
                    { error: 'Editing user is not allowed [error-action-not-allowed]', errorType: 'error-action-not-allowed' },
                ],
                [
                    bed.admin,
                    { userId: 'nobody', data: { language: 'de' } },
                    {
                        error: 'The optional "userId" param provided does not match any users [error-invalid-user]',
                        errorType: 'error-invalid-user',
                    },
                ],
            ];
            for (const [client, body, answer] of refusals) {
                const refused = await client.post('/api/v1/users.setPreferences', body);
                expect({ body, status: refused.status, answer: refused.body }).toEqual({
                    body,
                    status: 400,
                    answer: expect.objectContaining({ success: false, ...answer }),
                });
            }
            expect((await anonymous.post('/api/v1/users.setPreferences', { data: {} })).body).toEqual(UNAUTHORIZED);
        });

        it('creates rooms, sends threads, moves unread counters and reads them', async () => {
            const dora = await bed.createUser('dora');
            const emil = await bed.createUser('emil');
            const channel = await dora.post<{ channel: { _id: string } }>('/api/v1/channels.create', {
                name: 'plans',
                members: ['emil'],
            });
            expect(channel.status).toBe(200);
            const rid = channel.body.channel._id;
            const root = await dora.post<{ message: { _id: string; md: unknown } }>('/api/v1/chat.sendMessage', {
                message: { rid, msg: 'hello @emil' },
            });
            expect(root.status).toBe(200);
            expect(root.body.message.md).toEqual([
                {
                    type: 'PARAGRAPH',
                    value: [
                        { type: 'PLAIN_TEXT', value: 'hello ' },
                        { type: 'MENTION_USER', value: { type: 'PLAIN_TEXT', value: 'emil' } },
                    ],
                },
            ]);
            const reply = await emil.post<{ message: { tmid: string } }>('/api/v1/chat.sendMessage', {
                message: { rid, msg: 'a reply', tmid: root.body.message._id },
            });
            expect(reply.body.message.tmid).toBe(root.body.message._id);

            const subscription = await emil.get<{ subscription: { unread: number; userMentions: number } }>(
                '/api/v1/subscriptions.getOne',
                { roomId: rid },
            );
            expect(subscription.body.subscription).toMatchObject({ unread: 1, userMentions: 1 });
            expect((await emil.post('/api/v1/subscriptions.read', { rid })).status).toBe(200);
            const read = await emil.get<{ subscription: { unread: number } }>('/api/v1/subscriptions.getOne', { roomId: rid });
            expect(read.body.subscription.unread).toBe(0);
        });

        it('reads and writes settings as an admin only, with type checks', async () => {
            expect((await bed.admin.get('/api/v1/settings/Push_show_message')).body).toEqual({
                _id: 'Push_show_message',
                value: true,
                success: true,
            });
            expect((await bed.admin.post('/api/v1/settings/Push_show_message', { value: 'no' })).status).toBe(400);
            expect((await bed.admin.post('/api/v1/settings/Push_show_message', { value: false })).status).toBe(200);
            expect((await bed.admin.get('/api/v1/settings/Push_show_message')).body).toMatchObject({ value: false });
            await bed.admin.post('/api/v1/settings/Push_show_message', { value: true });
            const user = await bed.createUser('fritz');
            expect((await user.get('/api/v1/settings/Push_show_message')).status).toBe(403);
        });

        it('answers malformed JSON with a JSON 400', async () => {
            const response = await bed.admin.request('POST', '/api/v1/chat.sendMessage', {
                body: '{"message":',
                headers: { 'Content-Type': 'application/json' },
            });
            expect(response.status).toBe(400);
            expect(response.body).toMatchObject({ success: false });
        });

        it("keeps an idle connection open longer than Node's default 5 s, and says for how long", async () => {
            const agent = new Agent({ keepAlive: true, maxSockets: 1 });
            const get = () =>
                new Promise<{ reused: boolean; keepAlive: unknown }>((resolve, reject) => {
                    const request = httpGet(`${bed.workspace.url}/api/info`, { agent }, (response) => {
                        response.resume();
                        response.on('end', () =>
                            resolve({ reused: request.reusedSocket, keepAlive: response.headers['keep-alive'] }),
                        );
                    });
                    request.on('error', reject);
                });
            try {
                expect(await get()).toEqual({ reused: false, keepAlive: `timeout=${KEEP_ALIVE_TIMEOUT_MS / 1000}` });
                // Closed by the server meanwhile (Node's 5 s default closed it by 6 s), the socket would have left the
                // agent's pool: a reused one was kept open.
                await new Promise((resolve) => setTimeout(resolve, 7000));
                expect(await get()).toMatchObject({ reused: true });
            } finally {
                agent.destroy();
            }
        });
    });

    describe('app router', () => {
        it('installs the app through /api/apps and reports it', async () => {
            const app = await bed.admin.get(`/api/apps/${bed.appId}`);
            expect(app.status).toBe(200);
            expect(app.body).toMatchObject({
                app: { id: bed.appId, name: 'Push Sync', status: 'manually_enabled' },
                success: true,
            });
        });

        it('answers the contract 401 JSON without credentials (authRequired false, checked by the app)', async () => {
            for (const path of ['push.get', 'chat.syncThreadMessages']) {
                const response = await anonymous.callApp(bed.appId, path, { id: 'x' });
                expect(response.status).toBe(401);
                expect(response.headers.get('content-type')).toMatch(/^application\/json/);
                expect(response.body).toEqual(UNAUTHORIZED);
            }
        });

        it('passes request.user to the app when the credentials are valid', async () => {
            // Past the app's 401: the admin is known, only the message is not.
            const response = await bed.admin.callApp(bed.appId, 'push.get', { id: 'x' });
            expectError(response, 400, 'error-message-not-found', 'error-message-not-found');
        });

        it('matches paths case-insensitively with a trailing slash, like the host router', async () => {
            const response = await anonymous.get(`/api/apps/public/${bed.appId}/PUSH.GET/`);
            expect(response.status).toBe(401);
        });

        it('serves the private router too (the app registers a public API, so any hash reaches it)', async () => {
            const hash = bed.workspace.runtime.manager.getOneById(bed.appId).getStorageItem()._id;
            const response = await anonymous.get(`/api/apps/private/${bed.appId}/${hash}/push.get`);
            expect(response.status).toBe(401);
            expect(response.body).toEqual(UNAUTHORIZED);
        });

        it('answers unknown apps and paths with a plain-text 404', async () => {
            for (const path of [`/api/apps/public/unknown-app/push.get`, `/api/apps/public/${bed.appId}/nope`]) {
                const response = await anonymous.get(path);
                expect(response.status).toBe(404);
                expect(response.text).toBe('Not Found');
            }
        });

        it('disables and enables the app: a disabled app answers 404', async () => {
            const disabled = await bed.admin.post(`/api/apps/${bed.appId}/status`, { status: 'manually_disabled' });
            expect(disabled.body).toEqual({ status: 'manually_disabled', success: true });
            expect((await anonymous.callApp(bed.appId, 'push.get')).status).toBe(404);
            const enabled = await bed.admin.post(`/api/apps/${bed.appId}/status`, { status: 'manually_enabled' });
            expect(enabled.body).toEqual({ status: 'manually_enabled', success: true });
            expect((await anonymous.callApp(bed.appId, 'push.get')).status).toBe(401);
        });

        it('keeps a disabled app disabled across an update, as core does', async () => {
            await bed.admin.post(`/api/apps/${bed.appId}/status`, { status: 'manually_disabled' });
            try {
                const updated = await bed.admin.uploadApp(appZip(), {
                    appId: bed.appId,
                    permissions: readManifest().permissions,
                });
                expect(updated.status).toBe(200);
                // The engine reports the runtime status of an app it initialized but did not enable.
                const status = (await bed.admin.get<{ app: { status: string } }>(`/api/apps/${bed.appId}`)).body.app.status;
                expect(['manually_disabled', 'initialized']).toContain(status);
                expect((await anonymous.callApp(bed.appId, 'push.get')).status).toBe(404);
            } finally {
                await bed.admin.post(`/api/apps/${bed.appId}/status`, { status: 'manually_enabled' });
            }
            expect((await anonymous.callApp(bed.appId, 'push.get')).status).toBe(401);
        });

        it('routes every method to the app: a method other than GET gets the JSON 405 (methods.test.ts)', async () => {
            const response = await bed.admin.request('POST', `/api/apps/public/${bed.appId}/push.get`, { body: {} });
            expect(response.status).toBe(405);
            expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        });

        it('refuses app management to non-admins', async () => {
            const user = await bed.createUser('gina');
            expect((await user.get(`/api/apps/${bed.appId}`)).status).toBe(403);
            expect((await anonymous.get(`/api/apps/${bed.appId}`)).status).toBe(401);
        });
    });
});

describe('local workspace: lifecycle', () => {
    it('lets a job under way finish, then leaves no Deno process behind when closed', async () => {
        const bed = await startTestBed();
        const children = () =>
            execFileSync('ps', ['-o', 'comm=', '--ppid', String(process.pid)], { encoding: 'utf8' })
                .split('\n')
                .filter((name) => name === 'deno');
        expect(children().length).toBe(1);
        // Stopped under it, the job would fail ("The workspace closed before the app answered") and log so.
        const job = bed.workspace.runtime.bridges.scheduler.runNow(`purge-expired-removals_${bed.appId}`);
        await bed.close();
        await expect(job).resolves.toBeUndefined();
        expect(children()).toEqual([]);
    });
});
