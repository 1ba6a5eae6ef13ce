import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';

import { DeletionTracking } from '../storage/deletionTracking';
import { randomKey } from '../storage/keys';

export const RECORD_RUNTIME_START_JOB_ID = 'record-runtime-start';

/**
 * When this runtime (this Deno process: install, enable, update or respawn) started: events before it may have been
 * lost, so `trackingSince` is never earlier (docs/chat.syncThreadMessages.md, "trackingSince").
 */
export const RUNTIME_STARTED_AT = new Date();
const RUNTIME_KEY = randomKey();

let recorded: Promise<void> | undefined;

/**
 * Stores this runtime's start once per process, so that the other instances' syncs see it. onEnable schedules it at
 * once (it has no persistence accessor); every sync and reply event also makes sure of it, in case the job is late.
 */
export function ensureRuntimeStartRecorded(read: IRead, persistence: IPersistence): Promise<void> {
    recorded ??= new DeletionTracking(read.getPersistenceReader(), persistence)
        .recordRuntimeStart(RUNTIME_STARTED_AT, RUNTIME_KEY)
        .catch((error: unknown) => {
            recorded = undefined; // try again on the next call
            throw error;
        });
    return recorded;
}

export const runtimeStartProcessor: IProcessor = {
    id: RECORD_RUNTIME_START_JOB_ID,
    processor: async (_context, read, _modify, _http, persistence) => {
        await ensureRuntimeStartRecorded(read, persistence);
    },
};
