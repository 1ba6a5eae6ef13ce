/**
 * `query` of chat.syncThreadMessages (docs/chat.syncThreadMessages.md): core's `parseJsonQuery` cleaning, then a
 * bounded, allow-listed evaluation with mingo (the JSON parsing is jsonParam.ts').
 *
 * How we read core's query rules (core's `clean` looks recursive but discards its recursive result, so it acts on the top level):
 * - Top level: `$`-keys other than `$or`, `$and`, `$regex` are REMOVED silently (core's clean), e.g. `$where`, `$nor`,
 *   `$expr`; a surviving top-level `$regex` is not a valid filter → rejected.
 * - Everywhere below the top level (inside `$or`/`$and` branches, field conditions, `$elemMatch`), an operator outside
 *   the allow-list is REJECTED: clean never reached it, so core would hand it to MongoDB.
 * - `__proto__`, `constructor`, `prototype` are removed at every level, also as a segment of a dotted key.
 *
 * `$regex` runs on RE2 (linearRegex.ts); a pattern RE2 refuses (back-references, look-around) is an invalid query.
 *
 * Documents are evaluated with their date fields as Date objects (see threadSnapshot.ts), so `{"$date": …}` operands
 * compare as dates; ISO strings appear only when the envelope serialises the answer.
 */
import { Query } from 'mingo';

import type { JsonObject } from '../json';
import { isPlainObject } from '../json';
import { isFieldPath, jsonParamError, parseJsonObjectParam, touchesPrototype } from './jsonParam';
import { compileLinearRegex, withLinearRegex } from './linearRegex';

export type DocumentPredicate = (doc: JsonObject) => boolean;

/** Bounds of `query` (ours; tunable; docs/chat.syncThreadMessages.md). */
export const MAX_QUERY_DEPTH = 8;
export const MAX_QUERY_NODES = 256;
export const MAX_ARRAY_OPERAND_VALUES = 100;
/** Thrown while reading `query`; becomes the row-10 error carrying the raw parameter. */
class InvalidQuery extends Error {}

function reject(reason: string): never {
    throw new InvalidQuery(reason);
}

const matchAll: DocumentPredicate = () => true;

/** Parses, cleans, bounds and compiles `query`; absent or empty → matches everything. */
export function compileQuery(raw: string | undefined): DocumentPredicate {
    if (raw === undefined || raw === '') {
        return matchAll;
    }
    const parsed = parseJsonObjectParam('query', raw);
    let filter: JsonObject;
    try {
        filter = cleanTopLevel(decodeExtendedJson(measured(parsed)));
        validateFilter(filter);
    } catch (error) {
        if (error instanceof InvalidQuery) {
            throw jsonParamError('query', raw);
        }
        throw error;
    }
    let query: Query;
    try {
        const linear = withLinearRegex(filter);
        query = new Query(linear.filter, { scriptEnabled: false, context: linear.context });
    } catch {
        // Whatever mingo still refuses after our validation is a shape of query we do not support.
        throw jsonParamError('query', raw);
    }
    return (doc) => query.test(doc);
}

/** Depth and node bounds on the JSON as parsed, before anything walks it recursively without a limit. */
function measured(value: JsonObject): JsonObject {
    let nodes = 0;
    const visit = (node: unknown, depth: number): void => {
        nodes += 1;
        if (nodes > MAX_QUERY_NODES) {
            reject('too many nodes');
        }
        if (node !== null && typeof node === 'object') {
            if (depth > MAX_QUERY_DEPTH) {
                reject('nested too deeply');
            }
            for (const child of Object.values(node)) {
                visit(child, depth + 1);
            }
        }
    };
    visit(value, 1);
    return value;
}

/** EJSON dates → Date; prototype keys dropped at every level (objects rebuilt with define semantics). */
function decodeExtendedJson(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(decodeExtendedJson);
    }
    if (!isPlainObject(value)) {
        return value;
    }
    const entries = Object.entries(value).filter(([key]) => !touchesPrototype(key));
    if (entries.length === 1 && entries[0][0] === '$date') {
        return decodeDate(entries[0][1]);
    }
    return Object.fromEntries(entries.map(([key, item]) => [key, decodeExtendedJson(item)]));
}

function decodeDate(value: unknown): Date {
    let time = NaN;
    if (typeof value === 'string') {
        time = Date.parse(value);
    } else if (typeof value === 'number') {
        time = value;
    } else if (isPlainObject(value) && Object.keys(value).length === 1 && typeof value.$numberLong === 'string') {
        time = /^-?\d+$/.test(value.$numberLong) ? Number(value.$numberLong) : NaN;
    }
    const date = new Date(time);
    return Number.isNaN(date.getTime()) ? reject('invalid $date') : date;
}

/** Core's allow-list for top-level operators. */
const KEPT_TOP_LEVEL_OPERATORS = new Set(['$or', '$and', '$regex']);
/** Core's default-projection fields, plus ours: the fixed conditions (tmid, dates, trash marker) cannot be overridden. */
const REMOVED_TOP_LEVEL_FIELDS = [
    'joinCode',
    'members',
    'importIds',
    'e2e',
    'tmid',
    '_updatedAt',
    '_deletedAt',
    '__collection__',
];

function cleanTopLevel(value: unknown): JsonObject {
    if (!isPlainObject(value)) {
        reject('not an object');
    }
    const kept = Object.entries(value).filter(([key]) =>
        key.startsWith('$') ? KEPT_TOP_LEVEL_OPERATORS.has(key) : !isRemovedField(key),
    );
    return Object.fromEntries(kept);
}

function isRemovedField(path: string): boolean {
    return REMOVED_TOP_LEVEL_FIELDS.some((field) => path === field || path.startsWith(`${field}.`));
}

const LOGICAL_OPERATORS = new Set(['$and', '$or', '$nor']);

function validateFilter(filter: JsonObject): void {
    for (const [key, value] of Object.entries(filter)) {
        if (LOGICAL_OPERATORS.has(key)) {
            if (!Array.isArray(value) || value.length === 0) {
                reject(`${key} needs a non-empty array`);
            }
            for (const branch of value) {
                validateFilter(isPlainObject(branch) ? branch : reject(`${key} branch is not an object`));
            }
        } else if (key.startsWith('$')) {
            reject(`operator ${key} is not allowed here`);
        } else if (!isFieldPath(key)) {
            reject(`bad field path ${key}`);
        } else if (isOperatorObject(value)) {
            validateOperators(value);
        }
    }
}

function isOperatorObject(value: unknown): value is JsonObject {
    return isPlainObject(value) && Object.keys(value).some((key) => key.startsWith('$'));
}

function validateOperators(operators: JsonObject): void {
    if ('$options' in operators && !('$regex' in operators)) {
        reject('$options needs $regex');
    }
    for (const [operator, operand] of Object.entries(operators)) {
        switch (operator) {
            case '$eq':
            case '$ne':
                break;
            case '$gt':
            case '$gte':
            case '$lt':
            case '$lte':
                // Same-kind comparison (mingo compares only values of the operand's type).
                if (!(isFiniteNumber(operand) || typeof operand === 'string' || operand instanceof Date)) {
                    reject(`${operator} needs a number, string or date`);
                }
                break;
            case '$in':
            case '$nin':
            case '$all':
                validateValueList(operator, operand);
                break;
            case '$exists':
                if (typeof operand !== 'boolean' && !isFiniteNumber(operand)) {
                    reject('$exists needs a boolean');
                }
                break;
            case '$size':
                if (!Number.isSafeInteger(operand) || (operand as number) < 0) {
                    reject('$size needs a non-negative integer');
                }
                break;
            case '$regex':
                validateRegex(operand, operators.$options);
                break;
            case '$options':
                break;
            case '$not':
                if (!isOperatorObject(operand)) {
                    reject('$not needs an operator expression');
                }
                validateOperators(operand);
                break;
            case '$elemMatch':
                validateElemMatch(operand);
                break;
            default:
                reject(`operator ${operator} is not supported`);
        }
    }
}

function isFiniteNumber(value: unknown): value is number {
    return typeof value === 'number' && Number.isFinite(value);
}

function validateValueList(operator: string, operand: unknown): void {
    if (!Array.isArray(operand) || operand.length > MAX_ARRAY_OPERAND_VALUES) {
        reject(`${operator} needs an array of at most ${MAX_ARRAY_OPERAND_VALUES} values`);
    }
    if (operand.some(isOperatorObject)) {
        reject(`${operator} takes plain values only`);
    }
}

/** Same rule as mingo/MongoDB: operators only (other than logical ones) → conditions on each element; else a filter. */
function validateElemMatch(operand: unknown): void {
    if (!isPlainObject(operand)) {
        reject('$elemMatch needs an object');
    }
    const keys = Object.keys(operand);
    const onElementValue = keys.length > 0 && keys.every((key) => key.startsWith('$') && !LOGICAL_OPERATORS.has(key));
    if (onElementValue) {
        validateOperators(operand);
    } else {
        validateFilter(operand);
    }
}

function validateRegex(source: unknown, options: unknown): void {
    const compiled = compileLinearRegex(source, options);
    if ('invalid' in compiled) {
        reject(compiled.invalid);
    }
}
