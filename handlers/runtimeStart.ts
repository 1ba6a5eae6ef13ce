import type { IConfigurationModify, ILogger } from '@rocket.chat/apps-engine/definition/accessors';
import type { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';

import { runtimeStartJobData, runtimeStartOfJob } from '../lib/tracking';
import { DeletionTracking } from '../storage/deletionTracking';
import {
    currentRuntimeStart,
    ensureRuntimeStartRecorded,
    markRuntimeStart,
    recordCarriedRuntimeStart,
} from '../storage/runtimeStart';
import { runHandler } from './runHandler';

export const RECORD_RUNTIME_START_JOB_ID = 'record-runtime-start';

/**
 * onEnable: a new start, stored at once by a one-time job (onEnable has no persistence accessor). The job carries the
 * start in its data: on a cluster any instance may run it (docs/chat.syncThreadMessages.md#several-server-instances).
 * A refused job (no scheduler) must not keep the app from enabling: the next sync or reply event stores the start.
 */
export async function onRuntimeStart(configurationModify: IConfigurationModify): Promise<void> {
    markRuntimeStart();
    try {
        await configurationModify.scheduler.scheduleOnce({
            id: RECORD_RUNTIME_START_JOB_ID,
            when: new Date(),
            data: runtimeStartJobData(currentRuntimeStart()),
        });
    } catch {
        // Recorded lazily (ensureRuntimeStartRecorded).
    }
}

export function runtimeStartProcessor(logger: ILogger): IProcessor {
    return {
        id: RECORD_RUNTIME_START_JOB_ID,
        processor: (context, read, _modify, _http, persistence) =>
            runHandler(logger, RECORD_RUNTIME_START_JOB_ID, async () => {
                const tracking = DeletionTracking.of(read, persistence);
                // The upgrade from 0.1.0/0.2.0 runs at the first start after the update (lib/tracking/legacy.ts).
                await tracking.upgrade(new Date());
                // A job without a start (scheduled by 0.2.0, or run by hand) stores the start of the runtime running it.
                const carried = runtimeStartOfJob(context);
                await (carried ? recordCarriedRuntimeStart(tracking, carried) : ensureRuntimeStartRecorded(tracking));
            }),
    };
}
