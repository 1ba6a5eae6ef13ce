/**
 * Per-user limits in fixed 60 s windows, kept in this runtime's memory (docs/push.get.md and
 * docs/chat.syncThreadMessages.md#rate-limits). Pure: an injected clock, no accessors; the endpoints ask it for an
 * admission after authentication and before anything else.
 */
import type { WindowState } from './answers';
import { rateLimitHeaders, secondsToWait } from './answers';
import type { RateLimitConfig } from './config';
import { DEFAULT_RATE_LIMITS, sameRateLimitConfig } from './config';

export type LimitedEndpoint = 'push.get' | 'chat.syncThreadMessages';

/** As core: a user's window starts with their first call and lasts 60 s; the next call after it starts a new one. */
export const WINDOW_MS = 60_000;
/** Users with counters at most (the least recently seen go first): a flood of distinct users cannot grow memory. */
export const MAX_TRACKED_USERS = 10_000;

interface Window {
    start: number;
    /** Requests (push.get) or replies read (sync); may exceed the limit, since a sync is charged after its read. */
    used: number;
    /** Whether this window's first refusal was logged already. */
    logged: boolean;
}

interface UserCounters {
    pushGet?: Window;
    sync?: Window;
    inFlight: number;
}

/** What the app logs once per window for a limited user (never a token). */
export interface LimitLog {
    userId: string;
    endpoint: LimitedEndpoint;
    /** Requests (push.get), replies read (sync budget) or syncs in flight (in-flight cap) when refused. */
    count: number;
    limit: number;
    limitName: 'requests per minute' | 'replies per minute' | 'syncs in flight';
}

export interface Admission {
    /** Set when the call is refused: answer 429, waiting `seconds`; `log` only on the window's first refusal. */
    readonly rejected?: { seconds: number; log?: LimitLog };
    /** Charges replies read (sync); nothing for other admissions. */
    charge(units: number): void;
    /** The call is over (answered or failed): frees its in-flight slot. Idempotent. */
    finish(): void;
    /** The rate-limit headers of this answer, as things stand now (none for exempt callers or limits set to 0). */
    headers(): { [name: string]: string };
}

const noop = (): void => undefined;

/** Exempt callers and limits set to 0: nothing counted, no headers. */
const UNLIMITED: Admission = Object.freeze({ charge: noop, finish: noop, headers: () => ({}) });

function current(window: Window | undefined, now: number): Window {
    return window && now < window.start + WINDOW_MS ? window : { start: now, used: 0, logged: false };
}

function ended(window: Window | undefined, now: number): boolean {
    return !window || now >= window.start + WINDOW_MS;
}

function stateOf(window: Window, limit: number): WindowState {
    return { limit, remaining: limit - window.used, reset: window.start + WINDOW_MS };
}

export class RateLimiter {
    private config: RateLimitConfig = DEFAULT_RATE_LIMITS;
    /** In least-recently-seen order (a Map keeps insertion order; a seen user is moved to the end). */
    private readonly users = new Map<string, UserCounters>();

    constructor(
        private readonly now: () => number = Date.now,
        private readonly maxUsers = MAX_TRACKED_USERS,
    ) {}

    /** Applies settings; a change restarts every window (and forgets syncs in flight). */
    configure(config: RateLimitConfig): void {
        if (!sameRateLimitConfig(this.config, config)) {
            this.config = config;
            this.users.clear();
        }
    }

    /** Users with counters right now. */
    get trackedUsers(): number {
        return this.users.size;
    }

    admit(endpoint: LimitedEndpoint, caller: { id: string; roles: readonly string[] }): Admission {
        const now = this.now();
        this.expireIdle(now);
        if (caller.roles.some((role) => this.config.exemptRoles.includes(role))) {
            return UNLIMITED;
        }
        return endpoint === 'push.get' ? this.admitPushGet(caller.id, now) : this.admitSync(caller.id, now);
    }

    private admitPushGet(userId: string, now: number): Admission {
        const limit = this.config.pushGetPerMinute;
        if (limit === 0) {
            return UNLIMITED;
        }
        const counters = this.countersOf(userId);
        const window = (counters.pushGet = current(counters.pushGet, now));
        if (window.used >= limit) {
            return refusal(windowSeconds(window, now), window, stateOf(window, limit), {
                userId,
                endpoint: 'push.get',
                count: window.used,
                limit,
                limitName: 'requests per minute',
            });
        }
        window.used++;
        const headers = rateLimitHeaders(stateOf(window, limit));
        return { charge: noop, finish: noop, headers: () => headers };
    }

    private admitSync(userId: string, now: number): Admission {
        const { syncRepliesPerMinute: limit, syncConcurrent: cap } = this.config;
        if (limit === 0 && cap === 0) {
            return UNLIMITED;
        }
        const counters = this.countersOf(userId);
        const window = (counters.sync = current(counters.sync, now));
        const state = limit > 0 ? stateOf(window, limit) : undefined;
        const log = { userId, endpoint: 'chat.syncThreadMessages' } as const;
        if (limit > 0 && window.used >= limit) {
            return refusal(windowSeconds(window, now), window, state, {
                ...log,
                count: window.used,
                limit,
                limitName: 'replies per minute',
            });
        }
        if (cap > 0 && counters.inFlight >= cap) {
            // One of the user's syncs ends soon: try again in a second.
            return refusal(1, window, state, { ...log, count: counters.inFlight, limit: cap, limitName: 'syncs in flight' });
        }
        counters.inFlight++;
        let finished = false;
        return {
            charge: (units) => {
                counters.sync = current(counters.sync, this.now());
                counters.sync.used += units;
            },
            finish: () => {
                if (!finished) {
                    finished = true;
                    counters.inFlight--;
                }
            },
            headers: () =>
                limit > 0 ? rateLimitHeaders(stateOf((counters.sync = current(counters.sync, this.now())), limit)) : {},
        };
    }

    /** The user's counters, now the most recently seen; the least recently seen user goes beyond the bound. */
    private countersOf(userId: string): UserCounters {
        const counters = this.users.get(userId) ?? { inFlight: 0 };
        this.users.delete(userId);
        this.users.set(userId, counters);
        if (this.users.size > this.maxUsers) {
            this.users.delete(this.users.keys().next().value as string);
        }
        return counters;
    }

    /** Drops idle users from the least recently seen end: windows over, nothing in flight. */
    private expireIdle(now: number): void {
        for (const [userId, counters] of this.users) {
            if (counters.inFlight > 0 || !ended(counters.pushGet, now) || !ended(counters.sync, now)) {
                return;
            }
            this.users.delete(userId);
        }
    }
}

/** A 429: wait `seconds`; the window's headers plus Retry-After; the log line on the window's first refusal only. */
function windowSeconds(window: Window, now: number): number {
    return secondsToWait(window.start + WINDOW_MS - now);
}

function refusal(seconds: number, window: Window, state: WindowState | undefined, log: LimitLog): Admission {
    const first = !window.logged;
    window.logged = true;
    const headers = { ...(state ? rateLimitHeaders(state) : {}), 'Retry-After': String(seconds) };
    return { rejected: first ? { seconds, log } : { seconds }, charge: noop, finish: noop, headers: () => headers };
}
