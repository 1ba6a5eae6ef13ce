import type { AppBridges } from '@rocket.chat/apps-engine/server/bridges';

export interface BridgeUsage {
    /** Bridge calls the engine made (`do…` methods: what an app's accessor reads and writes become). */
    calls: number;
    /**
     * Time (ms) spent inside the workspace's own bridge methods (nested calls counted once): the stand-in's work
     * (stores, converters, copies), without the engine's permission checks that wrap each call.
     */
    busyMs: number;
    /** Calls per `<Bridge class>.<do method>`, e.g. `WorkspaceUserBridge.doGetById`. */
    byMethod: Record<string, number>;
}

type Method = (...args: unknown[]) => unknown;

/** The methods a workspace bridge class defines itself (one subclass of the engine's bridge). */
function ownMethods(bridge: object): Set<string> {
    const prototype = Object.getPrototypeOf(bridge) as object | null;
    if (!prototype || prototype === Object.prototype) {
        return new Set();
    }
    return new Set(Object.getOwnPropertyNames(prototype).filter((name) => name !== 'constructor' && !name.startsWith('do')));
}

/**
 * Measures the in-memory host: how many bridge calls the engine makes and how long the workspace's implementations
 * of them take, so that benchmarks can tell the workspace's share of a request from the app's and the engine's
 * (bench/README.md).
 */
export class BridgeMeter {
    private calls = 0;
    private readonly byMethod: Record<string, number> = {};
    private busyMs = 0;
    private running = 0;
    private busySince = 0;

    usage(): BridgeUsage {
        const ongoing = this.running > 0 ? performance.now() - this.busySince : 0;
        return { calls: this.calls, busyMs: this.busyMs + ongoing, byMethod: { ...this.byMethod } };
    }

    /**
     * Times the synchronous part of one call. The workspace's stores and converters do all their work there; timing
     * until a promise settles would also count the engine decoding the next requests of the same pipe chunk.
     */
    measure<R>(call: () => R): R {
        if (this.running++ === 0) {
            this.busySince = performance.now();
        }
        try {
            return call();
        } finally {
            if (--this.running === 0) {
                this.busyMs += performance.now() - this.busySince;
            }
        }
    }

    /**
     * The bridges as the engine sees them: every `get…Bridge()` answers a view of the same bridge whose `do…` entry
     * points are counted and run the engine's code on a second view, where the workspace's own methods are timed.
     * Everything else, `instanceof` included, behaves as the original.
     */
    instrument<B extends AppBridges>(bridges: B): B {
        const views = new WeakMap<object, object>();
        const view = (bridge: object): object => {
            let outer = views.get(bridge);
            if (!outer) {
                const timed = ownMethods(bridge);
                const inner = new Proxy(bridge, {
                    get: (target, property, receiver) => {
                        const value: unknown = Reflect.get(target, property, receiver);
                        if (typeof property !== 'string' || !timed.has(property) || typeof value !== 'function') {
                            return value;
                        }
                        return (...args: unknown[]) => this.measure(() => Reflect.apply(value as Method, target, args));
                    },
                });
                outer = new Proxy(bridge, {
                    get: (target, property, receiver) => {
                        const value: unknown = Reflect.get(target, property, receiver);
                        if (typeof property !== 'string' || !property.startsWith('do') || typeof value !== 'function') {
                            return value;
                        }
                        const key = `${target.constructor.name}.${property}`;
                        return (...args: unknown[]) => {
                            this.calls++;
                            this.byMethod[key] = (this.byMethod[key] ?? 0) + 1;
                            return Reflect.apply(value as Method, inner, args);
                        };
                    },
                });
                views.set(bridge, outer);
            }
            return outer;
        };
        return new Proxy(bridges, {
            get: (target, property, receiver) => {
                const value: unknown = Reflect.get(target, property, receiver);
                if (typeof property !== 'string' || !/^get\w+Bridge$/.test(property) || typeof value !== 'function') {
                    return value;
                }
                return (...args: unknown[]) => {
                    const bridge: unknown = Reflect.apply(value as Method, target, args);
                    return bridge && typeof bridge === 'object' ? view(bridge) : bridge;
                };
            },
        });
    }
}
