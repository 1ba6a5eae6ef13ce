import { rateLimitHeaders, secondsToWait, tooManyRequestsBody } from '../../../lib/rateLimit/answers';
import type { RateLimitConfig } from '../../../lib/rateLimit/config';
import { DEFAULT_RATE_LIMITS } from '../../../lib/rateLimit/config';
import type { Admission } from '../../../lib/rateLimit/limiter';
import { RateLimiter, WINDOW_MS } from '../../../lib/rateLimit/limiter';

const T0 = 1_700_000_000_000;
const user = (id: string, roles: string[] = ['user']) => ({ id, roles });

/** A limiter on a clock the test moves. */
function limiter(config: Partial<RateLimitConfig> = {}, maxUsers?: number) {
    const clock = { now: T0 };
    const limits = new RateLimiter(() => clock.now, maxUsers);
    limits.configure({ ...DEFAULT_RATE_LIMITS, ...config });
    return { limits, clock };
}

const headers = (limit: number, remaining: number, reset: number) => ({
    'X-RateLimit-Limit': String(limit),
    'X-RateLimit-Remaining': String(remaining),
    'X-RateLimit-Reset': String(reset),
});

describe('the 429 answer', () => {
    it('is core’s text with N, plus errorType', () => {
        expect(tooManyRequestsBody(42)).toEqual({
            success: false,
            error: 'Error, too many requests. Please slow down. You must wait 42 seconds before trying this endpoint again. [error-too-many-requests]',
            errorType: 'error-too-many-requests',
        });
    });

    it.each([
        [60_000, 60],
        [59_001, 60],
        [59_000, 59],
        [1, 1],
        [0, 1],
        [-5, 1],
    ])('N = ceil(ms / 1000), at least 1: %i ms → %i s', (ms, seconds) => {
        expect(secondsToWait(ms)).toBe(seconds);
    });

    it('never sends a negative Remaining', () => {
        expect(rateLimitHeaders({ limit: 10, remaining: -4990, reset: 5 })).toEqual(headers(10, 0, 5));
    });
});

describe('push.get: requests per user in fixed 60 s windows', () => {
    it('counts each admitted call; the window starts with the first call and Reset is its end (epoch ms)', () => {
        const { limits, clock } = limiter({ pushGetPerMinute: 3 });
        const reset = T0 + WINDOW_MS;
        expect(limits.admit('push.get', user('u')).headers()).toEqual(headers(3, 2, reset));
        clock.now += 10_000;
        expect(limits.admit('push.get', user('u')).headers()).toEqual(headers(3, 1, reset));
        expect(limits.admit('push.get', user('u')).headers()).toEqual(headers(3, 0, reset));
        const refused = limits.admit('push.get', user('u'));
        expect(refused.rejected).toEqual({
            seconds: 50,
            log: { userId: 'u', endpoint: 'push.get', count: 3, limit: 3, limitName: 'requests per minute' },
        });
        expect(refused.headers()).toEqual({ ...headers(3, 0, reset), 'Retry-After': '50' });
    });

    it('logs only the first refusal of a window; N counts down to the reset, rounded up', () => {
        const { limits, clock } = limiter({ pushGetPerMinute: 1 });
        limits.admit('push.get', user('u'));
        expect(limits.admit('push.get', user('u')).rejected?.log).toBeDefined();
        clock.now += WINDOW_MS - 1_500;
        expect(limits.admit('push.get', user('u')).rejected).toEqual({ seconds: 2 });
        clock.now += 1_499;
        expect(limits.admit('push.get', user('u')).rejected).toEqual({ seconds: 1 });
    });

    it('a new window starts at the first call after the reset, with the whole limit', () => {
        const { limits, clock } = limiter({ pushGetPerMinute: 1 });
        limits.admit('push.get', user('u'));
        clock.now += WINDOW_MS;
        const admitted = limits.admit('push.get', user('u'));
        expect(admitted.rejected).toBeUndefined();
        expect(admitted.headers()).toEqual(headers(1, 0, clock.now + WINDOW_MS));
        expect(limits.admit('push.get', user('u')).rejected?.log).toBeDefined();
    });

    it('users and endpoints have separate counters', () => {
        const { limits } = limiter({ pushGetPerMinute: 1, syncRepliesPerMinute: 5 });
        limits.admit('push.get', user('u'));
        expect(limits.admit('push.get', user('u')).rejected).toBeDefined();
        expect(limits.admit('push.get', user('v')).rejected).toBeUndefined();
        expect(limits.admit('chat.syncThreadMessages', user('u')).rejected).toBeUndefined();
    });
});

describe('chat.syncThreadMessages: a budget in replies read', () => {
    const sync = (limits: RateLimiter, id = 'u') => limits.admit('chat.syncThreadMessages', user(id));

    it('admits while the budget is above 0, charges after the read, and may go negative', () => {
        const { limits } = limiter({ syncRepliesPerMinute: 100, syncConcurrent: 0 });
        const reset = T0 + WINDOW_MS;
        const first = sync(limits);
        expect(first.headers()).toEqual(headers(100, 100, reset));
        first.charge(99);
        expect(first.headers()).toEqual(headers(100, 1, reset));
        first.finish();
        const second = sync(limits);
        expect(second.rejected).toBeUndefined();
        second.charge(5_000);
        second.finish();
        expect(second.headers()).toEqual(headers(100, 0, reset));
        const third = sync(limits);
        expect(third.rejected).toEqual({
            seconds: 60,
            log: {
                userId: 'u',
                endpoint: 'chat.syncThreadMessages',
                count: 5_099,
                limit: 100,
                limitName: 'replies per minute',
            },
        });
        expect(third.headers()).toEqual({ ...headers(100, 0, reset), 'Retry-After': '60' });
    });

    it('a sync that read nothing costs nothing', () => {
        const { limits } = limiter({ syncRepliesPerMinute: 1, syncConcurrent: 0 });
        for (let i = 0; i < 5; i++) {
            const admission = sync(limits);
            expect(admission.rejected).toBeUndefined();
            admission.charge(0);
            admission.finish();
        }
    });

    it('the debt does not outlive its window', () => {
        const { limits, clock } = limiter({ syncRepliesPerMinute: 10, syncConcurrent: 0 });
        sync(limits).charge(1_000);
        clock.now += WINDOW_MS;
        expect(sync(limits).headers()).toEqual(headers(10, 10, clock.now + WINDOW_MS));
    });
});

describe('chat.syncThreadMessages: at most N syncs of one user in flight', () => {
    const sync = (limits: RateLimiter, id = 'u') => limits.admit('chat.syncThreadMessages', user(id));

    it('one more gets the 429 at once with N = 1; the slot comes back on success and on error', () => {
        const { limits } = limiter({ syncRepliesPerMinute: 1_000, syncConcurrent: 2 });
        const a = sync(limits);
        const b = sync(limits);
        const refused = sync(limits);
        expect(refused.rejected).toEqual({
            seconds: 1,
            log: { userId: 'u', endpoint: 'chat.syncThreadMessages', count: 2, limit: 2, limitName: 'syncs in flight' },
        });
        expect(refused.headers()).toEqual({ ...headers(1_000, 1_000, T0 + WINDOW_MS), 'Retry-After': '1' });
        expect(sync(limits, 'v').rejected).toBeUndefined();
        // a answered (charged), b failed before its read: both free their slot, once.
        a.charge(10);
        a.finish();
        a.finish();
        expect(sync(limits).rejected).toBeUndefined();
        expect(sync(limits).rejected).toEqual({ seconds: 1 });
        b.finish();
        expect(sync(limits).rejected).toBeUndefined();
        expect(sync(limits).rejected).toEqual({ seconds: 1 });
    });

    it('with the budget off, only the cap applies and no headers are sent', () => {
        const { limits } = limiter({ syncRepliesPerMinute: 0, syncConcurrent: 1 });
        const a = sync(limits);
        expect(a.headers()).toEqual({});
        expect(sync(limits).headers()).toEqual({ 'Retry-After': '1' });
        a.finish();
        expect(sync(limits).rejected).toBeUndefined();
    });
});

describe('exempt roles and limits set to 0', () => {
    const calls = (limits: RateLimiter, endpoint: 'push.get' | 'chat.syncThreadMessages', roles: string[]): Admission[] =>
        Array.from({ length: 5 }, () => limits.admit(endpoint, user('u', roles)));

    it('a caller with an exempt role is never limited and gets no headers', () => {
        const { limits } = limiter({ pushGetPerMinute: 1, syncRepliesPerMinute: 1, syncConcurrent: 1 });
        for (const endpoint of ['push.get', 'chat.syncThreadMessages'] as const) {
            for (const admission of calls(limits, endpoint, ['user', 'bot'])) {
                admission.charge(100);
                expect(admission.rejected).toBeUndefined();
                expect(admission.headers()).toEqual({});
            }
        }
        expect(limits.trackedUsers).toBe(0);
    });

    it('the exempt roles are a setting', () => {
        const { limits } = limiter({ pushGetPerMinute: 1, exemptRoles: ['livechat-agent'] });
        expect(calls(limits, 'push.get', ['admin'])[1].rejected).toBeDefined();
        expect(calls(limits, 'push.get', ['livechat-agent'])[4].rejected).toBeUndefined();
    });

    it('0 turns a limit off: nothing counted, no headers', () => {
        const { limits } = limiter({ pushGetPerMinute: 0, syncRepliesPerMinute: 0, syncConcurrent: 0 });
        for (const endpoint of ['push.get', 'chat.syncThreadMessages'] as const) {
            for (const admission of calls(limits, endpoint, ['user'])) {
                expect(admission.rejected).toBeUndefined();
                expect(admission.headers()).toEqual({});
            }
        }
        expect(limits.trackedUsers).toBe(0);
    });
});

describe('settings changes and bounded memory', () => {
    it('a changed setting restarts every window; the same settings again change nothing', () => {
        const { limits } = limiter({ pushGetPerMinute: 1 });
        limits.admit('push.get', user('u'));
        limits.configure({ ...DEFAULT_RATE_LIMITS, pushGetPerMinute: 1 });
        expect(limits.admit('push.get', user('u')).rejected).toBeDefined();
        limits.configure({ ...DEFAULT_RATE_LIMITS, pushGetPerMinute: 2 });
        expect(limits.admit('push.get', user('u')).headers()['X-RateLimit-Remaining']).toBe('1');
    });

    it('keeps counters for at most the bound of users, dropping the least recently seen', () => {
        const { limits } = limiter({ pushGetPerMinute: 1 }, 3);
        for (const id of ['a', 'b', 'c']) {
            limits.admit('push.get', user(id));
        }
        limits.admit('push.get', user('a')); // a is now the most recently seen
        limits.admit('push.get', user('d')); // b goes
        expect(limits.trackedUsers).toBe(3);
        expect(limits.admit('push.get', user('b')).rejected).toBeUndefined();
        expect(limits.admit('push.get', user('a')).rejected).toBeDefined();
    });

    it('an idle user’s counters expire once their windows are over, unless a sync is in flight', () => {
        const { limits, clock } = limiter({ pushGetPerMinute: 5, syncRepliesPerMinute: 5 });
        limits.admit('push.get', user('idle'));
        const running = limits.admit('chat.syncThreadMessages', user('busy'));
        clock.now += WINDOW_MS;
        limits.admit('push.get', user('new'));
        expect(limits.trackedUsers).toBe(2);
        running.finish();
        clock.now += WINDOW_MS;
        limits.admit('push.get', user('newer'));
        expect(limits.trackedUsers).toBe(1);
    });
});
