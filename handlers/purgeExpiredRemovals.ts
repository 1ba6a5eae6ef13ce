import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import { StartupType } from '@rocket.chat/apps-engine/definition/scheduler';

import { readAppSettings } from '../endpoints/hostReads';
import { expiredRemovals } from '../lib/sync/threadDiff';
import { ThreadRecords } from '../storage/threadRecords';

export const PURGE_JOB_ID = 'purge-expired-removals';

/** Drops removal records older than the retention setting; runs daily (the scheduler runs it once per cluster). */
export async function purgeExpiredRemovals(read: IRead, persistence: IPersistence): Promise<number> {
    const { removalRetentionDays } = await readAppSettings(read);
    const records = new ThreadRecords(read.getPersistenceReader(), persistence);
    const expired = expiredRemovals(await records.allRemovals(), new Date(), removalRetentionDays);
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
