/**
 * `sort` (docs/chat.syncThreadMessages.md#sort) and MongoDB's sort order.
 * Documents carry their date fields as Date objects (see threadSnapshot.ts), so dates sort as dates, after booleans.
 */
import type { JsonObject } from '../json';
import { isPlainObject } from '../json';
import { isFieldPath, jsonParamError, parseJsonObjectParam } from './jsonParam';

export type SortDirection = 1 | -1;
export type SortSpec = ReadonlyArray<readonly [path: string, direction: SortDirection]>;

export const MAX_SORT_KEYS = 10;
export const DEFAULT_UPDATE_SORT: SortSpec = [
    ['_updatedAt', 1],
    ['_id', 1],
];
export const DEFAULT_REMOVE_SORT: SortSpec = [
    ['_deletedAt', 1],
    ['_id', 1],
];

/** `{"path": 1 | -1, …}`, at most MAX_SORT_KEYS keys, no operator keys; `{}` gives an empty spec. */
export function parseSort(raw: string): SortSpec {
    const parsed = parseJsonObjectParam('sort', raw);
    const entries = Object.entries(parsed);
    if (entries.length > MAX_SORT_KEYS) {
        throw jsonParamError('sort', raw);
    }
    return entries.map(([path, direction]) => {
        if (!isFieldPath(path) || (direction !== 1 && direction !== -1)) {
            throw jsonParamError('sort', raw);
        }
        return [path, direction] as const;
    });
}

/** Sorted copy; `_id` ascending is the final tie-breaker unless the spec names `_id`. */
export function sortDocuments<T extends JsonObject>(docs: readonly T[], spec: SortSpec): T[] {
    const fullSpec: SortSpec = spec.some(([path]) => path === '_id') ? spec : [...spec, ['_id', 1]];
    const keyed = docs.map((doc) => ({ doc, keys: fullSpec.map(([path, direction]) => sortKey(doc, path, direction)) }));
    keyed.sort((left, right) => {
        for (let index = 0; index < fullSpec.length; index += 1) {
            const order = compareBson(left.keys[index], right.keys[index]);
            if (order !== 0) {
                return order * fullSpec[index][1];
            }
        }
        return 0;
    });
    return keyed.map(({ doc }) => doc);
}

/** Stands for an empty array, which MongoDB sorts before null and missing. */
const EMPTY_ARRAY = Symbol('empty array');

/**
 * MongoDB's sort key: the values at `path` (through arrays of sub-documents; a missing value is null); an array value
 * contributes its elements; ascending takes the smallest candidate, descending the largest.
 */
function sortKey(doc: JsonObject, path: string, direction: SortDirection): unknown {
    const candidates: unknown[] = [];
    for (const value of valuesAtPath(doc, path.split('.'))) {
        if (!Array.isArray(value)) {
            candidates.push(value);
        } else if (value.length === 0) {
            candidates.push(EMPTY_ARRAY);
        } else {
            candidates.push(...value);
        }
    }
    return candidates.reduce((best, candidate) => (compareBson(candidate, best) * direction < 0 ? candidate : best));
}

/** Own properties only: a path segment never reaches a prototype. */
function valuesAtPath(value: unknown, segments: readonly string[]): unknown[] {
    if (segments.length === 0) {
        return [value];
    }
    const [head, ...rest] = segments;
    if (Array.isArray(value)) {
        if (/^\d+$/.test(head)) {
            return valuesAtPath(value[Number(head)], rest);
        }
        return value.length === 0 ? [undefined] : value.flatMap((item) => valuesAtPath(item, segments));
    }
    if (isPlainObject(value) && Object.prototype.hasOwnProperty.call(value, head)) {
        return valuesAtPath(value[head], rest);
    }
    return [undefined];
}

/** missing/null < numbers < strings < objects < arrays < booleans < dates (empty array first, anything else last). */
function typeRank(value: unknown): number {
    if (value === EMPTY_ARRAY) {
        return 0;
    }
    if (value === undefined || value === null) {
        return 1;
    }
    if (typeof value === 'number') {
        return 2;
    }
    if (typeof value === 'string') {
        return 3;
    }
    if (isPlainObject(value)) {
        return 4;
    }
    if (Array.isArray(value)) {
        return 5;
    }
    if (typeof value === 'boolean') {
        return 6;
    }
    if (value instanceof Date) {
        return 7;
    }
    return 8;
}

/** Total order of BSON values as MongoDB compares them. */
export function compareBson(left: unknown, right: unknown): number {
    const rankOrder = typeRank(left) - typeRank(right);
    if (rankOrder !== 0) {
        return Math.sign(rankOrder);
    }
    if (typeof left === 'number' && typeof right === 'number') {
        return Math.sign(left - right);
    }
    if (typeof left === 'string' && typeof right === 'string') {
        return compareCodePoints(left, right);
    }
    if (typeof left === 'boolean' && typeof right === 'boolean') {
        return Number(left) - Number(right);
    }
    if (left instanceof Date && right instanceof Date) {
        return Math.sign(left.getTime() - right.getTime());
    }
    if (Array.isArray(left) && Array.isArray(right)) {
        return compareElements(
            left.map((item, index) => [String(index), item]),
            right.map((item, index) => [String(index), item]),
        );
    }
    if (isPlainObject(left) && isPlainObject(right)) {
        return compareElements(Object.entries(left), Object.entries(right));
    }
    return 0;
}

/** BSON document order: element by element (value type, then field name, then value); the shorter one first. */
function compareElements(left: ReadonlyArray<[string, unknown]>, right: ReadonlyArray<[string, unknown]>): number {
    for (let index = 0; index < Math.min(left.length, right.length); index += 1) {
        const [leftKey, leftValue] = left[index];
        const [rightKey, rightValue] = right[index];
        const order =
            Math.sign(typeRank(leftValue) - typeRank(rightValue)) ||
            compareCodePoints(leftKey, rightKey) ||
            compareBson(leftValue, rightValue);
        if (order !== 0) {
            return order;
        }
    }
    return Math.sign(left.length - right.length);
}

/**
 * MongoDB compares strings as UTF-8 bytes, i.e. by code point. UTF-16 units differ from that only around
 * surrogates, so surrogates are lifted above the rest of the Basic Multilingual Plane before comparing.
 */
function compareCodePoints(left: string, right: string): number {
    for (let index = 0; index < Math.min(left.length, right.length); index += 1) {
        const leftUnit = left.charCodeAt(index);
        const rightUnit = right.charCodeAt(index);
        if (leftUnit !== rightUnit) {
            return Math.sign(codePointOrder(leftUnit) - codePointOrder(rightUnit));
        }
    }
    return Math.sign(left.length - right.length);
}

function codePointOrder(unit: number): number {
    if (unit >= 0xd800 && unit <= 0xdfff) {
        return unit + 0x2000;
    }
    return unit >= 0xe000 ? unit - 0x800 : unit;
}
