/**
 * Core's `parseJsonQuery` for the JSON parameters of chat.syncThreadMessages (rocketchat-contract.md §4.2 rows 8–10,
 * §4.6): the shared JSON parsing and error bodies for `sort`, `fields` and `query`, and the bounded, allow-listed
 * evaluation of `query` with mingo.
 *
 * How we read §4.6 (core's `clean` looks recursive but discards its recursive result, so it acts on the top level):
 * - Top level: `$`-keys other than `$or`, `$and`, `$regex` are REMOVED silently (core's clean), e.g. `$where`, `$nor`,
 *   `$expr`; a surviving top-level `$regex` is not a valid filter → rejected.
 * - Everywhere below the top level (inside `$or`/`$and` branches, field conditions, `$elemMatch`), an operator outside
 *   the allow-list is REJECTED: clean never reached it, so core would hand it to MongoDB.
 * - `__proto__`, `constructor`, `prototype` are removed at every level, also as a segment of a dotted key.
 *
 * Documents are evaluated with their date fields as Date objects (see threadSnapshot.ts), so `{"$date": …}` operands
 * compare as dates; ISO strings appear only when the envelope serialises the answer.
 */
import { Query } from 'mingo';

import type { JsonObject } from '../http/envelope';
import { ApiError, meteorErrorBody } from '../http/envelope';

export type DocumentPredicate = (doc: JsonObject) => boolean;

/** Bounds of §4.6 (ours; tunable). */
export const MAX_JSON_PARAM_LENGTH = 4096;
export const MAX_QUERY_DEPTH = 8;
export const MAX_QUERY_NODES = 256;
export const MAX_ARRAY_OPERAND_VALUES = 100;
export const MAX_REGEX_LENGTH = 256;
/**
 * Extra regex bounds (ours): V8 backtracks, and two unbounded repeats already make a pattern cubic on an unanchored
 * search (measured: `.*.*b` over 2,000 characters takes 5 s, over 5,000 characters 85 s). Hence at most one unbounded
 * repeat (`*`, `+`, `{n,}`, or a `{n,m}` spanning more than REGEX_UNBOUNDED_SPAN) and a bounded number of choices
 * (product of alternatives and bounded repeats).
 */
export const MAX_REGEX_UNBOUNDED_REPEATS = 1;
export const MAX_REGEX_CHOICES = 64;
export const REGEX_UNBOUNDED_SPAN = 32;

type JsonParamKind = 'sort' | 'fields' | 'query';

/** Rows 8–10 of §4.2: `<raw>` is the parameter as received. */
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

export function isPlainObject(value: unknown): value is JsonObject {
    if (value === null || typeof value !== 'object') {
        return false;
    }
    const prototype = Object.getPrototypeOf(value);
    return prototype === Object.prototype || prototype === null;
}

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function touchesPrototype(path: string): boolean {
    return path.split('.').some((segment) => PROTOTYPE_KEYS.has(segment));
}

/** A dotted document path: non-empty segments, none of them an operator or a prototype key. */
export function isFieldPath(path: string): boolean {
    return path.split('.').every((segment) => segment !== '' && !segment.startsWith('$') && !PROTOTYPE_KEYS.has(segment));
}

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
        query = new Query(filter, { scriptEnabled: false });
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
    if (typeof source !== 'string' || source.length > MAX_REGEX_LENGTH) {
        reject('$regex needs a string of bounded length');
    }
    const flags = options === undefined ? '' : options;
    if (typeof flags !== 'string' || !/^[ims]*$/.test(flags) || new Set(flags).size !== flags.length) {
        reject('$options accepts i, m and s');
    }
    const shape = inspectRegex(source);
    if (shape.unbounded > MAX_REGEX_UNBOUNDED_REPEATS || shape.choices > MAX_REGEX_CHOICES) {
        reject('regex may backtrack too much');
    }
    try {
        new RegExp(source, flags);
    } catch {
        reject('regex does not compile');
    }
}

interface RegexShape {
    /** Ways the engine may try to match: product over a sequence, sum over alternatives. */
    readonly choices: number;
    readonly unbounded: number;
    readonly hasQuantifier: boolean;
    readonly hasAlternation: boolean;
}

const BRACES_QUANTIFIER = /\{(\d+)(,(\d*))?\}/y;
const LITERAL_SHAPE: RegexShape = { choices: 1, unbounded: 0, hasQuantifier: false, hasAlternation: false };

/**
 * Walks a regex source (non-unicode syntax, as with flags i/m/s) without running it: rejects back-references and any
 * quantified group that contains a quantifier or an alternation (`(a+)+`, `(a|a)*`, `(\w+\s?)*`), and measures the
 * backtracking budget. Syntax errors it does not notice are left to `new RegExp`.
 */
function inspectRegex(source: string): RegexShape {
    let position = 0;

    const alternation = (): RegexShape => {
        const alternatives = [sequence()];
        while (source[position] === '|') {
            position += 1;
            alternatives.push(sequence());
        }
        if (alternatives.length === 1) {
            return alternatives[0];
        }
        return {
            choices: alternatives.reduce((sum, shape) => sum + shape.choices, 0),
            unbounded: Math.max(...alternatives.map((shape) => shape.unbounded)),
            hasQuantifier: alternatives.some((shape) => shape.hasQuantifier),
            hasAlternation: true,
        };
    };

    const sequence = (): RegexShape => {
        let shape = LITERAL_SHAPE;
        while (position < source.length && source[position] !== '|' && source[position] !== ')') {
            const element = quantified(atom());
            shape = {
                choices: shape.choices * element.choices,
                unbounded: shape.unbounded + element.unbounded,
                hasQuantifier: shape.hasQuantifier || element.hasQuantifier,
                hasAlternation: shape.hasAlternation || element.hasAlternation,
            };
        }
        return shape;
    };

    const atom = (): RegexShape & { isGroup: boolean } => {
        const char = source[position];
        if (char === '(') {
            position += 1;
            skipGroupPrefix();
            const inner = alternation();
            if (source[position] !== ')') {
                reject('unbalanced group');
            }
            position += 1;
            return { ...inner, isGroup: true };
        }
        if (char === '[') {
            skipCharacterClass();
        } else if (char === '\\') {
            const escaped = source[position + 1] ?? '';
            if (/[1-9]/.test(escaped) || (escaped === 'k' && source[position + 2] === '<')) {
                reject('back-references are not allowed');
            }
            position += 2;
        } else {
            position += 1;
        }
        return { ...LITERAL_SHAPE, isGroup: false };
    };

    const skipGroupPrefix = (): void => {
        if (source[position] !== '?') {
            return;
        }
        const next = source[position + 1];
        if (next === ':' || next === '=' || next === '!') {
            position += 2;
        } else if (next === '<' && (source[position + 2] === '=' || source[position + 2] === '!')) {
            position += 3;
        } else if (next === '<') {
            const end = source.indexOf('>', position);
            position = end === -1 ? reject('unterminated group name') : end + 1;
        }
    };

    const skipCharacterClass = (): void => {
        position += 1;
        while (position < source.length && source[position] !== ']') {
            position += source[position] === '\\' ? 2 : 1;
        }
        if (position >= source.length) {
            reject('unterminated character class');
        }
        position += 1;
    };

    const quantified = (element: RegexShape & { isGroup: boolean }): RegexShape => {
        const range = readQuantifier();
        if (range === undefined) {
            return element;
        }
        if (element.isGroup && (element.hasQuantifier || element.hasAlternation)) {
            reject('quantified group contains a quantifier or an alternation');
        }
        if (source[position] === '?') {
            position += 1; // lazy modifier
        }
        const unbounded = range.max - range.min > REGEX_UNBOUNDED_SPAN;
        return {
            choices: element.choices * (unbounded ? 1 : range.max - range.min + 1),
            unbounded: element.unbounded + (unbounded ? 1 : 0),
            hasQuantifier: true,
            hasAlternation: element.hasAlternation,
        };
    };

    const readQuantifier = (): { min: number; max: number } | undefined => {
        const char = source[position];
        if (char === '*' || char === '+' || char === '?') {
            position += 1;
            return { min: char === '+' ? 1 : 0, max: char === '?' ? 1 : Infinity };
        }
        // In non-unicode syntax a `{` that does not form a quantifier is a literal.
        BRACES_QUANTIFIER.lastIndex = position;
        const braces = char === '{' ? BRACES_QUANTIFIER.exec(source) : null;
        if (braces === null) {
            return undefined;
        }
        position += braces[0].length;
        const min = Number(braces[1]);
        const max = braces[2] === undefined ? min : braces[3] === '' ? Infinity : Number(braces[3]);
        return { min, max };
    };

    const shape = alternation();
    if (position < source.length) {
        reject('unbalanced group');
    }
    return shape;
}
