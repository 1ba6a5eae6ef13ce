/**
 * A deep copy of a stored document (plain data and Dates). Not `structuredClone`: that builds Dates in Node's main
 * realm, which fail `instanceof Date` inside a test runner's sandbox, where the engine's msgpack codec then sends
 * them as empty objects.
 */
export function cloneDocument<T>(value: T): T {
    if (value instanceof Date) {
        return new Date(value.getTime()) as T;
    }
    if (Array.isArray(value)) {
        return value.map((item) => cloneDocument(item)) as T;
    }
    if (value !== null && typeof value === 'object') {
        const copy: { [key: string]: unknown } = {};
        for (const [key, item] of Object.entries(value)) {
            Object.defineProperty(copy, key, {
                value: cloneDocument(item),
                enumerable: true,
                writable: true,
                configurable: true,
            });
        }
        return copy as T;
    }
    return value;
}
