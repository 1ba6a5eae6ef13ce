/**
 * Where deletion tracking may have a gap, for every thread (docs/chat.syncThreadMessages.md#trackingsince), pure:
 * the latest start of the app's runtime on any instance (events were lost before it) and the latest purge cutoff
 * applied (removals detected before it may be gone).
 */
import type { JsonObject } from '../json';
import { isPlainObject } from '../json';
import { timeOf } from '../sync';
import { DAY_MS } from './records';

export interface Coverage {
    /** Epoch ms of the latest start of the app's runtime on any instance. */
    readonly latestStart?: number;
    /** Epoch ms of the latest purge cutoff applied. */
    readonly purgedBefore?: number;
}

/** One start of the app's runtime (install, enable, update, respawn), on some instance. */
export interface RuntimeStartRecord {
    readonly kind: 'runtime-start';
    readonly key: string;
    readonly startedAt: string;
}

export interface PurgeCutoffRecord {
    readonly kind: 'purge-cutoff';
    readonly cutoff: string;
}

/** The oldest detection time the purge keeps; a thread not synced since before it has expired. */
export function purgeCutoff(now: Date, retentionDays: number): Date {
    return new Date(now.getTime() - retentionDays * DAY_MS);
}

/** The coverage records as read (one read for all of them). */
export function readCoverage(records: readonly unknown[]): Coverage & { starts: RuntimeStartRecord[] } {
    const starts = records.filter(
        (record): record is RuntimeStartRecord =>
            isPlainObject(record) &&
            record.kind === 'runtime-start' &&
            typeof record.key === 'string' &&
            !Number.isNaN(timeOf(record.startedAt)),
    );
    const cutoffs = records
        .filter((record) => isPlainObject(record) && record.kind === 'purge-cutoff')
        .map((record) => timeOf((record as JsonObject).cutoff))
        .filter((time) => !Number.isNaN(time));
    const startTimes = starts.map((start) => timeOf(start.startedAt));
    return {
        ...(startTimes.length > 0 ? { latestStart: Math.max(...startTimes) } : {}),
        ...(cutoffs.length > 0 ? { purgedBefore: Math.max(...cutoffs) } : {}),
        starts,
    };
}

/** Start records older than the latest one: only the latest matters, and removing older ones never removes it. */
export function supersededStarts(starts: readonly RuntimeStartRecord[]): string[] {
    const latest = Math.max(...starts.map((start) => timeOf(start.startedAt)));
    return starts.filter((start) => timeOf(start.startedAt) < latest).map((start) => start.key);
}

/** What a runtime's start-up job carries: the start it stores, whichever instance runs it. */
export interface RuntimeStart {
    readonly startedAt: Date;
    readonly key: string;
}

/** The start-up job's data (plain JSON, as a job collection stores it). */
export function runtimeStartJobData(start: RuntimeStart): { startedAt: string; key: string } {
    return { startedAt: start.startedAt.toISOString(), key: start.key };
}

/**
 * The start a start-up job's context carries, or none when it carries none that is well-formed (a job scheduled by an
 * older version, or run by hand): the host adds its own keys (core: `appId`, `jobId`), which are ignored.
 */
export function runtimeStartOfJob(context: unknown): RuntimeStart | undefined {
    if (!isPlainObject(context) || typeof context.key !== 'string' || !/^[\w-]{1,64}$/.test(context.key)) {
        return undefined;
    }
    const time = timeOf(context.startedAt);
    return Number.isNaN(time) ? undefined : { startedAt: new Date(time), key: context.key };
}
