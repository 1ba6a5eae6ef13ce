import type { MessageDoc } from '../../../lib/sync/threadSnapshot';
import { threadReplies, threadSnapshot, updatedAfter } from '../../../lib/sync/threadSnapshot';

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

describe('threadSnapshot', () => {
    it('is undefined when the result lacks the root (root or room deleted after getById): no observation', () => {
        expect(threadSnapshot([], 'T')).toBeUndefined();
        expect(threadSnapshot([R1, R3], 'T')).toBeUndefined();
    });

    it('is the replies when the root is there', () => {
        expect(threadSnapshot([ROOT, R1, ROOT], 'T')?.map((reply) => reply._id)).toEqual(['r1']);
    });
});
