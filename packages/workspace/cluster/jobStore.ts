import { randomId } from '../store/ids';
import { parseInterval } from '../bridges/interval';

/** An instance's scheduler, as the job store sees it: it runs the processors it has registered. */
export interface JobRunner {
    /** The instance's name ('A', 'B', …). */
    readonly name: string;
    /** Whether it can run the processor now: it registered it, and its engine holds the job's app. */
    has(processorId: string, appId: string): boolean;
    run(processorId: string, data: object | undefined): Promise<void>;
}

/** One occurrence of a job, as run. */
export interface JobRun {
    processorId: string;
    instance: string;
    startedAt: Date;
}

const RUN_HISTORY = 1000;
/** How often a due job that no live instance can run now is offered again. */
const WAITING_POLL_MS = 50;

interface StoredJob {
    id: string;
    appId: string;
    processorId: string;
    data?: object;
    /** Set for recurring jobs. */
    interval?: string | number;
    nextRunAt: number;
    timer?: NodeJS.Timeout;
    /** Locked by the instance running it (Agenda's `lockedAt`): a recurring job never overlaps itself. */
    runningOn?: string;
}

/** How a job names its processor: the engine's full id (`<job id>_<app id>`) or the app's job id alone. */
const matches = (processorId: string, wanted: string) => processorId === wanted || processorId.startsWith(`${wanted}_`);

/**
 * The cluster's one job collection, with the semantics of core's Agenda jobs (packages/workspace/README.md#several-instances):
 * - a recurring job is one job per processor: registering it again keeps its next run time;
 * - each one-time job is a job of its own, and is gone once it ran;
 * - each occurrence runs on one live instance that has the processor, round-robin unless the processor is pinned; a
 *   due job no live instance can run waits for one;
 * - jobs live in memory: they do not survive the workspace, only an instance restart.
 */
export class ClusterJobStore {
    private readonly runners: JobRunner[] = [];
    private readonly jobs = new Map<string, StoredJob>();
    private readonly pins = new Map<string, string>();
    private nextRunner = 0;
    private stopped = false;
    /** The latest occurrences run, oldest first (at most RUN_HISTORY): which instance ran what. */
    readonly runs: JobRun[] = [];

    /** An instance's scheduler joins (at its first processor registration); due jobs waiting for it run now. */
    attach(runner: JobRunner): void {
        if (!this.runners.includes(runner)) {
            this.runners.push(runner);
        }
        this.runWaiting();
    }

    /** An instance stopped: nothing more runs on it. Its jobs stay, as in the database. */
    detach(runner: JobRunner): void {
        const index = this.runners.indexOf(runner);
        if (index >= 0) {
            this.runners.splice(index, 1);
        }
    }

    /**
     * Every later occurrence of the processor (full id or job id) runs on the instance `name`, and waits for it;
     * `undefined` lets the instances take turns again.
     */
    pin(processorId: string, name: string | undefined): void {
        if (name === undefined) {
            this.pins.delete(processorId);
        } else {
            this.pins.set(processorId, name);
        }
        this.runWaiting();
    }

    scheduleOnce(appId: string, processorId: string, when: Date | string, data?: object): string {
        // Agenda takes a date or a human delay ("10 seconds") for `when`.
        const at = when instanceof Date ? when.getTime() : Date.parse(when);
        const runAt = Number.isNaN(at) ? Date.now() + parseInterval(String(when)) : at;
        const job: StoredJob = { id: randomId(), appId, processorId, data, nextRunAt: runAt };
        this.jobs.set(job.id, job);
        this.arm(job);
        return job.id;
    }

    /** Agenda's `every`: upserted by processor; a job already stored keeps its next run time. */
    scheduleRecurring(
        appId: string,
        processorId: string,
        interval: string | number,
        options: { skipImmediate?: boolean; data?: object } = {},
    ): string {
        const period = parseInterval(interval);
        const existing = [...this.jobs.values()].find((job) => job.processorId === processorId && job.interval !== undefined);
        if (existing) {
            Object.assign(existing, { appId, interval, data: options.data });
            return existing.id;
        }
        const job: StoredJob = {
            id: randomId(),
            appId,
            processorId,
            data: options.data,
            interval,
            nextRunAt: Date.now() + (options.skipImmediate ? period : 0),
        };
        this.jobs.set(job.id, job);
        this.arm(job);
        return job.id;
    }

    /** Whether a one-time job of the processor is still to run (core schedules a start-up job only when none is). */
    hasPendingOnce(processorId: string): boolean {
        return [...this.jobs.values()].some((job) => job.processorId === processorId && job.interval === undefined);
    }

    /** Core cancels by job name: every job of the processor. */
    cancel(processorId: string): void {
        for (const job of [...this.jobs.values()]) {
            if (job.processorId === processorId) {
                this.remove(job);
            }
        }
    }

    cancelAll(appId: string): void {
        for (const job of [...this.jobs.values()]) {
            if (job.appId === appId) {
                this.remove(job);
            }
        }
    }

    /** The recurring jobs stored, so tests and docs can see an app's jobs. */
    recurring(appId?: string): Array<{ id: string; interval: string | number }> {
        return [...this.jobs.values()]
            .filter((job) => job.interval !== undefined && (appId === undefined || job.appId === appId))
            .map((job) => ({ id: job.processorId, interval: job.interval! }));
    }

    /**
     * Runs a pending one-time job of the processor now instead of at its time, on the instance that would run it
     * (it still runs once); resolves false when none is pending or no live instance has the processor.
     */
    async runPendingNow(processorId: string): Promise<boolean> {
        const pendingOnce = (job: StoredJob) => job.processorId === processorId && job.interval === undefined;
        return (await this.runEarly(pendingOnce)) !== undefined;
    }

    /**
     * Runs the next occurrence of the processor's job (full id or job id) now, on the instance that would run it, and
     * resolves with that instance's name; a recurring job's next run is then one interval from now. Throws when no
     * job of it is stored or no live instance can run it.
     */
    async runNext(processorId: string): Promise<string> {
        const name = await this.runEarly((job) => matches(job.processorId, processorId));
        if (name === undefined) {
            throw new Error(`No job of ${processorId} that a live instance can run now`);
        }
        return name;
    }

    /** Runs the first job `wanted` picks that is not running now; resolves with the instance, or none. */
    private async runEarly(wanted: (job: StoredJob) => boolean): Promise<string | undefined> {
        const job = [...this.jobs.values()].find((candidate) => wanted(candidate) && candidate.runningOn === undefined);
        const runner = job && this.runnerFor(job);
        if (!job || !runner) {
            return undefined;
        }
        await this.execute(job, runner);
        return runner.name;
    }

    /** What keeps the cluster from being settled: due jobs waiting for an instance, and jobs running. */
    pending(): string[] {
        const now = Date.now();
        return [...this.jobs.values()]
            .filter((job) => job.runningOn !== undefined || job.nextRunAt <= now)
            .map((job) =>
                job.runningOn !== undefined ? `job ${job.processorId} running on ${job.runningOn}` : `job ${job.processorId} due`,
            );
    }

    /** The workspace closes: no job runs after this, and one cut short is no failure. */
    stop(): void {
        this.stopped = true;
        for (const job of this.jobs.values()) {
            clearTimeout(job.timer);
        }
        this.jobs.clear();
    }

    get isStopped(): boolean {
        return this.stopped;
    }

    private remove(job: StoredJob): void {
        clearTimeout(job.timer);
        this.jobs.delete(job.id);
    }

    private arm(job: StoredJob): void {
        clearTimeout(job.timer);
        job.timer = setTimeout(() => this.due(job), Math.max(0, job.nextRunAt - Date.now()));
        job.timer.unref();
    }

    /** The instance that runs the job's next occurrence, or none now (the job waits). */
    private runnerFor(job: StoredJob): JobRunner | undefined {
        const pinned = [...this.pins].find(([processorId]) => matches(job.processorId, processorId))?.[1];
        const able = this.runners.filter((runner) => runner.has(job.processorId, job.appId));
        if (pinned !== undefined) {
            return able.find((runner) => runner.name === pinned);
        }
        if (able.length === 0) {
            return undefined;
        }
        this.nextRunner = (this.nextRunner + 1) % able.length;
        return able[this.nextRunner];
    }

    private due(job: StoredJob): void {
        if (this.stopped || this.jobs.get(job.id) !== job || job.runningOn !== undefined) {
            return;
        }
        const runner = this.runnerFor(job);
        if (runner) {
            void this.execute(job, runner);
        } else {
            // As Agenda's polling: look again shortly (an instance may be loading the app, or restarting it).
            job.timer = setTimeout(() => this.due(job), WAITING_POLL_MS);
            job.timer.unref();
        }
    }

    private runWaiting(): void {
        const now = Date.now();
        for (const job of this.jobs.values()) {
            if (job.nextRunAt <= now && job.runningOn === undefined) {
                this.due(job);
            }
        }
    }

    private async execute(job: StoredJob, runner: JobRunner): Promise<void> {
        clearTimeout(job.timer);
        job.runningOn = runner.name;
        this.runs.push({ processorId: job.processorId, instance: runner.name, startedAt: new Date() });
        this.runs.splice(0, this.runs.length - RUN_HISTORY);
        if (job.interval !== undefined) {
            job.nextRunAt = Date.now() + parseInterval(job.interval);
        }
        try {
            await runner.run(job.processorId, job.data);
        } catch (error) {
            if (!this.stopped) {
                console.error(`[workspace] scheduled job ${job.processorId} failed on instance ${runner.name}:`, error);
            }
        } finally {
            job.runningOn = undefined;
            if (job.interval === undefined) {
                this.jobs.delete(job.id);
            } else if (this.jobs.get(job.id) === job && !this.stopped) {
                this.arm(job);
            }
        }
    }
}
