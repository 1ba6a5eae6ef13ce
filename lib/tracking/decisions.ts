/**
 * Deletion tracking's decisions, pure (docs/chat.syncThreadMessages.md#deletion-tracking): what a sync
 * writes after observing a thread, what `remove` and `trackingSince` say, what the purge drops. Shards are never
 * overwritten: a changed slot is written as a new record, then exactly the records it merged are removed, so a
 * concurrent writer never loses an entry (readers union a slot's versions). storage/deletionTracking.ts only moves
 * records.
 */
import type { MessageDoc } from '../sync';
import type { Coverage } from './coverage';
import type { DueData, EventData, LedgerEntry, MarkerData, ShardData } from './records';
import { dayOf, eventEntry, identityOf, isEvent, isMarker, isShard, MAX_RECORD_BYTES } from './records';
import { packShards, shardEntries, unionOf } from './shards';

/** The thread's current epoch: tracked since `c`, last synced on day `day`. */
export interface EpochState {
    readonly e: string;
    readonly c: number;
    readonly day: number;
    readonly observedAt: readonly number[];
    readonly markerKeys: readonly string[];
}

/** A thread's ledger as read: the current epoch's marker, shards (versions per slot) and event records. */
export interface ThreadLedger {
    readonly tmid: string;
    /** undefined: untracked, or its epoch expired (not synced since before the purge cutoff's day). */
    readonly current?: EpochState;
    readonly slots: ReadonlyMap<number, readonly ShardData[]>;
    readonly events: readonly EventData[];
}

function epochsOf(tmid: string, records: readonly unknown[]): EpochState[] {
    const byEpoch = new Map<string, MarkerData[]>();
    for (const record of records) {
        if (isMarker(record) && record.tmid === tmid) {
            byEpoch.set(record.e, [...(byEpoch.get(record.e) ?? []), record]);
        }
    }
    return [...byEpoch.entries()].map(([e, markers]) => ({
        e,
        c: Math.min(...markers.map((marker) => marker.c)),
        day: Math.max(...markers.map((marker) => marker.d)),
        observedAt: markers.flatMap((marker) => marker.o.filter((time) => Number.isFinite(time))),
        markerKeys: markers.map((marker) => marker.key),
    }));
}

/** The newest epoch still alive (synced on or after `expiredBeforeDay`), among the markers read. */
export function currentEpoch(tmid: string, records: readonly unknown[], expiredBeforeDay: number): EpochState | undefined {
    return epochsOf(tmid, records)
        .filter((epoch) => epoch.day >= expiredBeforeDay)
        .sort((a, b) => b.c - a.c || (a.e < b.e ? 1 : -1))[0];
}

/** Merges what one read of the thread returned (foreign and malformed data, other epochs, 0.2.0 records: ignored). */
export function readThread(tmid: string, records: readonly unknown[], expiredBeforeDay: number): ThreadLedger {
    const current = currentEpoch(tmid, records, expiredBeforeDay);
    const slots = new Map<number, ShardData[]>();
    const events: EventData[] = [];
    for (const record of current ? records : []) {
        if (isShard(record) && record.tmid === tmid && record.e === current!.e) {
            slots.set(record.n, [...(slots.get(record.n) ?? []), record]);
        } else if (isEvent(record) && record.tmid === tmid && record.e === current!.e) {
            events.push(record);
        }
    }
    return { tmid, current, slots, events };
}

/** A new epoch's marker: written BEFORE the first snapshot, so reply events from then on are recorded. */
export function startEpoch(tmid: string, now: Date, epoch: string, key: string): MarkerData {
    return { k: 'marker', tmid, e: epoch, c: now.getTime(), d: dayOf(now.getTime()), o: [], key };
}

export function epochOf(marker: MarkerData): EpochState {
    return { e: marker.e, c: marker.c, day: marker.d, observedAt: marker.o, markerKeys: [marker.key] };
}

export function dueData(tmid: string, epoch: string, w: DueData['w'], day: number): DueData {
    return { k: 'due', t: tmid, e: epoch, w, d: day };
}

/** What a sync writes (shards and marker first, then removals), and what it answers. */
export interface SyncPlan {
    readonly shards: readonly ShardData[];
    readonly marker?: MarkerData;
    /** Shard, event and marker records merged into what is written: removed once it is written. */
    readonly consumedKeys: readonly string[];
    readonly due: readonly DueData[];
    readonly staleDue: readonly DueData[];
    /** Every removal known for the thread, this sync's included. */
    readonly removed: readonly LedgerEntry[];
    readonly trackingSince: Date;
}

function firstObservationSince(epoch: EpochState, coverage: Coverage): number | undefined {
    const start = coverage.latestStart ?? -Infinity;
    const times = epoch.observedAt.filter((time) => time >= start);
    return times.length > 0 ? Math.min(...times) : undefined;
}

/** Where each reply of the current shards lives, and the removals they hold (per slot, for convergence). */
function indexSlots(slots: ThreadLedger['slots']) {
    /** First slot holding each reply; `more`: further slots (only after racing writers appended the same reply). */
    const where = new Map<string, number>();
    const more = new Map<string, number[]>();
    const removedAt = new Map<string, number>();
    const marks = new Map<string, Map<number, number>>();
    for (const [n, versions] of slots) {
        for (const shard of versions) {
            for (const id of shard.i) {
                const first = where.get(id);
                if (first === undefined) {
                    where.set(id, n);
                } else if (first !== n && !(more.get(id) ?? []).includes(n)) {
                    more.set(id, [...(more.get(id) ?? []), n]);
                }
            }
            for (const [index, time] of shard.x) {
                const id = shard.i[index];
                removedAt.set(id, Math.max(removedAt.get(id) ?? -Infinity, time));
                const own = marks.get(id) ?? new Map<number, number>();
                own.set(n, Math.max(own.get(n) ?? -Infinity, time));
                marks.set(id, own);
            }
        }
    }
    const holders = (id: string): number[] => {
        const first = where.get(id);
        return first === undefined ? [] : [first, ...(more.get(id) ?? [])];
    };
    return { where, holders, removedAt, marks };
}

/**
 * A sync's decision for one thread (its current epoch). `ledger` was read BEFORE the snapshot was taken (a reply learned
 * by a concurrent writer after the snapshot would otherwise look deleted); `replies` is the COMPLETE snapshot (so
 * "missing" means "hard-deleted"); `observedAt` is taken after it returned.
 *
 * `trackingSince` = max(first complete observation of this epoch since the latest runtime start (this one, if none is
 * stored), the applied purge cutoff).
 */
export function observeThread(
    ledger: ThreadLedger,
    replies: readonly MessageDoc[],
    observedAt: Date,
    coverage: Coverage,
    newKey: () => string,
): SyncPlan {
    const epoch = ledger.current!;
    const { tmid } = ledger;
    const at = observedAt.getTime();
    const today = dayOf(at);
    const dropBefore = coverage.purgedBefore ?? -Infinity;
    const { where, holders, removedAt, marks } = indexSlots(ledger.slots);
    const dirty = new Set<number>();
    for (const [n, versions] of ledger.slots) {
        if (versions.length > 1) {
            dirty.add(n);
        }
    }
    /** Replies in no shard yet (from events or the snapshot), in order. */
    const pending = new Map<string, LedgerEntry>();
    const newRemovalDays = new Set<number>();
    for (const entry of ledger.events.map(eventEntry)) {
        const removal = entry.removedAt ?? -Infinity;
        if (where.has(entry._id)) {
            if (removal > (removedAt.get(entry._id) ?? -Infinity)) {
                removedAt.set(entry._id, removal);
            }
            continue;
        }
        const other = pending.get(entry._id);
        pending.set(entry._id, removal > (other?.removedAt ?? -Infinity) ? entry : (other ?? entry));
    }
    const present = new Set<string>();
    for (const reply of replies) {
        const id = reply._id;
        if (typeof id !== 'string') {
            continue;
        }
        present.add(id);
        if (!where.has(id) && !pending.has(id)) {
            const identity = identityOf(reply, tmid);
            if (identity) {
                pending.set(id, identity);
            }
        }
    }
    for (const id of where.keys()) {
        if (!present.has(id) && !removedAt.has(id)) {
            removedAt.set(id, at);
        }
    }
    for (const [id, entry] of pending) {
        if (!present.has(id) && entry.removedAt === undefined) {
            pending.set(id, { ...entry, removedAt: at });
        }
    }
    // A slot holding a removed reply without its latest detection time is rewritten (new removals, merged events).
    for (const [id, time] of removedAt) {
        for (const n of holders(id)) {
            if (marks.get(id)?.get(n) !== time) {
                dirty.add(n);
                newRemovalDays.add(dayOf(time));
            }
        }
    }
    [...pending.values()].forEach((entry) => entry.removedAt !== undefined && newRemovalDays.add(dayOf(entry.removedAt)));

    const slotNumbers = [...ledger.slots.keys()].sort((a, b) => a - b);
    const last = slotNumbers.length > 0 ? slotNumbers[slotNumbers.length - 1] : 0;
    const settle = (entry: LedgerEntry): LedgerEntry | undefined => {
        const time = removedAt.get(entry._id) ?? entry.removedAt;
        if (time !== undefined && time < dropBefore) {
            return undefined; // purged: removal and known entry go together
        }
        return time !== undefined ? { ...entry, removedAt: time } : entry;
    };
    const shards: ShardData[] = [];
    const consumedKeys: string[] = [];
    const tail: LedgerEntry[] = [];
    for (const n of slotNumbers.filter((slot) => dirty.has(slot) && slot !== last)) {
        const versions = ledger.slots.get(n)!;
        const kept = unionOf(versions).flatMap((entry) => settle(entry) ?? []);
        const [first, ...overflow] = packShards(tmid, epoch.e, n, kept, newKey);
        shards.push(first ?? emptyShard(versions[0], newKey()));
        overflow.forEach((shard) => tail.push(...shardEntries(shard)));
        consumedKeys.push(...versions.map((shard) => shard.key));
    }
    tail.push(...[...pending.values()].flatMap((entry) => settle(entry) ?? []));
    const lastVersions = ledger.slots.get(last) ?? [];
    if (tail.length > 0 || dirty.has(last)) {
        const kept = unionOf(lastVersions).flatMap((entry) => settle(entry) ?? []);
        const packed = packShards(tmid, epoch.e, last, [...kept, ...tail], newKey);
        const unchanged =
            !dirty.has(last) &&
            lastVersions.length === 1 &&
            kept.length === lastVersions[0].i.length &&
            packed[0]?.i.length === kept.length;
        if (unchanged) {
            packed.shift(); // the last slot only gained a successor: it stays as it is
        } else {
            consumedKeys.push(...lastVersions.map((shard) => shard.key));
            if (packed.length === 0 && lastVersions.length > 0) {
                packed.push(emptyShard(lastVersions[0], newKey()));
            }
        }
        shards.push(...packed);
    }
    consumedKeys.push(...ledger.events.map((event) => event.key));

    const firstObservation = firstObservationSince(epoch, coverage);
    const start = coverage.latestStart ?? -Infinity;
    const needsMarker = firstObservation === undefined || epoch.day < today || epoch.markerKeys.length > 1;
    const marker: MarkerData | undefined = needsMarker
        ? {
              k: 'marker',
              tmid,
              e: epoch.e,
              c: epoch.c,
              d: Math.max(today, epoch.day),
              o: firstObservation === undefined ? [at] : [firstObservation].filter((time) => time >= start),
              key: newKey(),
          }
        : undefined;
    const removed = [
        ...unionOfAll(ledger.slots, removedAt).filter((entry) => entry.removedAt! >= dropBefore),
        ...[...pending.values()].filter((entry) => entry.removedAt !== undefined && entry.removedAt >= dropBefore),
    ];
    return {
        shards,
        marker,
        consumedKeys: [...consumedKeys, ...(marker ? epoch.markerKeys : [])],
        due: [
            ...(marker ? [dueData(tmid, epoch.e, 's', marker.d)] : []),
            ...[...newRemovalDays].map((day) => dueData(tmid, epoch.e, 'r', day)),
        ],
        staleDue: marker && epoch.day < marker.d ? [dueData(tmid, epoch.e, 's', epoch.day)] : [],
        removed,
        trackingSince: new Date(Math.max(firstObservation ?? at, dropBefore)),
    };
}

/** The removed replies of the shards, with their latest detection time (only slots holding removals are decoded). */
function unionOfAll(slots: ThreadLedger['slots'], removedAt: ReadonlyMap<string, number>): LedgerEntry[] {
    const found = new Map<string, LedgerEntry>();
    for (const versions of slots.values()) {
        for (const shard of versions) {
            if (!shard.i.some((id) => removedAt.has(id) && !found.has(id))) {
                continue;
            }
            for (const entry of shardEntries(shard)) {
                const time = removedAt.get(entry._id);
                if (time !== undefined && !found.has(entry._id)) {
                    found.set(entry._id, { ...entry, removedAt: time });
                }
            }
        }
    }
    return [...found.values()];
}

function emptyShard(like: ShardData, key: string): ShardData {
    return { ...like, key, s: [], i: [], t: [], u: [], x: [], ro: undefined };
}

/**
 * The purge of one slot: removals detected before the cutoff are dropped together with their known entry (otherwise
 * the next sync would detect them again). undefined: nothing to drop and a single version, or the union would not fit
 * one record (left to the next sync, which re-packs).
 */
export function purgeSlot(
    versions: readonly ShardData[],
    cutoff: number,
    newKey: () => string,
): { shard: ShardData; consumedKeys: string[] } | undefined {
    if (versions.length === 0) {
        return undefined;
    }
    const entries = unionOf(versions);
    const kept = entries.filter((entry) => entry.removedAt === undefined || entry.removedAt >= cutoff);
    if (kept.length === entries.length && versions.length === 1) {
        return undefined;
    }
    const packed = packShards(versions[0].tmid, versions[0].e, versions[0].n, kept, newKey, MAX_RECORD_BYTES);
    if (packed.length > 1) {
        return undefined;
    }
    return { shard: packed[0] ?? emptyShard(versions[0], newKey()), consumedKeys: versions.map((shard) => shard.key) };
}

/** Items of `remove` (docs/chat.syncThreadMessages.md): identification, `_deletedAt`, `__collection__`, detected after the date. */
export function removeItems(removed: readonly LedgerEntry[], updatedSince: Date): MessageDoc[] {
    return removed
        .filter((entry) => entry.removedAt! > updatedSince.getTime())
        .map((entry) => ({
            _id: entry._id,
            rid: entry.rid,
            tmid: entry.tmid,
            ...(entry.ts !== undefined ? { ts: new Date(entry.ts) } : {}),
            ...(entry.u !== undefined ? { u: { ...entry.u } } : {}),
            _deletedAt: new Date(entry.removedAt!),
            __collection__: 'message',
        }));
}
