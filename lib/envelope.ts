/**
 * The JSON envelope every answer of the app goes through (docs/architecture.md#the-request-flow).
 * Pure: no accessors, so the exact bodies are unit-tested.
 */
import type { JsonObject } from './json';
import { toJsonValue } from './json';

export interface EndpointResponse {
    status: number;
    headers: { [key: string]: string };
    content: JsonObject;
}

export interface ErrorBody extends JsonObject {
    success: false;
    error: string;
    errorType: string;
    details?: JsonObject;
}

/** Core's 401 body (7.x/8.x), docs/architecture.md */
export const UNAUTHORIZED_BODY = Object.freeze({
    success: false,
    error: 'You must be logged in to do this.',
    status: 'error',
    message: 'You must be logged in to do this.',
});

/** Unexpected failures (docs/architecture.md): nothing about the cause reaches the caller. */
export const INTERNAL_ERROR_BODY = Object.freeze({
    success: false,
    error: 'Internal error [error-internal]',
    errorType: 'error-internal',
});

/** The only answer to a method other than GET (docs/openapi.md); it reveals nothing, so it needs no credentials. */
export const METHOD_NOT_ALLOWED_BODY = Object.freeze({
    success: false,
    error: 'Method Not Allowed [error-method-not-allowed]',
    errorType: 'error-method-not-allowed',
});

/** A Meteor.Error as core's REST layer renders it: `error` = "<reason> [<code>]", `errorType` = code. */
export function meteorErrorBody(reason: string, code: string, details?: JsonObject): ErrorBody {
    return errorBody(`${reason} [${code}]`, code, details);
}

export function errorBody(error: string, errorType: string, details?: JsonObject): ErrorBody {
    return details === undefined ? { success: false, error, errorType } : { success: false, error, errorType, details };
}

/** A failure that maps to one documented answer; thrown inside an endpoint and turned into its body. */
export class ApiError extends Error {
    constructor(
        readonly status: number,
        readonly body: JsonObject,
    ) {
        super(typeof body.error === 'string' ? body.error : `HTTP ${status}`);
        this.name = 'ApiError';
    }
}

/** A validation's outcome, for failures reported later in the contract's order of checks. */
export type Checked<T> = { ok: true; value: T } | { ok: false; failure: ApiError };

export function jsonResponse(status: number, content: JsonObject): EndpointResponse {
    return { status, headers: { 'content-type': 'application/json' }, content: toJsonValue(content) as JsonObject };
}

/** `{ ...result, success: true }`, success last (docs/architecture.md). */
export function successResponse(result: JsonObject): EndpointResponse {
    const { success: _ignored, ...rest } = result;
    return jsonResponse(200, { ...rest, success: true });
}

/** 405 with `Allow: GET`: both endpoints only read (docs/openapi.md#methods-other-than-get). */
export function methodNotAllowedResponse(): EndpointResponse {
    const response = jsonResponse(405, { ...METHOD_NOT_ALLOWED_BODY });
    return { ...response, headers: { ...response.headers, allow: 'GET' } };
}
