import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import { StartupType } from '@rocket.chat/apps-engine/definition/scheduler';

import { readAppSettings } from '../endpoints/hostReads';
import { expiredRemovals, purgeCutoff } from '../lib/sync/threadDiff';
import { ThreadRecords } from '../storage/threadRecords';

export const PURGE_JOB_ID = 'purge-expired-removals';

/** Drops removal records older than the retention setting; runs daily (the scheduler runs it once per cluster). */
export async function purgeExpiredRemovals(read: IRead, persistence: IPersistence): Promise<number> {
    const { removalRetentionDays } = await readAppSettings(read);
    const records = new ThreadRecords(read.getPersistenceReader(), persistence);
    const cutoff = purgeCutoff(new Date(), removalRetentionDays);
    // Announce the cutoff before deleting: a sync in between then claims less completeness, never more.
    await records.savePurgedBefore(cutoff);
    const expired = expiredRemovals(await records.allRemovals(), cutoff);
    await Promise.all(expired.map((record) => records.dropRemoval(record)));
    return expired.length;
}

export const purgeProcessor: IProcessor = {
    id: PURGE_JOB_ID,
    startupSetting: { type: StartupType.RECURRING, interval: '1 day' },
    processor: async (_context, read, _modify, _http, persistence) => {
        await purgeExpiredRemovals(read, persistence);
    },
};
