/** What other parts of lib/ and the endpoints use of the rate limiter (docs/push.get.md#rate-limits). */
export type { WindowState } from './answers';
export { rateLimitHeaders, secondsToWait, TOO_MANY_REQUESTS, tooManyRequestsBody } from './answers';
export type { RateLimitConfig } from './config';
export { DEFAULT_RATE_LIMITS, sameRateLimitConfig } from './config';
export type { Admission, LimitedEndpoint, LimitLog } from './limiter';
export { MAX_TRACKED_USERS, RateLimiter, WINDOW_MS } from './limiter';
