import type { RestClient } from '@push-sync/workspace';
import type { TestBed } from './support/helpers';
import { setAppSetting, startTestBed, useStarted } from './support/helpers';

type Loose = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
type Answer = { status: number; headers: Headers; body: Loose };

const EPOCH = '2019-04-01T00:00:00.000Z';
const LIMIT_HEADERS = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'retry-after'];

const tooMany = (seconds: number) => ({
    success: false,
    error: `Error, too many requests. Please slow down. You must wait ${seconds} seconds before trying this endpoint again. [error-too-many-requests]`,
    errorType: 'error-too-many-requests',
});

/** The rate-limit headers of an answer (lower-case names), absent ones left out. */
function limitHeaders(answer: Answer): { [name: string]: string } {
    return Object.fromEntries(
        LIMIT_HEADERS.flatMap((name) => {
            const value = answer.headers.get(name);
            return value === null ? [] : [[name, value]];
        }),
    );
}

/**
 * How the mobile JS app reads a rate limit: it recognises one only by the bracketed code, and takes the wait from the
 * digits of the message (every other header is ignored).
 */
function clientWaitSeconds(body: Loose): number | undefined {
    const error = typeof body.error === 'string' ? body.error : '';
    return error.includes('[error-too-many-requests]') ? parseInt(error.replace(/\D/g, ''), 10) : undefined;
}

/** A 200 inside the window: its limit, what is left, and the window's end. */
function expectAdmitted(answer: Answer, limit: number, remaining: number, reset: string): void {
    expect(answer.status).toBe(200);
    expect(limitHeaders(answer)).toEqual({
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': String(remaining),
        'x-ratelimit-reset': reset,
    });
}

/** The 429 as the issue asks: core's text with N, Retry-After N, the window's headers with Remaining 0. */
function expectTooMany(answer: Answer, limit: number, reset: string) {
    expect(answer.status).toBe(429);
    const seconds = Number(answer.headers.get('retry-after'));
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(answer.body).toEqual(tooMany(seconds));
    expect(clientWaitSeconds(answer.body)).toBe(seconds);
    expect(limitHeaders(answer)).toEqual({
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': reset,
        'retry-after': String(seconds),
    });
    // N is the time to the window's end, rounded up.
    expect(Math.abs(Number(reset) - Date.now() - seconds * 1000)).toBeLessThan(2_000 + 1_000);
}

/**
 * The per-user limits through HTTP against the packaged app (docs/push.get.md#rate-limits): small limits set through
 * the app's settings, so nothing here depends on timing.
 */
describe('rate limits', () => {
    const bed = useStarted<TestBed>(() => startTestBed(), 'the test bed');
    let ana: RestClient;
    let ben: RestClient;
    let bot: RestClient;
    let messageId: string;
    let rootId: string;

    const pushGet = (client: RestClient) => client.callApp<Loose>(bed().appId, 'push.get', { id: messageId });
    const sync = (client: RestClient) =>
        client.callApp<Loose>(bed().appId, 'chat.syncThreadMessages', { tmid: rootId, updatedSince: EPOCH });
    const set = (id: string, value: unknown) => setAppSetting(bed(), id, value);

    beforeAll(async () => {
        ana = await bed().createUser('ana');
        ben = await bed().createUser('ben');
        bot = await bed().createUser('helper-bot', { roles: ['bot'] });
        const created = await ana.post<{ channel: Loose }>('/api/v1/channels.create', {
            name: 'limits',
            members: ['ben', 'helper-bot'],
        });
        const rid = created.body.channel._id as string;
        const send = async (msg: string, tmid?: string) =>
            (await ana.post<{ message: Loose }>('/api/v1/chat.sendMessage', { message: { rid, msg, tmid } })).body.message
                ._id as string;
        messageId = await send('hello');
        rootId = await send('thread');
        for (const text of ['one', 'two', 'three']) {
            await send(text, rootId);
        }
    });

    it('push.get: headers on 200s; one user over the limit gets core’s 429; another user is unaffected', async () => {
        await set('rate_limit_push_get_per_minute', 2);
        const first = await pushGet(ana);
        const reset = first.headers.get('x-ratelimit-reset')!;
        expectAdmitted(first, 2, 1, reset);
        expect(Number(reset) - Date.now()).toBeGreaterThan(0);
        expect(Number(reset) - Date.now()).toBeLessThanOrEqual(60_000);
        expectAdmitted(await pushGet(ana), 2, 0, reset);
        expectTooMany(await pushGet(ana), 2, reset);
        expectTooMany(await pushGet(ana), 2, reset);

        const other = await pushGet(ben);
        expectAdmitted(other, 2, 1, other.headers.get('x-ratelimit-reset')!);
    });

    it('401 and 405 carry no rate-limit headers and are never counted', async () => {
        await set('rate_limit_push_get_per_minute', 1);
        const response = await fetch(`${bed().workspace.url}/api/apps/public/${bed().appId}/push.get?id=${messageId}`);
        expect(response.status).toBe(401);
        expect(limitHeaders({ status: 401, headers: response.headers, body: {} })).toEqual({});
        const post = await ben.request('POST', `/api/apps/public/${bed().appId}/push.get`, { body: {} });
        expect(post.status).toBe(405);
        expect(limitHeaders(post as Answer)).toEqual({});
        expect((await pushGet(ben)).status).toBe(200);
    });

    it('chat.syncThreadMessages: a budget in replies read, counted in the headers; another user is unaffected', async () => {
        await set('rate_limit_sync_replies_per_minute', 4);
        const first = await sync(ana);
        expect(first.body.messages.update).toHaveLength(3);
        const reset = first.headers.get('x-ratelimit-reset')!;
        expectAdmitted(first, 4, 1, reset);
        // Still above 0: admitted, and charged all 3 replies (the budget is now at -2).
        expectAdmitted(await sync(ana), 4, 0, reset);
        expectTooMany(await sync(ana), 4, reset);

        const other = await sync(ben);
        expectAdmitted(other, 4, 1, other.headers.get('x-ratelimit-reset')!);
    });

    it('an exempt role is never limited and gets no headers', async () => {
        await set('rate_limit_push_get_per_minute', 1);
        await set('rate_limit_sync_replies_per_minute', 1);
        for (let i = 0; i < 4; i++) {
            for (const answer of [await pushGet(bot), await sync(bot)]) {
                expect(answer.status).toBe(200);
                expect(limitHeaders(answer)).toEqual({});
            }
        }
    });

    it('a setting change applies at once and restarts the windows; 0 turns a limit off', async () => {
        await set('rate_limit_push_get_per_minute', 1);
        expect((await pushGet(ana)).status).toBe(200);
        expect((await pushGet(ana)).status).toBe(429);
        await set('rate_limit_push_get_per_minute', 0);
        for (let i = 0; i < 3; i++) {
            const free = await pushGet(ana);
            expect(free.status).toBe(200);
            expect(limitHeaders(free)).toEqual({});
        }
        await set('rate_limit_push_get_per_minute', 3);
        const restarted = await pushGet(ana);
        expect(restarted.status).toBe(200);
        expect(limitHeaders(restarted)).toMatchObject({ 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '2' });
        await set('rate_limit_exempt_roles', 'user');
        for (let i = 0; i < 4; i++) {
            expect(limitHeaders(await pushGet(ana))).toEqual({});
        }
    });
});
