/**
 * The per-user limits of both endpoints (docs/push.get.md and docs/chat.syncThreadMessages.md#rate-limits), as
 * plain values: the settings in lib/app/settings.ts give them, the limiter (./limiter.ts) applies them.
 */

export interface RateLimitConfig {
    /** push.get requests per user per window; 0 = no limit. */
    readonly pushGetPerMinute: number;
    /** Replies one user's syncs may read per window (charged after the read); 0 = no budget. */
    readonly syncRepliesPerMinute: number;
    /** One user's syncs in flight at once; 0 = no cap. */
    readonly syncConcurrent: number;
    /** Callers with any of these roles are never limited and get no rate-limit headers (core's api-bypass-rate-limit). */
    readonly exemptRoles: readonly string[];
}

/**
 * push.get: mobile clients call it once per push received and retry a failed call 5 times over about 19 s. 300 a
 * minute is one push every 0.2 s for a whole minute, or 50 pushes a minute each retried five times: more than a person
 * reading a busy server receives, so nobody is limited into "You have a new message" placeholders.
 *
 * chat.syncThreadMessages: a client syncs a thread when it opens it (and again when it comes back to it). 10,000
 * replies a minute reads every thread of usual size (tens to hundreds of replies) dozens of times, and any one thread,
 * however big, at least once; a reply costs about 0.1 ms of the runtime (a 5,000-reply sync holds it ~0.5 s), so one
 * user holds it at most about 1 s a minute, plus what the in-flight cap lets start before the charge (bench/README.md,
 * "Fairness").
 */
export const DEFAULT_RATE_LIMITS: RateLimitConfig = Object.freeze({
    pushGetPerMinute: 300,
    syncRepliesPerMinute: 10_000,
    syncConcurrent: 2,
    exemptRoles: Object.freeze(['admin', 'bot', 'app']),
});

/** Whether two configurations are the same (a change restarts every window). */
export function sameRateLimitConfig(a: RateLimitConfig, b: RateLimitConfig): boolean {
    return (
        a.pushGetPerMinute === b.pushGetPerMinute &&
        a.syncRepliesPerMinute === b.syncRepliesPerMinute &&
        a.syncConcurrent === b.syncConcurrent &&
        a.exemptRoles.length === b.exemptRoles.length &&
        a.exemptRoles.every((role, index) => role === b.exemptRoles[index])
    );
}
