const UNIT_MS: { [unit: string]: number } = {
    millisecond: 1,
    second: 1000,
    minute: 60_000,
    hour: 3_600_000,
    day: 86_400_000,
    week: 604_800_000,
};

/** Agenda's human intervals ("30 seconds", "1 day"), or a number of milliseconds. */
export function parseInterval(interval: string | number): number {
    if (typeof interval === 'number' || /^\d+$/.test(interval)) {
        return Number(interval);
    }
    const match = /^\s*(\d+(?:\.\d+)?)\s*(millisecond|second|minute|hour|day|week)s?\s*$/i.exec(interval);
    if (!match) {
        throw new Error(`The workspace scheduler understands "<n> <unit>" intervals only, not "${interval}"`);
    }
    return Number(match[1]) * UNIT_MS[match[2].toLowerCase()];
}
