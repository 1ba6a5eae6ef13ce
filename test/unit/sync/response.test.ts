import { successResponse } from '../../../lib/envelope';
import { parseOptionalSyncParams, parseRequiredSyncParams } from '../../../lib/sync/params';
import { buildSyncResult } from '../../../lib/sync/response';
import type { MessageDoc } from '../../../lib/sync/threadSnapshot';
import { threadReplies, updatedAfter } from '../../../lib/sync/threadSnapshot';
import { removeItems } from '../../../lib/tracking';

const at = (iso: string) => new Date(iso);
const reply = (id: string, day: number, extra: MessageDoc = {}): MessageDoc => ({
    _id: id,
    rid: 'ROOM',
    msg: `text ${id}`,
    ts: at(`2024-01-0${day}T00:00:00.000Z`),
    _updatedAt: at(`2024-01-0${day}T12:00:00.000Z`),
    tmid: 'T',
    e2e: 'done',
    ...extra,
});

const UPDATE = [reply('c', 3), reply('a', 1, { score: 9 }), reply('b', 2, { score: 1 }), reply('d', 2)];
const REMOVE = removeItems(
    [
        { _id: 'y', rid: 'ROOM', tmid: 'T', removedAt: Date.parse('2024-02-02T00:00:00.000Z') },
        { _id: 'x', rid: 'ROOM', tmid: 'T', removedAt: Date.parse('2024-02-01T00:00:00.000Z') },
    ],
    at('2024-01-01T00:00:00.000Z'),
);
const TRACKING = at('2023-12-01T00:00:00.000Z');

const result = (query: Record<string, string>) =>
    buildSyncResult({ update: UPDATE, remove: REMOVE }, parseOptionalSyncParams(query), TRACKING);
const ids = (list: unknown) => (list as MessageDoc[]).map((doc) => doc._id);

describe('buildSyncResult', () => {
    it('uses the default order per list, drops the fixed fields, and reports offset, total and trackingSince', () => {
        const body = result({});
        expect(Object.keys(body)).toEqual(['messages', 'offset', 'total', 'trackingSince']);
        expect(ids((body.messages as { update: unknown }).update)).toEqual(['a', 'b', 'd', 'c']);
        expect(ids((body.messages as { remove: unknown }).remove)).toEqual(['x', 'y']);
        expect(body.offset).toBe(0);
        expect(body.total).toEqual({ update: 4, remove: 2 });
        expect(body.trackingSince).toBe(TRACKING);
        expect((body.messages as { update: MessageDoc[] }).update.every((doc) => !('e2e' in doc))).toBe(true);
    });

    it('pages each list independently; totals count before paging; count is echoed', () => {
        const body = result({ offset: '1', count: '1' });
        expect(Object.keys(body)).toEqual(['messages', 'offset', 'count', 'total', 'trackingSince']);
        expect(body.messages).toEqual({
            update: [expect.objectContaining({ _id: 'b' })],
            remove: [expect.objectContaining({ _id: 'y' })],
        });
        expect(body.total).toEqual({ update: 4, remove: 2 });
        expect(body.count).toBe(1);
    });

    it('evaluates query on the full message before projecting, and sorts both lists by sort', () => {
        const body = result({
            query: '{"$or":[{"score":{"$gte":1}},{"__collection__":"x"},{"_id":"y"}]}',
            fields: '{"_id":1}',
            sort: '{"_id":-1}',
        });
        expect(body.messages).toEqual({ update: [{ _id: 'b' }, { _id: 'a' }], remove: [{ _id: 'y' }] });
        expect(body.total).toEqual({ update: 2, remove: 1 });
    });

    it('applies fields to remove items too', () => {
        const body = result({ fields: '{"rid":0,"tmid":0}' });
        expect((body.messages as { remove: unknown[] }).remove[0]).toEqual({
            _id: 'x',
            _deletedAt: at('2024-02-01T00:00:00.000Z'),
            __collection__: 'message',
        });
    });

    it('answers REST-shaped input (ISO strings) with the same strings, comparing dates as dates', () => {
        const rest = {
            _id: 'r1',
            rid: 'ROOM',
            msg: 'hi',
            ts: '2024-01-01T00:00:00.000Z',
            u: { _id: 'u1', username: 'alice' },
            _updatedAt: '2024-01-01T12:00:00.000Z',
            tmid: 'T',
            attachments: [{ ts: '2023-12-31T00:00:00.000Z', title: 'a' }],
        };
        const later = { ...rest, _id: 'r2', _updatedAt: '2024-01-02T12:00:00.000Z' };
        const replies = updatedAfter(threadReplies([later, rest], 'T'), at('2023-01-01T00:00:00.000Z'));
        const params = parseOptionalSyncParams({
            query: '{"attachments.ts":{"$lt":{"$date":"2024-01-01T00:00:00.000Z"}}}',
            sort: '{"_updatedAt":-1}',
        });
        const { content } = successResponse(buildSyncResult({ update: replies, remove: [] }, params, undefined));
        expect(content.messages).toEqual({ update: [later, rest], remove: [] });
    });

    it("matches core's own test: a root and one reply since 2019 → one update, no removal", () => {
        const { tmid, updatedSince } = parseRequiredSyncParams({ tmid: 'T', updatedSince: '2019-04-01T00:00:00.000Z' });
        const root = { _id: 'T', rid: 'ROOM', msg: 'root', _updatedAt: new Date(), tcount: 1 };
        const replies = threadReplies([root, root, reply('r1', 1)], tmid);
        const response = successResponse(
            buildSyncResult(
                { update: updatedAfter(replies, updatedSince), remove: removeItems([], updatedSince) },
                parseOptionalSyncParams({}),
                undefined,
            ),
        );
        expect(response.content).toEqual({
            messages: {
                update: [
                    {
                        _id: 'r1',
                        rid: 'ROOM',
                        msg: 'text r1',
                        ts: '2024-01-01T00:00:00.000Z',
                        _updatedAt: '2024-01-01T12:00:00.000Z',
                        tmid: 'T',
                    },
                ],
                remove: [],
            },
            offset: 0,
            total: { update: 1, remove: 0 },
            success: true,
        });
    });
});
