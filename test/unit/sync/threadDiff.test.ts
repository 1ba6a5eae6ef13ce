import {
    expiredRemovals,
    knownRepliesToStore,
    knownReplyRecord,
    reconcile,
    removalForDeletedMessage,
    removalsSince,
    threadReplies,
    trackingRecord,
    purgeCutoff,
    trackingSince,
    updatedAfter,
} from '../../../lib/sync/threadDiff';
import type { KnownReplyRecord, MessageDoc, RemovalRecord } from '../../../lib/sync/threadDiff';

const at = (iso: string) => new Date(iso);
const reply = (id: string, updatedAt: string, extra: MessageDoc = {}): MessageDoc => ({
    _id: id,
    rid: 'ROOM',
    msg: `text of ${id}`,
    ts: at('2024-01-01T00:00:00.000Z'),
    u: { _id: 'u1', username: 'alice', name: 'Alice' },
    _updatedAt: at(updatedAt),
    tmid: 'T',
    ...extra,
});

const ROOT: MessageDoc = {
    _id: 'T',
    rid: 'ROOM',
    msg: 'root',
    _updatedAt: at('2024-02-01T00:00:00.000Z'),
    tcount: 4,
};
const R1 = reply('r1', '2024-01-01T00:00:00.000Z');
const R2_TOMBSTONE = reply('r2', '2024-01-03T00:00:00.000Z', { t: 'rm', msg: '' });
const R3 = reply('r3', '2024-01-02T00:00:00.000Z');
const R4_HIDDEN_COPY = reply('r4', '2024-01-04T00:00:00.000Z', { _hidden: true, parent: 'r1' });

/** What getThreadById returns: the root twice, natural order, tombstones and hidden copies included. */
const SNAPSHOT: MessageDoc[] = [
    ROOT,
    ROOT,
    R3,
    R1,
    R2_TOMBSTONE,
    R4_HIDDEN_COPY,
    { ...R1 },
    reply('x1', '2024-01-05T00:00:00.000Z', { tmid: 'OTHER' }),
    { rid: 'ROOM', tmid: 'T', msg: 'no id' },
];

const NOW = at('2024-03-01T12:00:00.000Z');
const ids = (docs: readonly MessageDoc[]) => docs.map((doc) => doc._id);

describe('threadReplies / updatedAfter', () => {
    it('keeps each reply of the thread once, never the root, tombstones and hidden copies included', () => {
        expect(ids(threadReplies(SNAPSHOT, 'T'))).toEqual(['r3', 'r1', 'r2', 'r4']);
    });

    it('turns canonical ISO strings of the message date fields into Dates, attachments included', () => {
        const iso = '2024-01-02T03:04:05.006Z';
        const [item] = threadReplies(
            [
                {
                    _id: 'r1',
                    tmid: 'T',
                    ts: iso,
                    _updatedAt: iso,
                    editedAt: '2024-01-02',
                    msg: iso,
                    attachments: [{ ts: iso, attachments: [{ ts: iso }] }, 'text'],
                },
            ],
            'T',
        );
        expect(item).toEqual({
            _id: 'r1',
            tmid: 'T',
            ts: at(iso),
            _updatedAt: at(iso),
            editedAt: '2024-01-02',
            msg: iso,
            attachments: [{ ts: at(iso), attachments: [{ ts: at(iso) }] }, 'text'],
        });
    });

    it('is empty for a reply id or a message without replies', () => {
        expect(threadReplies([R1, R1], 'r1')).toEqual([]);
        expect(threadReplies([ROOT, ROOT], 'T')).toEqual([]);
    });

    it('keeps replies updated strictly after updatedSince, to the millisecond', () => {
        const replies = threadReplies(SNAPSHOT, 'T');
        expect(ids(updatedAfter(replies, at('2024-01-02T00:00:00.000Z')))).toEqual(['r2', 'r4']);
        expect(ids(updatedAfter(replies, at('2024-01-01T23:59:59.999Z')))).toEqual(['r3', 'r2', 'r4']);
        expect(ids(updatedAfter(replies, at('2019-04-01T00:00:00.000Z')))).toEqual(['r3', 'r1', 'r2', 'r4']);
    });

    it('reads an ISO-string _updatedAt and skips a reply without one', () => {
        const docs = [
            { ...R1, _updatedAt: '2024-01-01T00:00:00.001Z' },
            { ...R3, _updatedAt: undefined },
        ];
        expect(ids(updatedAfter(docs, at('2024-01-01T00:00:00.000Z')))).toEqual(['r1']);
    });
});

describe('known replies', () => {
    it('stores a JSON-safe copy (ISO dates, no undefined)', () => {
        expect(knownReplyRecord('T', { ...R1, editedAt: undefined })).toEqual({
            kind: 'known-reply',
            tmid: 'T',
            id: 'r1',
            copy: {
                _id: 'r1',
                rid: 'ROOM',
                msg: 'text of r1',
                ts: '2024-01-01T00:00:00.000Z',
                u: { _id: 'u1', username: 'alice', name: 'Alice' },
                _updatedAt: '2024-01-01T00:00:00.000Z',
                tmid: 'T',
            },
        });
    });

    it('writes new and changed replies only', () => {
        const known = [knownReplyRecord('T', R1), knownReplyRecord('T', R3)];
        const r3Edited = reply('r3', '2024-02-02T00:00:00.000Z', { msg: 'edited' });
        const toStore = knownRepliesToStore(known, [R1, r3Edited, R2_TOMBSTONE], 'T');
        expect(toStore.map((record) => [record.id, record.copy.msg])).toEqual([
            ['r3', 'edited'],
            ['r2', ''],
        ]);
    });
});

describe('reconcile', () => {
    const known = (doc: MessageDoc) => knownReplyRecord('T', doc);
    const R5 = reply('r5', '2024-01-05T00:00:00.000Z');
    const R6 = reply('r6', '2024-01-06T00:00:00.000Z');
    const recordedR6: RemovalRecord = {
        kind: 'removal',
        tmid: 'T',
        id: 'r6',
        rid: 'ROOM',
        deletedAt: '2024-02-01T00:00:00.000Z',
    };

    it('records known replies that vanished from the snapshot, once', () => {
        const r5Older = known(reply('r5', '2024-01-01T00:00:00.000Z', { msg: 'old' }));
        const result = reconcile(
            [known(R1), known(R5), r5Older, known(R6), known(R2_TOMBSTONE)],
            threadReplies(SNAPSHOT, 'T'),
            [recordedR6],
            NOW,
        );
        expect(result.removals).toEqual([
            { kind: 'removal', tmid: 'T', id: 'r5', rid: 'ROOM', deletedAt: '2024-03-01T12:00:00.000Z', copy: known(R5).copy },
        ]);
        expect(result.staleKnownIds).toEqual(['r5', 'r6']);
    });

    it('records nothing while every known reply is still there (tombstoned or hidden included)', () => {
        const replies = threadReplies(SNAPSHOT, 'T');
        expect(reconcile(replies.map(known), replies, [], NOW)).toEqual({ removals: [], staleKnownIds: [] });
    });
});

describe('removalsSince', () => {
    const copy = knownReplyRecord('T', { ...R1, _deletedAt: 'stale', __collection__: 'stale' }).copy;
    const removal = (id: string, deletedAt: string, withCopy?: MessageDoc): RemovalRecord => ({
        kind: 'removal',
        tmid: 'T',
        id,
        rid: 'ROOM',
        deletedAt,
        ...(withCopy ? { copy: withCopy } : {}),
    });

    it('turns the last-known copy back into a message with dates, _deletedAt and __collection__ last', () => {
        const [item] = removalsSince([removal('r1', '2024-02-01T00:00:00.000Z', copy)], at('2024-01-01T00:00:00.000Z'));
        expect(item).toEqual({
            ...R1,
            _deletedAt: at('2024-02-01T00:00:00.000Z'),
            __collection__: 'message',
        });
        expect(Object.keys(item).slice(-2)).toEqual(['_deletedAt', '__collection__']);
        expect(item.ts).toBeInstanceOf(Date);
    });

    it('falls back to {_id, rid, tmid}', () => {
        expect(removalsSince([removal('r9', '2024-02-01T00:00:00.000Z')], at('2024-01-01T00:00:00.000Z'))).toEqual([
            { _id: 'r9', rid: 'ROOM', tmid: 'T', _deletedAt: at('2024-02-01T00:00:00.000Z'), __collection__: 'message' },
        ]);
    });

    it('de-duplicates by id keeping the earliest deletedAt and any stored copy, then filters strictly', () => {
        const records = [
            removal('r1', '2024-02-02T00:00:00.000Z', copy),
            removal('r1', '2024-02-01T00:00:00.000Z'),
            removal('r2', '2024-01-10T00:00:00.000Z'),
            removal('r2', '2024-03-10T00:00:00.000Z'),
        ];
        const items = removalsSince(records, at('2024-01-15T00:00:00.000Z'));
        expect(items.map((item) => [item._id, item.msg, item._deletedAt])).toEqual([
            ['r1', 'text of r1', at('2024-02-01T00:00:00.000Z')],
        ]);
        expect(removalsSince(records, at('2024-02-01T00:00:00.000Z'))).toEqual([]);
    });

    it('survives a JSON round trip through persistence', () => {
        const stored = JSON.parse(JSON.stringify([removal('r1', '2024-02-01T00:00:00.000Z', copy)]));
        expect(removalsSince(stored, at('2024-01-01T00:00:00.000Z'))[0]._updatedAt).toEqual(R1._updatedAt);
    });
});

describe('retention and tracking', () => {
    const removal = (id: string, deletedAt: string): RemovalRecord => ({
        kind: 'removal',
        tmid: 'T',
        id,
        rid: 'ROOM',
        deletedAt,
    });

    it('expires removals older than the retention period', () => {
        const records = [
            removal('old', '2024-01-01T00:00:00.000Z'),
            removal('edge', '2024-01-31T12:00:00.000Z'),
            removal('new', '2024-02-28T00:00:00.000Z'),
        ];
        expect(purgeCutoff(NOW, 30)).toEqual(at('2024-01-31T12:00:00.000Z'));
        expect(expiredRemovals(records, purgeCutoff(NOW, 30)).map((record) => record.id)).toEqual(['old']);
        expect(expiredRemovals(records, purgeCutoff(NOW, 365))).toEqual([]);
    });

    it('reports the earliest tracking record, bounded by the cutoff the purge job applied', () => {
        const records = [
            trackingRecord('T', at('2024-02-20T00:00:00.000Z')),
            trackingRecord('T', at('2024-02-10T00:00:00.000Z')),
        ];
        expect(trackingSince(records, undefined)).toEqual(at('2024-02-10T00:00:00.000Z'));
        expect(trackingSince(records, purgeCutoff(NOW, 90))).toEqual(at('2024-02-10T00:00:00.000Z'));
        expect(trackingSince(records, purgeCutoff(NOW, 7))).toEqual(at('2024-02-23T12:00:00.000Z'));
        expect(trackingSince([], purgeCutoff(NOW, 7))).toBeUndefined();
        expect(trackingRecord('T', NOW)).toEqual({ kind: 'tracking', tmid: 'T', since: '2024-03-01T12:00:00.000Z' });
    });
});

describe('removalForDeletedMessage (IPostMessageDeleted)', () => {
    const OFF = { keepHistory: false, showDeletedStatus: false };

    it.each<[string, MessageDoc, 'missing' | 'present' | 'unavailable', typeof OFF | undefined, boolean]>([
        ['reply gone when read back', R1, 'missing', undefined, true],
        ['reply still there (tombstone or hidden)', R1, 'present', OFF, false],
        ['read unavailable, both settings off', R1, 'unavailable', OFF, true],
        ['read unavailable, keep history on', R1, 'unavailable', { ...OFF, keepHistory: true }, false],
        ['read unavailable, show deleted status on', R1, 'unavailable', { ...OFF, showDeletedStatus: true }, false],
        ['read unavailable, settings unknown', R1, 'unavailable', undefined, false],
        ['a root is not a reply', ROOT, 'missing', OFF, false],
    ])('%s', (_name, message, readBack, settings, recorded) => {
        const record = removalForDeletedMessage(message, readBack, settings, NOW);
        expect(record === undefined).toBe(!recorded);
        if (record) {
            expect(record).toEqual({
                kind: 'removal',
                tmid: 'T',
                id: 'r1',
                rid: 'ROOM',
                deletedAt: '2024-03-01T12:00:00.000Z',
                copy: knownReplyRecord('T', R1).copy,
            });
        }
    });

    it('feeds removalsSince like a reconciled removal', () => {
        const record = removalForDeletedMessage(R1, 'missing', undefined, NOW) as RemovalRecord;
        const known: KnownReplyRecord[] = [knownReplyRecord('T', R1)];
        expect(reconcile(known, [], [record], NOW).removals).toEqual([]);
        expect(removalsSince([record], at('2024-03-01T00:00:00.000Z'))).toHaveLength(1);
    });
});
