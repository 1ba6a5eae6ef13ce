import { notImplemented } from './context';

/**
 * A bridge the workspace does not provide: the engine may fetch it eagerly, but any call fails with a clear
 * message instead of "is not a function" (packages/workspace/README.md).
 */
export function unimplementedBridge<T extends object>(name: string): T {
    return new Proxy({} as T, {
        get(_target, property) {
            if (typeof property === 'symbol' || property === 'then') {
                return undefined;
            }
            return () => notImplemented(name, property);
        },
    });
}
