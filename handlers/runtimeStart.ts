import type { IConfigurationModify, ILogger } from '@rocket.chat/apps-engine/definition/accessors';
import type { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';

import { DeletionTracking } from '../storage/deletionTracking';
import { ensureRuntimeStartRecorded, markRuntimeStart } from '../storage/runtimeStart';
import { runHandler } from './runHandler';

export const RECORD_RUNTIME_START_JOB_ID = 'record-runtime-start';

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

export function runtimeStartProcessor(logger: ILogger): IProcessor {
    return {
        id: RECORD_RUNTIME_START_JOB_ID,
        processor: (_context, read, _modify, _http, persistence) =>
            runHandler(logger, RECORD_RUNTIME_START_JOB_ID, async () => {
                const tracking = DeletionTracking.of(read, persistence);
                // The upgrade from 0.1.0/0.2.0 runs at the first start after the update (lib/tracking/legacy.ts).
                await tracking.upgrade(new Date());
                await ensureRuntimeStartRecorded(tracking);
            }),
    };
}
