/**
 * The JSON parameters of chat.syncThreadMessages (`sort`, `fields`, `query`) as core's `parseJsonQuery` reads them
 * (docs/chat.syncThreadMessages.md): one parse, one error body per parameter, and the field-path rules they share.
 */
import { ApiError, meteorErrorBody } from '../envelope';
import type { JsonObject } from '../json';
import { isPlainObject } from '../json';

/** Bound of every JSON parameter (ours; tunable; docs/chat.syncThreadMessages.md). */
export const MAX_JSON_PARAM_LENGTH = 4096;
export type JsonParamKind = 'sort' | 'fields' | 'query';

/** The sort, fields and query errors: `<raw>` is the parameter as received. */
export function jsonParamError(kind: JsonParamKind, raw: unknown): ApiError {
    return new ApiError(
        400,
        meteorErrorBody(`Invalid ${kind} parameter provided: "${renderRaw(raw)}"`, `error-invalid-${kind}`, {
            helperMethod: 'parseJsonQuery',
        }),
    );
}

/** What core's template literal prints for a repeated (array) or bracketed (object) parameter. */
function renderRaw(raw: unknown): string {
    if (typeof raw === 'string') {
        return raw;
    }
    if (Array.isArray(raw)) {
        return raw.map((item) => (item === undefined || item === null ? '' : renderRaw(item))).join(',');
    }
    return raw !== null && typeof raw === 'object' ? '[object Object]' : String(raw);
}

/** JSON-parses a `sort`/`fields`/`query` value that must be an object; any failure is that parameter's error. */
export function parseJsonObjectParam(kind: JsonParamKind, raw: string): JsonObject {
    if (raw.length > MAX_JSON_PARAM_LENGTH) {
        throw jsonParamError(kind, raw);
    }
    let value: unknown;
    try {
        value = JSON.parse(raw);
    } catch {
        throw jsonParamError(kind, raw);
    }
    if (!isPlainObject(value)) {
        throw jsonParamError(kind, raw);
    }
    return value;
}

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function touchesPrototype(path: string): boolean {
    return path.split('.').some((segment) => PROTOTYPE_KEYS.has(segment));
}

/** A dotted document path: non-empty segments, none of them an operator or a prototype key. */
export function isFieldPath(path: string): boolean {
    return path.split('.').every((segment) => segment !== '' && !segment.startsWith('$') && !PROTOTYPE_KEYS.has(segment));
}
