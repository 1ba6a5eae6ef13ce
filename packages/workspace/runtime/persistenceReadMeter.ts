/** What the engine's persistence reads returned so far (../../../bench/README.md#deletion-tracking-issue-18). */
export interface PersistenceReadUsage {
    /** Reads (by id or by associations) since metering started. */
    reads: number;
    /** UTF-8 bytes of every read's answer (the records' `data` as JSON), summed. */
    readBytes: number;
    /** The largest single read's answer, in UTF-8 JSON bytes. */
    largestRead: number;
    /** Removals by association: core finds and returns every record it deletes, so each is a read too. */
    removals: number;
    removedBytes: number;
    /** The largest single removal's answer, in UTF-8 JSON bytes. */
    largestRemoval: number;
}

type Counter = keyof PersistenceReadUsage;

const ZERO: PersistenceReadUsage = { reads: 0, readBytes: 0, largestRead: 0, removals: 0, removedBytes: 0, largestRemoval: 0 };

/**
 * Sizes of what the persistence bridge answers, for benchmarks: off until started, because measuring serialises every
 * answer once more (work a request would otherwise not do in the workspace).
 */
export class PersistenceReadMeter {
    private usage: PersistenceReadUsage | undefined;

    /** Starts (or restarts) metering from zero. */
    start(): void {
        this.usage = { ...ZERO };
    }

    stop(): void {
        this.usage = undefined;
    }

    get running(): boolean {
        return this.usage !== undefined;
    }

    reading(): PersistenceReadUsage {
        return { ...(this.usage ?? ZERO) };
    }

    read(answer: unknown): void {
        this.add(answer, 'reads', 'readBytes', 'largestRead');
    }

    removal(answer: unknown): void {
        this.add(answer, 'removals', 'removedBytes', 'largestRemoval');
    }

    private add(answer: unknown, count: Counter, bytes: Counter, largest: Counter): void {
        const usage = this.usage;
        if (usage) {
            const size = answer === undefined ? 0 : Buffer.byteLength(JSON.stringify(answer));
            usage[count] += 1;
            usage[bytes] += size;
            usage[largest] = Math.max(usage[largest], size);
        }
    }
}
