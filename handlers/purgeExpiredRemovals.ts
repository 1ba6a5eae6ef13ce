import type { ILogger, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import { StartupType } from '@rocket.chat/apps-engine/definition/scheduler';

import { readAppSettings } from '../host/settings';
import { purgeCutoff, purgeThread } from '../lib/tracking';
import { DeletionTracking } from '../storage/deletionTracking';
import { randomKey } from '../storage/keys';
import { runHandler } from './runHandler';

export const PURGE_JOB_ID = 'purge-expired-removals';

/**
 * Drops removals detected before the retention period, and migrates what version 0.1.0 stored; runs daily (the
 * scheduler runs it once per cluster). Returns the number of threads rewritten.
 */
export async function purgeExpiredRemovals(read: IRead, persistence: IPersistence): Promise<number> {
    const { removalRetentionDays } = await readAppSettings(read);
    const tracking = DeletionTracking.of(read, persistence);
    const cutoff = purgeCutoff(new Date(), removalRetentionDays);
    // Announce the cutoff before deleting: a sync in between then claims less completeness, never more.
    await tracking.savePurgeCutoff(cutoff);
    await tracking.dropLegacyPurgeRecord();
    let rewritten = 0;
    // One thread at a time: the job must not hold every thread's ledger at once.
    for (const tmid of await tracking.trackedThreadIds()) {
        const write = purgeThread(await tracking.loadThread(tmid), cutoff, randomKey());
        if (write) {
            await tracking.commit(tmid, write);
            rewritten += 1;
        }
    }
    return rewritten;
}

export function purgeProcessor(logger: ILogger): IProcessor {
    return {
        id: PURGE_JOB_ID,
        startupSetting: { type: StartupType.RECURRING, interval: '1 day' },
        processor: (_context, read, _modify, _http, persistence) =>
            runHandler(logger, PURGE_JOB_ID, () => purgeExpiredRemovals(read, persistence)),
    };
}
