/**
 * What a rate-limited endpoint answers (docs/push.get.md#rate-limits): core's headers and core's 429 text, which the
 * stock clients recognise by `[error-too-many-requests]` and read the seconds from.
 */
import type { ErrorBody } from '../envelope';
import { errorBody } from '../envelope';

export const TOO_MANY_REQUESTS = 'error-too-many-requests';

/** Where a window stands: `reset` is the window's end in epoch milliseconds, as core sends it. */
export interface WindowState {
    limit: number;
    remaining: number;
    reset: number;
}

/** Core's N: whole seconds until the window ends, rounded up, never below 1. */
export function secondsToWait(msToReset: number): number {
    return Math.max(1, Math.ceil(msToReset / 1000));
}

/** Core's 429 `error` text with N, plus our `errorType`. */
export function tooManyRequestsBody(seconds: number): ErrorBody {
    return errorBody(
        `Error, too many requests. Please slow down. You must wait ${seconds} seconds before trying this endpoint again. [${TOO_MANY_REQUESTS}]`,
        TOO_MANY_REQUESTS,
    );
}

/** The headers core puts on every answer of a limited route (Remaining never below 0). */
export function rateLimitHeaders({ limit, remaining, reset }: WindowState): { [name: string]: string } {
    return {
        'X-RateLimit-Limit': String(limit),
        'X-RateLimit-Remaining': String(Math.max(0, remaining)),
        'X-RateLimit-Reset': String(reset),
    };
}
