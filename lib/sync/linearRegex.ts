/**
 * `$regex` on RE2 (re2js, pure JavaScript), never on the backtracking RegExp: matching time is linear in the text
 * whatever the pattern, so no legal pattern can make a request slow. RE2 refuses back-references and look-around.
 * mingo runs each compiled pattern through our own operator, `$linearRegex`.
 */
import { Context } from 'mingo';
import { RE2JS } from 're2js';

import type { JsonObject } from '../json';
import { isPlainObject } from '../json';

/**
 * The Apps-Engine Deno runtime runs app code with `globalThis` bound to undefined (a parameter of its wrapper), and
 * re2js reads `globalThis.TextEncoder` when it compiles a pattern. Give that binding the two globals re2js asks for;
 * outside the runtime (tests, tools) `globalThis` is the real global object and nothing changes.
 */
if (typeof globalThis === 'undefined') {
    // @ts-expect-error -- assigns the runtime wrapper's parameter, not the (absent) global
    globalThis = { TextEncoder, TextDecoder }; // eslint-disable-line no-global-assign
}

export const MAX_REGEX_LENGTH = 256;

const RE2_FLAGS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL };

/** A `$regex` operand and its `$options` compiled on RE2, or why they cannot be. */
export function compileLinearRegex(source: unknown, options: unknown): { regex: RE2JS } | { invalid: string } {
    if (typeof source !== 'string' || source.length > MAX_REGEX_LENGTH) {
        return { invalid: '$regex needs a string of bounded length' };
    }
    const flags = options === undefined ? '' : options;
    if (typeof flags !== 'string' || !/^[ims]*$/.test(flags) || new Set(flags).size !== flags.length) {
        return { invalid: '$options accepts i, m and s' };
    }
    try {
        return {
            regex: RE2JS.compile(
                source,
                [...flags].reduce((bits, flag) => bits | RE2_FLAGS[flag], 0),
            ),
        };
    } catch {
        // Includes what RE2 cannot run in linear time: back-references, look-around.
        return { invalid: 'regex does not compile on RE2' };
    }
}

/** Our operator standing for `$regex`: its operand is the index of the compiled RE2 pattern. */
const LINEAR_REGEX = '$linearRegex';

/** Every `{$regex, $options}` condition becomes `{$linearRegex: <index>}`; other operators are kept as they are. */
function withLinearRegexes(value: unknown, regexes: RE2JS[]): unknown {
    if (Array.isArray(value)) {
        return value.map((item) => withLinearRegexes(item, regexes));
    }
    if (!isPlainObject(value)) {
        return value;
    }
    const entries = Object.entries(value)
        .filter(([key]) => key !== '$options')
        .map(([key, item]) => {
            if (key !== '$regex') {
                return [key, withLinearRegexes(item, regexes)];
            }
            const compiled = compileLinearRegex(item, value.$options);
            if ('invalid' in compiled) {
                throw new Error(compiled.invalid);
            }
            regexes.push(compiled.regex);
            return [LINEAR_REGEX, regexes.length - 1];
        });
    return Object.fromEntries(entries);
}

/** Values at a dotted path with MongoDB's implicit array traversal (array elements, and numeric indexes). */
function valuesAtPath(value: unknown, segments: readonly string[]): unknown[] {
    if (segments.length === 0) {
        return Array.isArray(value) ? [value, ...value] : [value];
    }
    const [head, ...rest] = segments;
    if (Array.isArray(value)) {
        const fromElements = value.flatMap((item) => (isPlainObject(item) ? valuesAtPath(item, segments) : []));
        return /^\d+$/.test(head) ? [...fromElements, ...valuesAtPath(value[Number(head)], rest)] : fromElements;
    }
    return isPlainObject(value) ? valuesAtPath(value[head], rest) : [];
}

function linearRegexContext(regexes: readonly RE2JS[]): Context {
    const operator = (selector: string, index: number) => {
        const regex = regexes[index];
        const segments = selector.split('.');
        return (doc: unknown) => valuesAtPath(doc, segments).some((value) => typeof value === 'string' && regex.test(value));
    };
    return Context.init({ query: { [LINEAR_REGEX]: operator } } as never);
}

/** A validated filter with every `$regex` on RE2, and the mingo context that runs them. Throws on an invalid pattern. */
export function withLinearRegex(filter: JsonObject): { filter: JsonObject; context: Context } {
    const regexes: RE2JS[] = [];
    const linearFilter = withLinearRegexes(filter, regexes) as JsonObject;
    return { filter: linearFilter, context: linearRegexContext(regexes) };
}
