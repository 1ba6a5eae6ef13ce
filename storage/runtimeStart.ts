/**
 * The latest start of this runtime (install, enable, update, respawn): events before it may have been lost, so
 * `trackingSince` is never earlier (docs/chat.syncThreadMessages.md#trackingsince). Module load is a start; so is
 * every onEnable (a disable and enable may keep the same process).
 */
import type { RuntimeStart } from '../lib/tracking';
import type { DeletionTracking } from './deletionTracking';
import { randomKey } from './keys';

let current: RuntimeStart = { startedAt: new Date(), key: randomKey() };
let recorded: Promise<void> | undefined;

export function runtimeStartedAt(): Date {
    return current.startedAt;
}

/** This runtime's latest start, for the start-up job to carry. */
export function currentRuntimeStart(): RuntimeStart {
    return current;
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

/**
 * Stores the start a start-up job carries. On a cluster the job may run on another instance than the one that
 * started, so it stores the start it was given, never the runner's own; this runtime's own start is stored once.
 */
export function recordCarriedRuntimeStart(tracking: DeletionTracking, start: RuntimeStart): Promise<void> {
    return start.key === current.key
        ? ensureRuntimeStartRecorded(tracking)
        : tracking.recordRuntimeStart(start.startedAt, start.key);
}
