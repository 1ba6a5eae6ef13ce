import type { Database } from '@push-sync/workspace';
import { bucketOf, isDue, isShard } from '../../../lib/tracking';

type Loose = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

const DAY_MS = 86_400_000;

/**
 * Makes the removal of `replyId` in thread `tmid` look `days` old to the app's records: its detection time in the
 * thread's shard, the day index entry that schedules the thread's purge, and the purge's progress. The next purge run
 * then treats it as expired (docs/chat.syncThreadMessages.md#retention-and-the-purge-job). Local workspaces only.
 */
export function backdateRemoval(db: Database, appId: string, tmid: string, replyId: string, days: number): void {
    const old = Date.now() - days * DAY_MS;
    const oldDay = Math.floor(old / DAY_MS);
    for (const record of db.appsPersistence.find((candidate) => candidate.appId === appId)) {
        const data = record.data as Loose;
        if (isShard(data) && data.tmid === tmid) {
            const x = data.x.map(([index, time]) => [index, data.i[index] === replyId ? old : time]);
            db.appsPersistence.replace({ ...record, data: { ...data, x } as never });
        }
        if (isDue(data) && data.t === tmid && data.w === 'r') {
            db.appsPersistence.replace({
                ...record,
                associations: [
                    { model: 'misc', id: `push-sync:due:${oldDay}:${bucketOf(tmid)}` },
                    ...record.associations.slice(1),
                ],
                data: { ...data, d: oldDay } as never,
            });
        }
        if ((data as Loose).kind === 'purge-progress') {
            db.appsPersistence.replace({ ...record, data: { ...data, next: oldDay - 1 } as never });
        }
    }
}
