import type { IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { ApiEndpoint } from '@rocket.chat/apps-engine/definition/api';

import { methodNotAllowedResponse } from '../lib/envelope';

/** The credentials of the examples shown on the app's page in Administration › Apps. */
export const EXAMPLE_HEADERS = { 'X-User-Id': '<user id>', 'X-Auth-Token': '<auth token>' };

/**
 * Base of endpoints that only answer GET. The engine routes every method to the endpoint object and, when it has no
 * handler of that name, the host answers a plain-text 500 ("push.get's post not exists"). Defining every other method
 * the engine knows (post, put, patch, delete, options, head) turns that into the JSON 405 of docs/openapi.md, answered
 * before any credential check: it reveals nothing. HEAD is refused too instead of running the whole GET for a body
 * that would be thrown away, so `Allow: GET` is the complete truth.
 */
export abstract class GetOnlyEndpoint extends ApiEndpoint {
    public async post(): Promise<IApiResponse> {
        return methodNotAllowedResponse();
    }

    public async put(): Promise<IApiResponse> {
        return methodNotAllowedResponse();
    }

    public async patch(): Promise<IApiResponse> {
        return methodNotAllowedResponse();
    }

    public async delete(): Promise<IApiResponse> {
        return methodNotAllowedResponse();
    }

    public async options(): Promise<IApiResponse> {
        return methodNotAllowedResponse();
    }

    public async head(): Promise<IApiResponse> {
        return methodNotAllowedResponse();
    }
}
