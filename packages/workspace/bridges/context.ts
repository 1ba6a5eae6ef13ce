import type { AppManager } from '@rocket.chat/apps-engine/server/AppManager';

import type { Database } from '../store/Database';

/** What every bridge needs: the data, and the manager (set once it exists, as in core's orchestrator). */
export interface BridgeContext {
    db: Database;
    manager(): AppManager;
}

/** Bridge results cross the pipe as plain data; the engine's declared types are richer than what hosts send. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AppObject = any;

export function notImplemented(bridge: string, method: string): never {
    throw new Error(`${bridge}.${method}() is not implemented by the in-memory workspace`);
}
