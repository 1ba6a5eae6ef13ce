import type { IOnetimeSchedule, IProcessor, IRecurringSchedule } from '@rocket.chat/apps-engine/definition/scheduler';
import { StartupType } from '@rocket.chat/apps-engine/definition/scheduler';
import { SchedulerBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { ClusterJobStore, JobRunner } from '../cluster/jobStore';

/**
 * Core runs app jobs with Agenda, one job collection for the cluster. Here each instance's bridge keeps its own
 * processors (Agenda's `define`) and schedules into the cluster's `ClusterJobStore`, which picks the instance that
 * runs each occurrence. Human intervals ("10 minutes", "1 day") or milliseconds; cron expressions are refused with a
 * clear error. Jobs do not survive the workspace.
 */
export class WorkspaceSchedulerBridge extends SchedulerBridge implements JobRunner {
    private readonly processors = new Map<string, IProcessor>();
    /** Set when the instance stops (or the workspace closes): no job runs here after that, and none is scheduled. */
    private stopped = false;

    /**
     * `holdsApp`: whether this instance's runtime of the app is up now. An instance that has not loaded an app yet (a
     * broadcast still on its way), has removed it, or is replacing its process (an update, a respawn) runs none of
     * its jobs, though its processors stay registered.
     */
    constructor(
        private readonly store: ClusterJobStore,
        readonly name: string,
        private readonly holdsApp: (appId: string) => boolean,
    ) {
        super();
    }

    /** The recurring jobs now stored (for the whole cluster), so tests and docs can see the app's jobs. */
    get recurring(): Array<{ id: string; interval: string | number }> {
        return this.store.recurring();
    }

    has(processorId: string, appId: string): boolean {
        return !this.stopped && this.processors.has(processorId) && this.holdsApp(appId);
    }

    run(processorId: string, data: object | undefined): Promise<void> {
        return this.runNow(processorId, data);
    }

    /** Runs a registered job on this instance now, as the scheduler would when it is due. */
    runNow(processorId: string, data?: object): Promise<void> {
        const processor = this.processors.get(processorId);
        if (!processor) {
            return Promise.reject(new Error(`No processor ${processorId}`));
        }
        // The engine wraps each processor into a function of the job context only (AppSchedulerManager).
        return (processor.processor as (context: object) => Promise<void>)({ ...data });
    }

    /**
     * Runs a pending one-time job of `processorId` now instead of at its time (it still runs once); resolves false
     * when none is pending. Lets a benchmark follow a job that reschedules itself without waiting, and without a
     * second run overlapping the first.
     */
    runPendingNow(processorId: string): Promise<boolean> {
        return this.store.runPendingNow(processorId);
    }

    /**
     * As core: a processor with a `startupSetting` is scheduled as soon as it is registered; a one-time one only when
     * no job of it is pending, and a recurring one keeps the next run time it has in the store.
     */
    protected async registerProcessors(processors: IProcessor[], appId: string): Promise<string[]> {
        const jobIds: string[] = [];
        for (const processor of processors) {
            this.processors.set(processor.id, processor);
        }
        if (this.stopped) {
            return jobIds;
        }
        this.store.attach(this);
        for (const processor of processors) {
            const startup = processor.startupSetting;
            if (startup?.type === StartupType.RECURRING) {
                jobIds.push(
                    this.store.scheduleRecurring(appId, processor.id, startup.interval, {
                        skipImmediate: startup.skipImmediate,
                        data: startup.data,
                    }),
                );
            } else if (startup?.type === StartupType.ONETIME && !this.store.hasPendingOnce(processor.id)) {
                jobIds.push(this.store.scheduleOnce(appId, processor.id, startup.when, startup.data));
            }
        }
        return jobIds;
    }

    protected async scheduleOnce(job: IOnetimeSchedule, appId: string): Promise<string | undefined> {
        return this.stopped ? undefined : this.store.scheduleOnce(appId, job.id, job.when, job.data);
    }

    protected async scheduleRecurring(job: IRecurringSchedule, appId: string): Promise<string | undefined> {
        return this.stopped
            ? undefined
            : this.store.scheduleRecurring(appId, job.id, job.interval, { skipImmediate: job.skipImmediate, data: job.data });
    }

    protected async cancelJob(jobId: string): Promise<void> {
        if (!this.stopped) {
            this.store.cancel(jobId);
        }
    }

    protected async cancelAllJobs(appId: string): Promise<void> {
        if (!this.stopped) {
            this.store.cancelAll(appId);
        }
    }

    /** The instance stops: it runs and schedules nothing more, and what its engine does while stopping (a disable
     * cancels the app's jobs) leaves the cluster's jobs alone. */
    stop(): void {
        this.stopped = true;
        this.store.detach(this);
    }
}
