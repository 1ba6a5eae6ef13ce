import { packShards, shardEntries, unionOf } from '../../../lib/tracking/shards';
import type { LedgerEntry } from '../../../lib/tracking/records';
import { MAX_RECORD_BYTES, SHARD_BUDGET, identityOf } from '../../../lib/tracking/records';

/** 17-character ids, as Rocket.Chat's. */
const id17 = (index: number) => `r${String(index).padStart(16, '0')}`;
const T = Date.parse('2024-01-01T00:00:00.000Z');
/** The bench's thread shape: two senders alternating, a reply a second. */
const entries = (count: number): LedgerEntry[] =>
    Array.from({ length: count }, (_, index) => ({
        _id: id17(index),
        rid: 'GENERAL',
        tmid: 'ROOTROOTROOTROOT1',
        ts: T + index * 1000,
        u: index % 2 === 0 ? { _id: 'alice-id-0000001', username: 'alice' } : { _id: 'bruno-id-0000002', username: 'bruno' },
        ...(index % 50 === 0 ? { removedAt: T + 9e8 + index } : {}),
    }));
let keys = 0;
const newKey = () => `k${(keys += 1)}`;
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describe('shards', () => {
    it('a 100,000-reply ledger splits into records within the budget (≤ 256 KiB) and round-trips exactly', () => {
        const all = entries(100_000);
        const shards = packShards('ROOTROOTROOTROOT1', 'E', 0, all, newKey);
        const sizes = shards.map(bytes);
        expect(Math.max(...sizes)).toBeLessThanOrEqual(SHARD_BUDGET);
        expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_RECORD_BYTES);
        expect(shards.map((shard) => shard.n)).toEqual(shards.map((_, index) => index));
        expect(JSON.stringify(shards.flatMap(shardEntries))).toBe(JSON.stringify(all));
        const perReply = sizes.reduce((a, b) => a + b, 0) / all.length;
        expect(perReply).toBeLessThanOrEqual(48);
    });

    it('closes a shard by its measured size whatever the senders table holds (one sender per reply, non-ASCII names)', () => {
        const all = entries(20_000).map((entry, index) => ({ ...entry, u: { _id: `user-${index}`, username: `名前-${index}` } }));
        const shards = packShards('ROOTROOTROOTROOT1', 'E', 3, all, newKey);
        expect(Math.max(...shards.map(bytes))).toBeLessThanOrEqual(SHARD_BUDGET);
        expect(shards[0].n).toBe(3);
        expect(JSON.stringify(shards.flatMap(shardEntries))).toBe(JSON.stringify(all));
    });

    it('keeps replies without send time or sender, and from another room, exactly', () => {
        const odd: LedgerEntry[] = [
            { _id: 'a', rid: 'R1', tmid: 'T' },
            { _id: 'b', rid: 'R2', tmid: 'T', ts: 5, u: { _id: 'x' } },
            { _id: 'c', rid: 'R1', tmid: 'T', ts: 3, removedAt: 9 },
        ];
        expect(packShards('T', 'E', 0, odd, newKey).flatMap(shardEntries)).toEqual(odd);
    });

    it('the union of versions keeps every reply once and the later detection time', () => {
        const version = (entries: LedgerEntry[]) => packShards('T', 'E', 0, entries, newKey)[0];
        const a = version([
            { _id: 'a', rid: 'R', tmid: 'T', removedAt: 5 },
            { _id: 'b', rid: 'R', tmid: 'T' },
        ]);
        const b = version([
            { _id: 'a', rid: 'R', tmid: 'T', removedAt: 7 },
            { _id: 'c', rid: 'R', tmid: 'T' },
        ]);
        expect(unionOf([a, b])).toEqual([
            { _id: 'a', rid: 'R', tmid: 'T', removedAt: 7 },
            { _id: 'b', rid: 'R', tmid: 'T' },
            { _id: 'c', rid: 'R', tmid: 'T' },
        ]);
    });

    it('keeps only identification of a reply (no text, no attachments, no _updatedAt)', () => {
        expect(
            identityOf(
                {
                    _id: 'a',
                    rid: 'R',
                    msg: 'secret',
                    ts: '2024-01-01T00:00:00.000Z',
                    _updatedAt: 'x',
                    u: { _id: 'u', username: 'n', name: 'N' },
                },
                'T',
            ),
        ).toEqual({
            _id: 'a',
            rid: 'R',
            tmid: 'T',
            ts: T,
            u: { _id: 'u', username: 'n' },
        });
        expect(identityOf({ _id: 'a' }, 'T')).toBeUndefined();
    });
});
