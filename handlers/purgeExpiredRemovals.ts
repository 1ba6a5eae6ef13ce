import type { ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import { StartupType } from '@rocket.chat/apps-engine/definition/scheduler';

import { readAppSettings } from '../host/settings';
import type { DueData } from '../lib/tracking';
import { currentEpoch, dayOf, DUE_BUCKETS, isMarker, isShard, purgeCutoff, purgeSlot } from '../lib/tracking';
import { DeletionTracking } from '../storage/deletionTracking';
import { randomKey } from '../storage/keys';
import { runHandler } from './runHandler';

export const PURGE_JOB_ID = 'purge-expired-removals';
/** The same purge, scheduled once by a run that stopped at its time box with work left. */
export const PURGE_MORE_JOB_ID = 'purge-expired-removals-more';
/** A run stops starting new threads after this long (the engine cuts a job off at 30 s). */
export const PURGE_TIME_BOX_MS = 4000;
/** Delay before a run with work left continues. */
export const PURGE_CONTINUE_AFTER_MS = 10_000;

export interface PurgeRun {
    /** Whether every due day up to the cutoff's was processed. */
    readonly done: boolean;
    /** Threads processed (index entries handled). */
    readonly threads: number;
}

/**
 * One due entry: an idle epoch (not synced since before the cutoff's day) is dropped whole, slot by slot; a live one
 * with removals detected that day has its expired removals dropped, slot by slot. Idempotent: a repeated or concurrent
 * run finds nothing more to do. The entry is removed last, so an interrupted run does it again.
 */
async function purgeDue(tracking: DeletionTracking, due: DueData, cutoff: number): Promise<void> {
    const markers = (await tracking.markersOf(due.t)).filter((marker) => isMarker(marker) && marker.e === due.e);
    // Alive while a marker of this very epoch was synced on or after the cutoff's day.
    if (!currentEpoch(due.t, markers, dayOf(cutoff))) {
        await tracking.dropEpoch(due.t, due.e);
    } else if (due.w === 'r') {
        for (let n = 0; ; n++) {
            const versions = (await tracking.readSlot(due.t, due.e, n)).filter(isShard);
            if (versions.length === 0) {
                break;
            }
            const plan = purgeSlot(versions, cutoff, randomKey);
            if (plan) {
                await tracking.replaceSlot(due.t, plan.shard, plan.consumedKeys);
            }
        }
    }
    await tracking.dropDue(due);
}

/**
 * The purge (docs/chat.syncThreadMessages.md#retention-and-the-purge-job): reads only the day index of days before
 * the cutoff's, one bucket at a time, and the threads it names; stops starting threads after `timeBoxMs` and reports
 * whether work is left. Progress is stored per day; processed entries are removed, so a run resumes where one stopped.
 */
export async function runPurge(
    tracking: DeletionTracking,
    now: Date,
    removalRetentionDays: number,
    timeBoxMs: number = PURGE_TIME_BOX_MS,
): Promise<PurgeRun> {
    const startedAt = Date.now();
    await tracking.upgrade(now);
    const cutoff = purgeCutoff(now, removalRetentionDays);
    // Announce the cutoff before deleting: a sync in between then claims less completeness, never more.
    await tracking.savePurgeCutoff(cutoff);
    const cutoffDay = dayOf(cutoff.getTime());
    let threads = 0;
    let day = (await tracking.purgeProgress()) ?? dayOf(now.getTime()) - 1;
    for (; day < cutoffDay; day++) {
        for (let bucket = 0; bucket < DUE_BUCKETS; bucket++) {
            for (const due of await tracking.readDue(day, bucket)) {
                if (threads > 0 && Date.now() - startedAt >= timeBoxMs) {
                    return { done: false, threads };
                }
                await purgeDue(tracking, due, cutoff.getTime());
                threads += 1;
            }
        }
        await tracking.savePurgeProgress(day + 1);
    }
    return { done: true, threads };
}

export async function purgeExpiredRemovals(read: IRead, persistence: IPersistence): Promise<PurgeRun> {
    const { removalRetentionDays } = await readAppSettings(read);
    return runPurge(DeletionTracking.of(read, persistence), new Date(), removalRetentionDays);
}

async function runAndContinue(read: IRead, modify: IModify, persistence: IPersistence): Promise<void> {
    const run = await purgeExpiredRemovals(read, persistence);
    if (!run.done) {
        await modify.getScheduler().scheduleOnce({ id: PURGE_MORE_JOB_ID, when: new Date(Date.now() + PURGE_CONTINUE_AFTER_MS) });
    }
}

/** The daily job; the engine registers it once per cluster (docs/chat.syncThreadMessages.md#retention-and-the-purge-job). */
export function purgeProcessor(logger: ILogger): IProcessor {
    return {
        id: PURGE_JOB_ID,
        startupSetting: { type: StartupType.RECURRING, interval: '1 day' },
        processor: (_context, read, modify, _http, persistence) =>
            runHandler(logger, PURGE_JOB_ID, () => runAndContinue(read, modify, persistence)),
    };
}

/** A run with work left continues in this one-time job. */
export function purgeMoreProcessor(logger: ILogger): IProcessor {
    return {
        id: PURGE_MORE_JOB_ID,
        processor: (_context, read, modify, _http, persistence) =>
            runHandler(logger, PURGE_MORE_JOB_ID, () => runAndContinue(read, modify, persistence)),
    };
}
