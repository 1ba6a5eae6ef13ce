/** Timing helpers for the benchmarks: sequential calls, wall-clock per call, order statistics. */
import { performance } from 'node:perf_hooks';

export interface Sample {
    /** Per-call durations in ms, in call order. */
    readonly times: number[];
    readonly median: number;
    readonly p90: number;
    readonly min: number;
    readonly max: number;
}

/** Nearest-rank percentile of an ascending array (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
    if (sorted.length === 0) {
        return Number.NaN;
    }
    const rank = Math.ceil((p / 100) * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarize(times: number[]): Sample {
    const sorted = [...times].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    return { times, median, p90: percentile(sorted, 90), min: sorted[0], max: sorted[sorted.length - 1] };
}

export interface MeasureOptions {
    warmup: number;
    /** Stop warming up after this many ms once `minWarmup` calls are done. */
    warmupBudgetMs: number;
    minWarmup: number;
    samples: number;
    /** Stop measuring after this many ms once `minSamples` calls are in (keeps slow cases bounded). */
    budgetMs: number;
    minSamples: number;
}

/** Times one call (ms). */
export async function timeOnce(call: () => Promise<void>): Promise<number> {
    const start = performance.now();
    await call();
    return performance.now() - start;
}

async function warmUp(call: () => Promise<void>, options: MeasureOptions): Promise<void> {
    const warming = performance.now();
    for (let i = 0; i < options.warmup; i++) {
        await call();
        if (i + 1 >= options.minWarmup && performance.now() - warming > options.warmupBudgetMs) {
            break;
        }
    }
}

/** Runs `call` sequentially: warm-ups first (not recorded), then up to `samples` timed calls. */
export async function measure(call: () => Promise<void>, options: MeasureOptions): Promise<Sample> {
    await warmUp(call, options);
    const times: number[] = [];
    const started = performance.now();
    while (times.length < options.samples) {
        times.push(await timeOnce(call));
        if (times.length >= options.minSamples && performance.now() - started > options.budgetMs) {
            break;
        }
    }
    return summarize(times);
}

export interface Paired {
    sample: Sample;
    /** The reference calls made between the measured ones, in the same stretch of time. */
    reference: Sample;
}

/**
 * Like `measure`, but after each timed call also times `referencePerCall` calls of `reference`, so that a row's ratio
 * compares it with the baseline as fast as the machine was during that very row (bursty load and drift cancel out).
 */
export async function measurePaired(
    call: () => Promise<void>,
    reference: () => Promise<void>,
    options: MeasureOptions & { referencePerCall: number },
): Promise<Paired> {
    await warmUp(call, options);
    const times: number[] = [];
    const referenceTimes: number[] = [];
    const started = performance.now();
    while (times.length < options.samples) {
        times.push(await timeOnce(call));
        for (let i = 0; i < options.referencePerCall; i++) {
            referenceTimes.push(await timeOnce(reference));
        }
        if (times.length >= options.minSamples && performance.now() - started > options.budgetMs) {
            break;
        }
    }
    return { sample: summarize(times), reference: summarize(referenceTimes) };
}
