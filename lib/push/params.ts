import { ApiError, errorBody } from '../envelope';

export interface PushGetParams {
    id: string;
}

const INVALID_PARAMS = 'error-invalid-params';

/** Meteor's name for a value's type in `Match error` texts. */
function meteorTypeName(value: unknown): string {
    return value === null ? 'null' : typeof value;
}

/**
 * `push.get` parameters (docs/push.get.md), with core 6.x's `check` texts.
 * Other parameters are ignored. An empty `id=` is reported as missing (issue #3; core would answer "not found").
 */
export function parsePushGetParams(query: unknown): PushGetParams {
    const params = typeof query === 'object' && query !== null ? query : {};
    const id: unknown = Object.prototype.hasOwnProperty.call(params, 'id') ? (params as { id?: unknown }).id : undefined;
    // The issue asks for an empty `id=` to count as missing (core's `check` lets it through to "not found").
    if (id === undefined || id === '') {
        throw new ApiError(400, errorBody("Match error: Missing key 'id'", INVALID_PARAMS));
    }
    if (typeof id !== 'string') {
        // Express turns `id=a&id=b` into an array and `id[x]=a` into an object.
        throw new ApiError(400, errorBody(`Match error: Expected string, got ${meteorTypeName(id)} in field id`, INVALID_PARAMS));
    }
    return { id };
}
