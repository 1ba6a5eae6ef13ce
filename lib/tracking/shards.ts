/**
 * Shards of a thread's ledger, pure (docs/chat.syncThreadMessages.md#what-the-app-stores): decoding one, building
 * one under a byte budget, packing entries into shards, and merging the versions of a slot that concurrent writers left.
 */
import type { LedgerEntry, SenderRow, ShardData } from './records';
import { isNumber, isString, senderOf, senderRow, SHARD_BUDGET, utf8Length } from './records';

/** Every entry of a shard, in order (foreign values in a well-formed shard are skipped). */
export function shardEntries(shard: ShardData): LedgerEntry[] {
    const removedAt = new Map<number, number>();
    for (const pair of shard.x) {
        if (Array.isArray(pair) && isNumber(pair[0]) && isNumber(pair[1])) {
            removedAt.set(pair[0], Math.max(removedAt.get(pair[0]) ?? -Infinity, pair[1]));
        }
    }
    const rooms = new Map(shard.ro ?? []);
    const entries: LedgerEntry[] = [];
    let time = 0;
    shard.i.forEach((id, index) => {
        const delta = shard.t[index];
        const hasTime = isNumber(delta);
        if (hasTime) {
            time += delta;
        }
        if (!isString(id)) {
            return;
        }
        const u = senderOf(shard.s[shard.u[index]]);
        const removed = removedAt.get(index);
        entries.push({
            _id: id,
            rid: rooms.get(index) ?? shard.r,
            tmid: shard.tmid,
            ...(hasTime ? { ts: time } : {}),
            ...(u ? { u } : {}),
            ...(removed !== undefined ? { removedAt: removed } : {}),
        });
    });
    return entries;
}

/** Builds one shard, measuring its JSON as it goes, so a packer can close it before it passes a budget. */
export class ShardBuilder {
    private readonly senders = new Map<string, number>();
    private readonly data: { -readonly [K in keyof ShardData]: ShardData[K] };
    private lastTime = 0;
    /** UTF-8 JSON bytes of the shard so far (exact for ASCII separators; never below the real size). */
    bytes: number;

    constructor(tmid: string, epoch: string, n: number, key: string, rid: string) {
        this.data = { k: 'shard', tmid, e: epoch, n, key, r: rid, s: [], i: [], t: [], u: [], x: [] };
        // `,"ro":[]` is reserved in case a reply of another room comes.
        this.bytes = utf8Length(JSON.stringify(this.data)) + 8;
    }

    get size(): number {
        return this.data.i.length;
    }

    /** Bytes `entry` would add. */
    cost(entry: LedgerEntry): number {
        return this.plan(entry).bytes;
    }

    private plan(entry: LedgerEntry): { bytes: number; sender: number; newSender?: SenderRow; delta: number | null } {
        let bytes = utf8Length(JSON.stringify(entry._id)) + 1;
        const delta = entry.ts !== undefined ? entry.ts - this.lastTime : null;
        bytes += String(delta).length + 1;
        const row = senderRow(entry.u);
        let sender = -1;
        let newSender: SenderRow | undefined;
        if (row) {
            const id = JSON.stringify(row);
            const known = this.senders.get(id);
            if (known !== undefined) {
                sender = known;
            } else {
                sender = this.data.s.length;
                newSender = row;
                bytes += utf8Length(id) + 1;
            }
        }
        bytes += String(sender).length + 1;
        const index = this.data.i.length;
        if (entry.removedAt !== undefined) {
            bytes += JSON.stringify([index, entry.removedAt]).length + 1;
        }
        if (entry.rid !== this.data.r) {
            bytes += utf8Length(JSON.stringify([index, entry.rid])) + 1;
        }
        return { bytes, sender, newSender, delta };
    }

    add(entry: LedgerEntry): void {
        const { bytes, sender, newSender, delta } = this.plan(entry);
        const index = this.data.i.length;
        if (newSender) {
            this.senders.set(JSON.stringify(newSender), sender);
            this.data.s.push(newSender);
        }
        this.data.i.push(entry._id);
        this.data.t.push(delta);
        if (entry.ts !== undefined) {
            this.lastTime = entry.ts;
        }
        this.data.u.push(sender);
        if (entry.removedAt !== undefined) {
            this.data.x.push([index, entry.removedAt]);
        }
        if (entry.rid !== this.data.r) {
            this.data.ro = [...(this.data.ro ?? []), [index, entry.rid]];
        }
        this.bytes += bytes;
    }

    build(): ShardData {
        return { ...this.data };
    }
}

/**
 * Packs entries, in order, into shards of slots `firstSlot`, `firstSlot + 1`, …, each closed before the next entry
 * would pass `budget` bytes (a shard always holds at least one entry, so a single reply larger than the budget still
 * gets one, far under MAX_RECORD_BYTES with ids of any sane length). `newKey` names each new record.
 */
export function packShards(
    tmid: string,
    epoch: string,
    firstSlot: number,
    entries: readonly LedgerEntry[],
    newKey: () => string,
    budget: number = SHARD_BUDGET,
): ShardData[] {
    const shards: ShardData[] = [];
    let builder: ShardBuilder | undefined;
    for (const entry of entries) {
        if (builder && builder.size > 0 && builder.bytes + builder.cost(entry) > budget) {
            shards.push(builder.build());
            builder = undefined;
        }
        builder ??= new ShardBuilder(tmid, epoch, firstSlot + shards.length, newKey(), entry.rid);
        builder.add(entry);
    }
    if (builder) {
        shards.push(builder.build());
    }
    return shards;
}

/**
 * The union of a slot's versions (or of any shards): every reply once, in order of first appearance; a reply removed
 * in any version is removed, with the LATER detection time (a client whose `updatedSince` fell between two detections,
 * and that may have read the other version, still gets it).
 */
export function unionOf(shards: readonly ShardData[]): LedgerEntry[] {
    const byId = new Map<string, LedgerEntry>();
    for (const shard of shards) {
        for (const entry of shardEntries(shard)) {
            const other = byId.get(entry._id);
            if (!other) {
                byId.set(entry._id, entry);
            } else if ((entry.removedAt ?? -Infinity) > (other.removedAt ?? -Infinity)) {
                byId.set(entry._id, { ...other, removedAt: entry.removedAt });
            }
        }
    }
    return [...byId.values()];
}
