/** Replies, identities and times shared by the deletion-tracking tests. */
import type { MessageDoc } from '../../../lib/sync';
import type { LedgerRecord, ThreadLedger } from '../../../lib/tracking';
import { readLedger } from '../../../lib/tracking';

export const at = (iso: string) => new Date(iso);
export const reply = (id: string, extra: MessageDoc = {}): MessageDoc => ({
    _id: id,
    rid: 'ROOM',
    tmid: 'T',
    msg: `secret text of ${id}`,
    ts: at('2024-01-01T00:00:00.000Z'),
    u: { _id: 'u1', username: 'alice', name: 'Alice' },
    _updatedAt: at('2024-01-02T00:00:00.000Z'),
    attachments: [{ title: 'secret file' }],
    ...extra,
});
export const identity = (id: string) => ({
    _id: id,
    rid: 'ROOM',
    tmid: 'T',
    ts: '2024-01-01T00:00:00.000Z',
    u: { _id: 'u1', username: 'alice' },
    _updatedAt: '2024-01-02T00:00:00.000Z',
});
export const T1 = at('2024-03-01T00:00:00.000Z');
export const T2 = at('2024-03-02T00:00:00.000Z');
export const T3 = at('2024-03-03T00:00:00.000Z');
export const EMPTY = readLedger('T', []);
export const ledgerOf = (...records: LedgerRecord[]): ThreadLedger => readLedger('T', records);
