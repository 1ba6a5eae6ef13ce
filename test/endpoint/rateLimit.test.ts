import { forgetCachedSettings } from '../../host/settings';
import { PushGetEndpoint } from '../../endpoints/PushGetEndpoint';
import { SyncThreadMessagesEndpoint } from '../../endpoints/SyncThreadMessagesEndpoint';
import type { FakeHost, Query } from './fakes';
import { callGet, fakeApp, fakeHost, fakeMessage, fakeRoom, fakeUser, JSON_HEADERS, UNAUTHORIZED } from './fakes';

const SINCE = '2019-04-01T00:00:00.000Z';
const author = fakeUser('author');
const channel = fakeRoom('channel', 'c', author);
const root = fakeMessage('root', channel, author, { unmapped: { tcount: 3, tlm: new Date('2024-01-02T00:00:00.000Z') } });
const replies = ['r1', 'r2', 'r3'].map((id) => fakeMessage(id, channel, author, { threadId: 'root' }));
const message = fakeMessage('message', channel, author, { text: 'hello' });

const TOO_MANY = (seconds: number) => ({
    success: false,
    error: `Error, too many requests. Please slow down. You must wait ${seconds} seconds before trying this endpoint again. [error-too-many-requests]`,
    errorType: 'error-too-many-requests',
});

/** A server whose app settings set the limits; `Threads_enabled` and the push settings as given. */
function host(appSettings: { [id: string]: unknown }, serverSettings: { [id: string]: unknown } = {}): FakeHost {
    return fakeHost({
        users: [author],
        messages: [root, message, ...replies],
        threads: { root: [root, root, ...replies], broken: null },
        appSettings,
        serverSettings: {
            Threads_enabled: true,
            Site_Url: 'https://chat.example.com',
            uniqueID: 'unique-id',
            Language: 'en',
            ...serverSettings,
        },
    });
}

const pushGet = (server: FakeHost, query: Query, user?: ReturnType<typeof fakeUser>) =>
    callGet((app) => new PushGetEndpoint(app), server, query, user);
const sync = (server: FakeHost, query: Query, user?: ReturnType<typeof fakeUser>) =>
    callGet((app) => new SyncThreadMessagesEndpoint(app), server, query, user);

/** The limiter keeps counters per user in module state: every test has users of its own. */
let serial = 0;
const freshUser = (roles = ['user']) => fakeUser(`user-${++serial}`, { roles });

const limitHeaders = (response: { headers?: { [name: string]: string } }) =>
    Object.fromEntries(Object.entries(response.headers ?? {}).filter(([name]) => /^x-ratelimit|^retry-after/i.test(name)));

describe('rate limits, in-process: the order of checks and the cost of a 429', () => {
    beforeEach(forgetCachedSettings);

    it('push.get: 405 and 401 come first and are never counted; then 429 before the id check', async () => {
        const server = host({ rate_limit_push_get_per_minute: 1 });
        const user = freshUser();
        const endpoint = new PushGetEndpoint(fakeApp(server));
        for (let i = 0; i < 3; i++) {
            expect((await endpoint.post()).status).toBe(405);
            expect(await pushGet(server, {})).toEqual({ status: 401, headers: JSON_HEADERS, content: UNAUTHORIZED });
        }
        const first = await pushGet(server, {}, user);
        expect(first.status).toBe(400);
        expect(limitHeaders(first)).toEqual({
            'X-RateLimit-Limit': '1',
            'X-RateLimit-Remaining': '0',
            'X-RateLimit-Reset': expect.stringMatching(/^\d{13}$/),
        });
        const before = server.calls.length;
        const second = await pushGet(server, {}, user);
        expect(second).toEqual({
            status: 429,
            headers: { ...JSON_HEADERS, ...limitHeaders(first), 'Retry-After': expect.stringMatching(/^(59|60)$/) },
            content: TOO_MANY(Number(second.headers?.['Retry-After'])),
        });
        // Settings were cached by the first call: the 429 touched the host not at all.
        expect(server.calls.slice(before)).toEqual([]);
        expect(server.warnings).toEqual([
            [
                'Rate limit reached: answering 429 until the window ends',
                { userId: user.id, endpoint: 'push.get', count: 1, limit: 1, limitName: 'requests per minute' },
            ],
        ]);
    });

    it('a 429 with cold caches reads app settings only: no server setting, no other bridge call', async () => {
        const server = host({ rate_limit_push_get_per_minute: 1, rate_limit_sync_replies_per_minute: 1 });
        const user = freshUser();
        server.users.push(user);
        expect((await pushGet(server, { id: 'message' }, user)).status).toBe(200);
        expect((await sync(server, { tmid: 'root', updatedSince: SINCE }, user)).status).toBe(200);
        for (const call of [
            () => pushGet(server, { id: 'message' }, user),
            () => sync(server, { tmid: 'root', updatedSince: SINCE }, user),
        ]) {
            forgetCachedSettings();
            server.calls.length = 0;
            expect((await call()).status).toBe(429);
            expect(server.calls.length).toBeGreaterThan(0);
            expect(server.calls.filter((read) => !read.startsWith('getSettings().getValueById('))).toEqual([]);
        }
    });

    it('sync: 429 comes before Threads Disabled and the tmid check; the window is charged the replies read', async () => {
        const limits = { rate_limit_sync_replies_per_minute: 2, rate_limit_sync_concurrent: 0 };
        const user = freshUser();
        const first = await sync(host(limits), { tmid: 'root', updatedSince: SINCE }, user);
        expect(first.status).toBe(200);
        // 3 replies read against a budget of 2: Remaining says 0 (the budget is at -1).
        expect(limitHeaders(first)).toEqual({
            'X-RateLimit-Limit': '2',
            'X-RateLimit-Remaining': '0',
            'X-RateLimit-Reset': expect.stringMatching(/^\d{13}$/),
        });
        const disabled = host(limits, { Threads_enabled: false });
        const refused = await sync(disabled, {}, user);
        expect(refused.status).toBe(429);
        expect(refused.content).toEqual(TOO_MANY(Number(refused.headers?.['Retry-After'])));
        expect(disabled.calls.filter((read) => read.startsWith('getServerSettings'))).toEqual([]);
    });

    it('sync: a sync that reads no thread costs nothing (a non-root tmid, an error before the read)', async () => {
        const server = host({ rate_limit_sync_replies_per_minute: 1, rate_limit_sync_concurrent: 0 }, { Threads_enabled: false });
        const user = freshUser();
        for (let i = 0; i < 3; i++) {
            const disabled = await sync(server, { tmid: 'root', updatedSince: SINCE }, user);
            expect(disabled.status).toBe(400);
            expect(limitHeaders(disabled)).toMatchObject({ 'X-RateLimit-Limit': '1', 'X-RateLimit-Remaining': '1' });
        }
        server.serverSettings.Threads_enabled = true;
        forgetCachedSettings();
        for (let i = 0; i < 3; i++) {
            const notARoot = await sync(server, { tmid: 'message', updatedSince: SINCE }, user);
            expect(notARoot.status).toBe(200);
            expect(limitHeaders(notARoot)).toMatchObject({ 'X-RateLimit-Remaining': '1' });
        }
    });

    it('sync: the in-flight slot is released on success and on error (500 with the headers)', async () => {
        const server = host({ rate_limit_sync_replies_per_minute: 100, rate_limit_sync_concurrent: 1 });
        const user = freshUser();
        const failed = await sync(server, { tmid: 'broken-root', updatedSince: SINCE }, user);
        expect(failed.status).toBe(400);
        server.messages.push(fakeMessage('broken', channel, author, { unmapped: { tcount: 1 } }));
        const crashed = await sync(server, { tmid: 'broken', updatedSince: SINCE }, user);
        expect(crashed.status).toBe(500);
        expect(limitHeaders(crashed)).toMatchObject({ 'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '100' });
        const [a, b] = await Promise.all([
            sync(server, { tmid: 'root', updatedSince: SINCE }, user),
            sync(server, { tmid: 'root', updatedSince: SINCE }, user),
        ]);
        expect([a.status, b.status]).toEqual([200, 429]);
        expect(limitHeaders(b)).toMatchObject({ 'X-RateLimit-Remaining': '100', 'Retry-After': '1' });
        expect(b.content).toEqual(TOO_MANY(1));
        expect(limitHeaders(a)).toMatchObject({ 'X-RateLimit-Remaining': '97' });
        expect((await sync(server, { tmid: 'root', updatedSince: SINCE }, user)).status).toBe(200);
    });

    it('exempt roles and limits set to 0: never limited, no rate-limit headers', async () => {
        const limits = {
            rate_limit_push_get_per_minute: 1,
            rate_limit_sync_replies_per_minute: 1,
            rate_limit_sync_concurrent: 1,
        };
        const bot = freshUser(['bot']);
        const server = host(limits);
        for (let i = 0; i < 3; i++) {
            expect(await pushGet(server, {}, bot)).toMatchObject({ status: 400 });
            expect((await pushGet(server, {}, bot)).headers).toEqual(JSON_HEADERS);
            expect((await sync(server, { tmid: 'root', updatedSince: SINCE }, bot)).headers).toEqual(JSON_HEADERS);
        }
        forgetCachedSettings();
        const off = host({ rate_limit_push_get_per_minute: 0 });
        const user = freshUser();
        for (let i = 0; i < 3; i++) {
            expect((await pushGet(off, {}, user)).headers).toEqual(JSON_HEADERS);
        }
    });
});
