import type { IConfigurationModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';

import { DeletionTracking } from './deletionTracking';
import { randomKey } from './keys';

export const RECORD_RUNTIME_START_JOB_ID = 'record-runtime-start';

/**
 * The latest start of this runtime (install, enable, update, respawn): events before it may have been lost, so
 * `trackingSince` is never earlier (docs/chat.syncThreadMessages.md, "trackingSince"). Module load is a start; so is
 * every onEnable (a disable and enable may keep the same process).
 */
let current = { startedAt: new Date(), key: randomKey() };
let recorded: Promise<void> | undefined;

export function runtimeStartedAt(): Date {
    return current.startedAt;
}

/** Called by onEnable: a new start, to be stored again. */
export function markRuntimeStart(): void {
    current = { startedAt: new Date(), key: randomKey() };
    recorded = undefined;
}

/**
 * Stores the latest start once, so that the other instances' syncs see it. onEnable schedules it at once (it has no
 * persistence accessor); every sync and reply event also makes sure of it, in case the job is late.
 */
export function ensureRuntimeStartRecorded(read: IRead, persistence: IPersistence): Promise<void> {
    const start = current;
    recorded ??= new DeletionTracking(read.getPersistenceReader(), persistence)
        .recordRuntimeStart(start.startedAt, start.key)
        .catch((error: unknown) => {
            if (current === start) {
                recorded = undefined; // try again on the next call
            }
            throw error;
        });
    return recorded;
}

/**
 * onEnable: a new start, stored at once by a one-time job (onEnable has no persistence accessor). A refused job (no
 * scheduler) must not keep the app from enabling: the next sync or reply event stores the start instead.
 */
export async function onRuntimeStart(configurationModify: IConfigurationModify): Promise<void> {
    markRuntimeStart();
    try {
        await configurationModify.scheduler.scheduleOnce({ id: RECORD_RUNTIME_START_JOB_ID, when: new Date() });
    } catch {
        // Recorded lazily (ensureRuntimeStartRecorded).
    }
}

export const runtimeStartProcessor: IProcessor = {
    id: RECORD_RUNTIME_START_JOB_ID,
    processor: async (_context, read, _modify, _http, persistence) => {
        await ensureRuntimeStartRecorded(read, persistence);
    },
};
