import type { ILogger } from '@rocket.chat/apps-engine/definition/accessors';
import type { IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { EndpointResponse } from '../lib/envelope';
import { ApiError, INTERNAL_ERROR_BODY, jsonResponse, UNAUTHORIZED_BODY } from '../lib/envelope';

/**
 * The one exit of every endpoint: the caller must be logged in (we register with authRequired false so that
 * the host does not answer its plain-text 401), documented failures become their JSON body, and anything else
 * becomes the internal-error body while the cause goes to the app log (docs/architecture.md, "Host facts": never throw to the host).
 */
export async function runEndpoint(
    request: IApiRequest,
    logger: ILogger,
    handler: (user: IUser) => Promise<EndpointResponse>,
): Promise<IApiResponse> {
    if (!request.user) {
        return jsonResponse(401, { ...UNAUTHORIZED_BODY });
    }
    try {
        return await handler(request.user);
    } catch (error) {
        if (error instanceof ApiError) {
            return jsonResponse(error.status, error.body);
        }
        // Never log request headers: they carry the caller's auth token.
        logger.error('Unexpected failure', error instanceof Error ? (error.stack ?? error.message) : String(error));
        return jsonResponse(500, { ...INTERNAL_ERROR_BODY });
    }
}
