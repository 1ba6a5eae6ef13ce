/**
 * Plain-data helpers shared by the modules that copy or build JSON-shaped objects. Objects are always built with
 * define semantics (`ownProperties`), so a stored `__proto__` key stays data and pollutes nothing.
 */

export type JsonObject = { [key: string]: unknown };

export function isPlainObject(value: unknown): value is JsonObject {
    if (value === null || typeof value !== 'object') {
        return false;
    }
    const prototype = Object.getPrototypeOf(value);
    return prototype === Object.prototype || prototype === null;
}

/** An object with these own properties in this order, by `defineProperty` rather than assignment. */
export function ownProperties(entries: Iterable<readonly [string, unknown]>): JsonObject {
    const target: JsonObject = {};
    for (const [key, value] of entries) {
        Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return target;
}

/** Drops undefined values at the top level, keeping key order (the host pipe would turn them into `null`). */
export function withoutUndefined<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}

/**
 * A deep copy of data from the host, Dates as ISO strings (an invalid Date becomes `null`, as JSON.stringify writes it);
 * undefined values are kept (the envelope drops them), binary views are left as they are.
 */
export function plainCopy(value: unknown): unknown {
    if (value instanceof Date) {
        return Number.isNaN(value.getTime()) ? null : value.toISOString();
    }
    if (Array.isArray(value)) {
        return value.map(plainCopy);
    }
    if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
        return ownProperties(Object.entries(value).map(([key, item]) => [key, plainCopy(item)]));
    }
    return value;
}

/**
 * An answer's body as plain JSON: keys whose value is undefined are removed at every depth (an undefined array item
 * becomes `null`), so that the host pipe cannot turn them into `null` (docs/architecture.md#host-facts-a-maintainer-needs);
 * Dates become ISO strings, so the body is plain JSON whatever the pipe does.
 */
export function toJsonValue(value: unknown): unknown {
    if (value instanceof Date) {
        return value.toISOString();
    }
    if (Array.isArray(value)) {
        return value.map((item) => (item === undefined ? null : toJsonValue(item)));
    }
    if (value !== null && typeof value === 'object') {
        return ownProperties(
            Object.entries(value)
                .filter(([, item]) => item !== undefined)
                .map(([key, item]) => [key, toJsonValue(item)]),
        );
    }
    return value;
}
