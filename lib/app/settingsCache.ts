/**
 * A value reused for a few seconds at most, then loaded again (README.md#settings-cache). Concurrent
 * callers share one load; a failed load is not kept; `forget()` makes the next caller load afresh.
 */
export class ShortLivedValue<T> {
    private entry: { value: Promise<T>; expiresAt: number } | undefined;

    constructor(private readonly now: () => number = Date.now) {}

    /** The kept value while it is fresh, else the result of `load`, kept for the lifetime `load` returns (ms). */
    get(load: () => Promise<{ value: T; lifetimeMs: number }>): Promise<T> {
        const started = this.now();
        if (this.entry && started < this.entry.expiresAt) {
            return this.entry.value;
        }
        // Until the load settles, concurrent callers share it; its lifetime counts from the start (never longer).
        const entry = { expiresAt: Number.POSITIVE_INFINITY } as { value: Promise<T>; expiresAt: number };
        entry.value = load().then(
            ({ value, lifetimeMs }) => {
                entry.expiresAt = started + Math.max(0, lifetimeMs);
                return value;
            },
            (error: unknown) => {
                if (this.entry === entry) {
                    this.entry = undefined;
                }
                throw error;
            },
        );
        this.entry = entry;
        return entry.value;
    }

    forget(): void {
        this.entry = undefined;
    }
}
