/**
 * `fields` (docs/chat.syncThreadMessages.md#fields) and core's default projection for message lists.
 * Paths are kept in Maps and output objects are built with Object.fromEntries (define semantics), so no key of the
 * parameter or of a document can reach a prototype.
 */
import type { JsonObject } from '../json';
import { isPlainObject } from '../json';
import { isFieldPath, jsonParamError, parseJsonObjectParam } from './jsonParam';

/** Excluded from every sync list whatever `fields` says (core's default projection). */
export const ALWAYS_EXCLUDED_FIELDS = ['joinCode', 'members', 'importIds', 'e2e'] as const;

/** A node is `true` when the whole value at that path is selected, or the next level of paths below it. */
type PathTree = ReadonlyMap<string, PathTree | true>;

export interface Projection {
    readonly mode: 'include' | 'exclude';
    readonly paths: PathTree;
}

const ALWAYS_EXCLUDED_PATHS: PathTree = new Map(ALWAYS_EXCLUDED_FIELDS.map((field) => [field, true]));

/**
 * `{"path": 0 | 1, …}`. Paths under the always-excluded fields are dropped first; then 0s and 1s may not be mixed
 * (except `_id`), and an inclusion keeps `_id` unless `"_id": 0`. Nothing left → undefined (no projection).
 */
export function parseFields(raw: string): Projection | undefined {
    const invalid = () => jsonParamError('fields', raw);
    const entries = Object.entries(parseJsonObjectParam('fields', raw)).filter(
        ([path]) => !ALWAYS_EXCLUDED_FIELDS.some((field) => path === field || path.startsWith(`${field}.`)),
    );
    if (entries.some(([path, flag]) => !isFieldPath(path) || (flag !== 0 && flag !== 1))) {
        throw invalid();
    }
    const idFlag = entries.find(([path]) => path === '_id')?.[1];
    const others = entries.filter(([path]) => path !== '_id');
    const flags = new Set(others.map(([, flag]) => flag));
    if (flags.size > 1) {
        throw invalid();
    }
    const mode = (flags.size === 1 ? flags.has(1) : idFlag === 1) ? 'include' : 'exclude';
    const selected = others.map(([path]) => path);
    if (mode === 'include' ? idFlag !== 0 : idFlag === 0) {
        selected.push('_id');
    }
    if (selected.length === 0) {
        return undefined;
    }
    const paths = pathTree(selected);
    if (paths === undefined) {
        throw invalid();
    }
    return { mode, paths };
}

type MutablePathTree = Map<string, MutablePathTree | true>;

/** undefined when two paths collide (one is a prefix of the other), as MongoDB refuses them. */
function pathTree(paths: readonly string[]): PathTree | undefined {
    const root: MutablePathTree = new Map();
    for (const path of paths) {
        const segments = path.split('.');
        let node = root;
        for (const [index, segment] of segments.entries()) {
            const existing = node.get(segment);
            if (index === segments.length - 1) {
                if (existing !== undefined) {
                    return undefined;
                }
                node.set(segment, true);
            } else {
                if (existing === true) {
                    return undefined;
                }
                const child: MutablePathTree = existing ?? new Map();
                node.set(segment, child);
                node = child;
            }
        }
    }
    return root;
}

/** The default exclusions, then `fields`; a new object in the document's key order, the input untouched. */
export function applyProjection(doc: JsonObject, projection: Projection | undefined): JsonObject {
    const base = exclude(doc, ALWAYS_EXCLUDED_PATHS);
    if (projection === undefined) {
        return base;
    }
    return projection.mode === 'include' ? include(base, projection.paths) : exclude(base, projection.paths);
}

function include(doc: JsonObject, paths: PathTree): JsonObject {
    const entries: Array<[string, unknown]> = [];
    for (const [key, value] of Object.entries(doc)) {
        const node = paths.get(key);
        if (node === true) {
            entries.push([key, value]);
        } else if (node !== undefined) {
            const projected = includeBelow(value, node);
            if (projected !== undefined) {
                entries.push([key, projected]);
            }
        }
    }
    return Object.fromEntries(entries);
}

/** Below an inclusion, arrays keep only their (projected) sub-documents; a scalar has nothing to include. */
function includeBelow(value: unknown, paths: PathTree): unknown {
    if (isPlainObject(value)) {
        return include(value, paths);
    }
    if (Array.isArray(value)) {
        return value.filter((item) => isPlainObject(item) || Array.isArray(item)).map((item) => includeBelow(item, paths));
    }
    return undefined;
}

function exclude(doc: JsonObject, paths: PathTree): JsonObject {
    const entries: Array<[string, unknown]> = [];
    for (const [key, value] of Object.entries(doc)) {
        const node = paths.get(key);
        if (node !== true) {
            entries.push([key, node === undefined ? value : excludeBelow(value, node)]);
        }
    }
    return Object.fromEntries(entries);
}

function excludeBelow(value: unknown, paths: PathTree): unknown {
    if (isPlainObject(value)) {
        return exclude(value, paths);
    }
    return Array.isArray(value) ? value.map((item) => excludeBelow(item, paths)) : value;
}
