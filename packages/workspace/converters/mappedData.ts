import { cloneDocument } from '../store/clone';

type Mapper<T> = string | ((raw: T & { [key: string]: unknown }) => unknown);

/**
 * Core's transformMappedData: deep-clone the raw document; a string entry copies `raw[from]` (when defined)
 * and always deletes it; a function entry computes the value and deletes its sources itself, or not. Whatever
 * is left becomes `_unmappedProperties_` (docs/architecture.md#host-facts-a-maintainer-needs).
 */
export function transformMappedData<T extends object>(raw: T, map: { [target: string]: Mapper<T> }): { [key: string]: unknown } {
    const working = cloneDocument(raw) as T & { [key: string]: unknown };
    const result: { [key: string]: unknown } = {};
    for (const [target, source] of Object.entries(map)) {
        if (typeof source === 'string') {
            if (working[source] !== undefined) {
                result[target] = working[source];
            }
            delete working[source];
        } else {
            const value = source(working);
            if (value !== undefined) {
                result[target] = value;
            }
        }
    }
    result._unmappedProperties_ = working;
    return result;
}
