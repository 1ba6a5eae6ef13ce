import { observeThread, readLedger } from '../../../lib/tracking';
import { reply, T1 } from './fixtures';

describe('0.1.0 records', () => {
    const legacy = [
        {
            kind: 'known-reply',
            tmid: 'T',
            id: 'r1',
            copy: { ...reply('r1'), ts: '2024-01-01T00:00:00.000Z', _updatedAt: '2024-01-02T00:00:00.000Z' },
        },
        {
            kind: 'removal',
            tmid: 'T',
            id: 'r2',
            rid: 'ROOM',
            deletedAt: '2024-02-01T00:00:00.000Z',
            copy: { _id: 'r2', rid: 'ROOM', msg: 'secret' },
        },
        { kind: 'removal', tmid: 'T', id: 'r3', rid: 'ROOM', deletedAt: '2024-02-02T00:00:00.000Z' },
        { kind: 'tracking', tmid: 'T', since: '2023-01-01T00:00:00.000Z' },
    ];

    it('are read as identification only and migrated by the next write', () => {
        const ledger = readLedger('T', legacy);
        expect(ledger.legacyRecords).toBe(4);
        expect([...ledger.known.keys()]).toEqual(['r1', 'r2', 'r3']);
        expect([...ledger.removed.values()]).toEqual([
            { _id: 'r2', rid: 'ROOM', tmid: 'T', deletedAt: '2024-02-01T00:00:00.000Z' },
            { _id: 'r3', rid: 'ROOM', tmid: 'T', deletedAt: '2024-02-02T00:00:00.000Z' },
        ]);
        const observation = observeThread(ledger, [reply('r1')], T1, {}, 'k');
        expect(observation.dropLegacy).toBe(true);
        expect(observation.record?.known.map((entry) => entry._id)).toEqual(['r1', 'r2', 'r3']);
        expect(JSON.stringify(observation.record)).not.toContain('secret');
    });
});
