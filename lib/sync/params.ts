/**
 * Parameters of chat.syncThreadMessages (docs/chat.syncThreadMessages.md).
 * Two parts, because the endpoint reports errors in the documented order: the required ones (rows 3–5) come before
 * loading the thread and checking access (rows 6–7), the optional ones (rows 8–12) after.
 * `request.query` is Express-parsed: a repeated or bracketed parameter arrives as an array or object, which is invalid
 * for that parameter. An empty value counts as absent.
 */
import type { Checked } from '../envelope';
import { ApiError, meteorErrorBody } from '../envelope';
import type { Projection } from './projection';
import { parseFields } from './projection';
import type { DocumentPredicate } from './query';
import { jsonParamError } from './jsonParam';
import { compileQuery } from './query';
import type { SortSpec } from './sort';
import { parseSort } from './sort';

export interface RequiredSyncParams {
    readonly tmid: string;
    readonly updatedSince: Date;
}

export interface OptionalSyncParams {
    /** undefined → the default order of each list. */
    readonly sort?: SortSpec;
    /** undefined → only the fixed exclusions. */
    readonly projection?: Projection;
    readonly matches: DocumentPredicate;
    readonly offset: number;
    /** undefined (or 0) → no limit; no maximum, as core ignores `count` and answers everything. */
    readonly count?: number;
}

function param(query: unknown, name: string): unknown {
    if (query === null || typeof query !== 'object' || !Object.prototype.hasOwnProperty.call(query, name)) {
        return undefined;
    }
    const value = (query as Record<string, unknown>)[name];
    return value === '' ? undefined : value;
}

function invalidParams(reason: string): ApiError {
    return new ApiError(400, meteorErrorBody(reason, 'error-invalid-params'));
}

function invalidUpdatedSince(reason: string): ApiError {
    return new ApiError(400, meteorErrorBody(reason, 'error-updatedSince-param-invalid'));
}

/** Rows 3–5, as a result: row 2 (threads enabled) is answered first, although it is read in parallel. */
export function checkRequiredSyncParams(query: unknown): Checked<RequiredSyncParams> {
    const tmid = param(query, 'tmid');
    if (typeof tmid !== 'string') {
        return { ok: false, failure: invalidParams('The required "tmid" query param is missing.') };
    }
    const updatedSince = param(query, 'updatedSince');
    if (updatedSince === undefined) {
        return { ok: false, failure: invalidUpdatedSince('The required param "updatedSince" is missing.') };
    }
    const time = typeof updatedSince === 'string' ? Date.parse(updatedSince) : NaN;
    if (Number.isNaN(time)) {
        return { ok: false, failure: invalidUpdatedSince('The "updatedSince" query parameter must be a valid date.') };
    }
    return { ok: true, value: { tmid, updatedSince: new Date(time) } };
}

/** Rows 3–5, thrown. */
export function parseRequiredSyncParams(query: unknown): RequiredSyncParams {
    const checked = checkRequiredSyncParams(query);
    if (!checked.ok) {
        throw checked.failure;
    }
    return checked.value;
}

/** Rows 8–12, in that order. */
export function parseOptionalSyncParams(query: unknown): OptionalSyncParams {
    const sort = jsonParam(query, 'sort', parseSort);
    const projection = jsonParam(query, 'fields', parseFields);
    const rawQuery = param(query, 'query');
    if (rawQuery !== undefined && typeof rawQuery !== 'string') {
        throw jsonParamError('query', rawQuery);
    }
    const matches = compileQuery(rawQuery);
    const offset = nonNegativeInteger(param(query, 'offset'), 'offset') ?? 0;
    const count = nonNegativeInteger(param(query, 'count'), 'count');
    return {
        ...(sort !== undefined && sort.length > 0 ? { sort } : {}),
        ...(projection !== undefined ? { projection } : {}),
        matches,
        offset,
        ...(count !== undefined ? { count } : {}),
    };
}

function jsonParam<T>(query: unknown, name: 'sort' | 'fields', parse: (raw: string) => T): T | undefined {
    const raw = param(query, name);
    if (raw === undefined) {
        return undefined;
    }
    if (typeof raw !== 'string') {
        throw jsonParamError(name, raw);
    }
    return parse(raw);
}

/** Decimal digits only (no sign, exponent, fraction or spaces), within the safe-integer range. */
function nonNegativeInteger(raw: unknown, name: 'offset' | 'count'): number | undefined {
    if (raw === undefined) {
        return undefined;
    }
    const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(value)) {
        throw invalidParams(`The "${name}" query param must be a non-negative integer.`);
    }
    return value;
}
