/**
 * The latest start of this runtime (install, enable, update, respawn): events before it may have been lost, so
 * `trackingSince` is never earlier (docs/chat.syncThreadMessages.md#trackingsince). Module load is a start; so is
 * every onEnable (a disable and enable may keep the same process).
 */
import type { DeletionTracking } from './deletionTracking';
import { randomKey } from './keys';

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
export function ensureRuntimeStartRecorded(tracking: DeletionTracking): Promise<void> {
    const start = current;
    recorded ??= tracking.recordRuntimeStart(start.startedAt, start.key).catch((error: unknown) => {
        if (current === start) {
            recorded = undefined; // try again on the next call
        }
        throw error;
    });
    return recorded;
}
