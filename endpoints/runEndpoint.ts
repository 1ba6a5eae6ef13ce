import type { ILogger, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { EndpointResponse } from '../lib/envelope';
import { ApiError, INTERNAL_ERROR_BODY, jsonResponse, UNAUTHORIZED_BODY } from '../lib/envelope';
import type { Admission, LimitedEndpoint } from '../lib/rateLimit';
import { RateLimiter, tooManyRequestsBody } from '../lib/rateLimit';
import { readAppSettings } from '../host/settings';

/** What an endpoint tells the limiter about its work: the sync charges the replies it read. */
export interface EndpointUsage {
    charge(replies: number): void;
}

/** Per app process (one per Rocket.Chat instance): the counters live in this runtime's memory only. */
const rateLimiter = new RateLimiter();

/** The limiter's verdict for this caller, with the current settings (app settings only: no bridge call). */
async function admit(read: IRead, endpoint: LimitedEndpoint, user: IUser): Promise<Admission> {
    rateLimiter.configure((await readAppSettings(read)).rateLimits);
    return rateLimiter.admit(endpoint, { id: user.id, roles: user.roles ?? [] });
}

function withHeaders(response: EndpointResponse, headers: { [name: string]: string }): EndpointResponse {
    return { ...response, headers: { ...response.headers, ...headers } };
}

/**
 * The one exit of every endpoint: the caller must be logged in (we register with authRequired false so that
 * the host does not answer its plain-text 401), then within the rate limits (docs/push.get.md#rate-limits; a 429
 * costs no bridge call), documented failures become their JSON body, and anything else becomes the internal-error
 * body while the cause goes to the app log (docs/architecture.md#host-facts-a-maintainer-needs: never throw to the host).
 */
export async function runEndpoint(
    request: IApiRequest,
    logger: ILogger,
    limit: { endpoint: LimitedEndpoint; read: IRead },
    handler: (user: IUser, usage: EndpointUsage) => Promise<EndpointResponse>,
): Promise<IApiResponse> {
    const user = request.user;
    if (!user) {
        return jsonResponse(401, { ...UNAUTHORIZED_BODY });
    }
    let admission: Admission | undefined;
    try {
        admission = await admit(limit.read, limit.endpoint, user);
        if (admission.rejected) {
            const { seconds, log } = admission.rejected;
            if (log) {
                // Once per user and window, so admins can tune the limits; never a token.
                logger.warn('Rate limit reached: answering 429 until the window ends', log);
            }
            return withHeaders(jsonResponse(429, tooManyRequestsBody(seconds)), admission.headers());
        }
        return withHeaders(await handler(user, admission), admission.headers());
    } catch (error) {
        if (error instanceof ApiError) {
            return withHeaders(jsonResponse(error.status, error.body), admission?.headers() ?? {});
        }
        // Never log request headers: they carry the caller's auth token.
        logger.error('Unexpected failure', error instanceof Error ? (error.stack ?? error.message) : String(error));
        return withHeaders(jsonResponse(500, { ...INTERNAL_ERROR_BODY }), admission?.headers() ?? {});
    } finally {
        admission?.finish();
    }
}
