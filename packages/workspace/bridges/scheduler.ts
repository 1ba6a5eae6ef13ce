import type { IOnetimeSchedule, IProcessor, IRecurringSchedule } from '@rocket.chat/apps-engine/definition/scheduler';
import { StartupType } from '@rocket.chat/apps-engine/definition/scheduler';
import { SchedulerBridge } from '@rocket.chat/apps-engine/server/bridges';

import { randomId } from '../store/ids';
import { parseInterval } from './interval';

interface ScheduledJob {
    appId: string;
    processorId: string;
    timer: NodeJS.Timeout;
    /** The job's data, handed to its processor. */
    data?: object;
    /** Set for recurring jobs. */
    interval?: string | number;
}

/**
 * Core runs app jobs with Agenda. Here: timers in this process, human intervals ("10 minutes", "1 day") or
 * milliseconds; cron expressions are refused with a clear error. Jobs do not survive a workspace restart.
 */
export class WorkspaceSchedulerBridge extends SchedulerBridge {
    private readonly processors = new Map<string, IProcessor>();
    private readonly jobs = new Map<string, ScheduledJob>();
    /** Set by stopAll when the workspace closes: no job runs after that, and one it cut short is no failure. */
    private stopped = false;
    /** The recurring jobs now scheduled, so tests and docs can see the app's jobs. */
    get recurring(): Array<{ id: string; interval: string | number }> {
        return [...this.jobs.values()]
            .filter((job) => job.interval !== undefined)
            .map((job) => ({ id: job.processorId, interval: job.interval! }));
    }

    /** Runs a registered job now, as the scheduler would when it is due. */
    runNow(processorId: string, data?: object): Promise<void> {
        const processor = this.processors.get(processorId);
        if (!processor) {
            return Promise.reject(new Error(`No processor ${processorId}`));
        }
        // The engine wraps each processor into a function of the job context only (AppSchedulerManager).
        return (processor.processor as (context: object) => Promise<void>)({ ...data });
    }

    /** Takes a job off the schedule. */
    private drop(jobId: string, job: ScheduledJob): void {
        clearTimeout(job.timer);
        this.jobs.delete(jobId);
    }

    /**
     * Runs a pending one-time job of `processorId` now instead of at its time (its timer is cancelled, so it still
     * runs once); resolves false when none is pending. Lets a benchmark follow a job that reschedules itself without
     * waiting, and without a second run overlapping the first.
     */
    async runPendingNow(processorId: string): Promise<boolean> {
        for (const [jobId, job] of this.jobs) {
            if (job.processorId === processorId && job.interval === undefined) {
                this.drop(jobId, job);
                await this.runNow(processorId, job.data);
                return true;
            }
        }
        return false;
    }

    /** As core: a processor with a `startupSetting` is scheduled as soon as it is registered. */
    protected async registerProcessors(processors: IProcessor[], appId: string): Promise<string[]> {
        const jobIds: string[] = [];
        for (const processor of processors) {
            this.processors.set(processor.id, processor);
            const startup = processor.startupSetting;
            if (startup?.type === StartupType.RECURRING) {
                jobIds.push(
                    await this.scheduleRecurring(
                        {
                            id: processor.id,
                            interval: startup.interval,
                            skipImmediate: startup.skipImmediate,
                            data: startup.data,
                        },
                        appId,
                    ),
                );
            } else if (startup?.type === StartupType.ONETIME) {
                jobIds.push(await this.scheduleOnce({ id: processor.id, when: startup.when, data: startup.data }, appId));
            }
        }
        return jobIds;
    }

    private run(job: { id: string; data?: object }): void {
        if (this.stopped || !this.processors.has(job.id)) {
            return;
        }
        this.runNow(job.id, job.data).catch((error: unknown) => {
            if (!this.stopped) {
                console.error(`[workspace] scheduled job ${job.id} failed:`, error);
            }
        });
    }

    protected async scheduleOnce(job: IOnetimeSchedule, appId: string): Promise<string> {
        const jobId = randomId();
        // Agenda takes a date or a human delay ("10 seconds") for `when`.
        const at = job.when instanceof Date ? job.when.getTime() : Date.parse(job.when);
        const delay = Number.isNaN(at) ? parseInterval(String(job.when)) : Math.max(0, at - Date.now());
        const timer = setTimeout(() => {
            this.jobs.delete(jobId);
            this.run(job);
        }, delay);
        timer.unref();
        this.jobs.set(jobId, { appId, processorId: job.id, timer, data: job.data });
        return jobId;
    }

    /** Agenda's `every`: one recurring job per processor; scheduling it again replaces it (e.g. on re-enable). */
    protected async scheduleRecurring(job: IRecurringSchedule, appId: string): Promise<string> {
        for (const [jobId, existing] of this.jobs) {
            if (existing.processorId === job.id && existing.interval !== undefined) {
                this.drop(jobId, existing);
            }
        }
        const jobId = randomId();
        const timer = setInterval(() => this.run(job), parseInterval(job.interval));
        timer.unref();
        this.jobs.set(jobId, { appId, processorId: job.id, timer, interval: job.interval });
        if (!job.skipImmediate) {
            this.run(job);
        }
        return jobId;
    }

    protected async cancelJob(jobId: string): Promise<void> {
        const job = this.jobs.get(jobId);
        if (job) {
            this.drop(jobId, job);
        }
    }

    protected async cancelAllJobs(appId: string): Promise<void> {
        for (const [jobId, job] of this.jobs) {
            if (job.appId === appId) {
                this.drop(jobId, job);
            }
        }
    }

    stopAll(): void {
        this.stopped = true;
        for (const job of this.jobs.values()) {
            clearTimeout(job.timer);
        }
        this.jobs.clear();
    }
}
