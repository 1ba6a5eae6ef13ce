/**
 * A deep copy of a stored document (plain data and Dates). Not `structuredClone`: that builds Dates in Node's main
 * realm, which fail `instanceof Date` inside a test runner's sandbox, where the engine's msgpack codec then sends
 * them as empty objects. Runs for every document a bridge returns (a 10,000-reply thread on each sync), so keys are
 * assigned; only a stored `__proto__` key is defined instead, so that it stays data and never becomes a prototype.
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
        for (const key of Object.keys(value)) {
            const item = cloneDocument((value as { [key: string]: unknown })[key]);
            if (key === '__proto__') {
                Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
            } else {
                copy[key] = item;
            }
        }
        return copy as T;
    }
    return value;
}
