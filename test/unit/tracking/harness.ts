import type { MessageDoc } from '../../../lib/sync/threadSnapshot';
import { DAY_MS } from '../../../lib/tracking/records';
import type { LedgerEntry } from '../../../lib/tracking/records';
import { runPurge } from '../../../handlers/purgeExpiredRemovals';
import { DeletionTracking } from '../../../storage/deletionTracking';
import type { FakePersistence } from './fakePersistence';

export const T0 = Date.parse('2024-01-01T12:00:00.000Z');
export const RETENTION_DAYS = 30;

export const reply = (id: string, tmid = 'T', sender = 'u1'): MessageDoc => ({
    _id: id,
    rid: 'ROOM',
    tmid,
    msg: 'text',
    ts: new Date(T0),
    u: { _id: sender, username: `name-${sender}` },
    _updatedAt: new Date(T0),
});

/** The thread as the host holds it: a set of reply ids. */
export class Thread {
    readonly ids = new Set<string>();
    constructor(readonly tmid = 'T') {}
    snapshot(): MessageDoc[] {
        return [...this.ids].map((id) => reply(id, this.tmid));
    }
}

/** A clock tests move: days after T0. */
export class Clock {
    time = T0;
    readonly now = () => new Date(this.time);
    days(count: number): void {
        this.time += count * DAY_MS;
    }
}

export const trackingOf = (store: FakePersistence) => new DeletionTracking(store.reader, store.writer);

/** What the endpoint does for one sync: ledger before snapshot, then observe and commit. */
export function sync(
    store: FakePersistence,
    thread: Thread,
    clock = new Clock(),
    beforeSnapshot: () => Promise<void> = async () => {},
) {
    return trackingOf(store).observe(
        thread.tmid,
        async () => {
            await beforeSnapshot();
            return thread.snapshot();
        },
        { retentionDays: RETENTION_DAYS, clock: clock.now },
    );
}

export const ids = (entries: readonly LedgerEntry[]) => entries.map((entry) => entry._id).sort();

export const identity = (id: string, tmid = 'T'): LedgerEntry => ({
    _id: id,
    rid: 'ROOM',
    tmid,
    ts: T0,
    u: { _id: 'u1', username: 'name-u1' },
});

export const purge = (store: FakePersistence, clock: Clock, timeBoxMs?: number) =>
    runPurge(trackingOf(store), clock.now(), RETENTION_DAYS, timeBoxMs);

/** The records' `data` as UTF-8 JSON bytes (total, largest). */
export function sizeOf(store: FakePersistence): { bytes: number; largest: number; records: number } {
    const sizes = store.records.map((record) => Buffer.byteLength(JSON.stringify(record.data)));
    return { bytes: sizes.reduce((a, b) => a + b, 0), largest: Math.max(0, ...sizes), records: sizes.length };
}
