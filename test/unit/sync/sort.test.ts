import type { JsonObject } from '../../../lib/json';
import { compareBson, DEFAULT_REMOVE_SORT, DEFAULT_UPDATE_SORT, parseSort, sortDocuments } from '../../../lib/sync/sort';
import { apiErrorOf, jsonParamBody } from './helpers';

const ids = (docs: readonly JsonObject[]) => docs.map((doc) => doc._id);

describe('compareBson', () => {
    // Ascending; each row strictly after the previous one.
    const ORDER: Array<[string, unknown]> = [
        ['null', null],
        ['negative number', -1.5],
        ['zero', 0],
        ['number', 10],
        ['empty string', ''],
        ['"A"', 'A'],
        ['"B"', 'B'],
        ['"a"', 'a'],
        ['"ab"', 'ab'],
        ['"é" (after ASCII)', 'é'],
        ['U+FFFD (before astral)', '\ufffd'],
        ['astral "😀" (UTF-8 order, not UTF-16)', '😀'],
        ['empty object', {}],
        ['{a: 1}', { a: 1 }],
        ['{a: "x"} (value type before value)', { a: 'x' }],
        ['{a: "x", b: 1} (longer)', { a: 'x', b: 1 }],
        ['{b: "x"} (field name, once value types tie)', { b: 'x' }],
        ['empty nested array', []],
        ['[1]', [1]],
        ['[1, 2]', [1, 2]],
        ['[2]', [2]],
        ['false', false],
        ['true', true],
        ['epoch date', new Date(0)],
        ['later date', new Date(1)],
    ];

    it.each(ORDER.slice(1).map((row, index) => [ORDER[index][0], row[0], ORDER[index][1], row[1]]))(
        '%s < %s',
        (_lower, _higher, lower, higher) => {
            expect(compareBson(lower, higher)).toBe(-1);
            expect(compareBson(higher, lower)).toBe(1);
            expect(compareBson(lower, lower)).toBe(0);
        },
    );

    it('treats missing and null as equal', () => {
        expect(compareBson(undefined, null)).toBe(0);
    });
});

describe('parseSort', () => {
    it('keeps the key order and directions', () => {
        expect(parseSort('{"ts":-1,"u.username":1}')).toEqual([
            ['ts', -1],
            ['u.username', 1],
        ]);
        expect(parseSort('{}')).toEqual([]);
    });

    it.each([
        '{"ts":0}',
        '{"ts":"asc"}',
        '{"ts":1.0001}',
        '{"$natural":1}',
        '{"a.$b":1}',
        '{"constructor":1}',
        '{"":1}',
        '[]',
        'null',
        '{"ts":1',
        JSON.stringify(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 1]))),
        `{"${'k'.repeat(4100)}":1}`,
    ])('rejects %s', (raw) => {
        expect(apiErrorOf(() => parseSort(raw))).toEqual({ status: 400, body: jsonParamBody('sort', raw) });
    });

    it('accepts ten keys', () => {
        expect(parseSort(JSON.stringify(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 1]))))).toHaveLength(
            10,
        );
    });
});

describe('sortDocuments', () => {
    it('sorts update by _updatedAt then _id, and remove by _deletedAt then _id (dates as dates)', () => {
        const at = (iso: string) => new Date(iso);
        const docs = [
            { _id: 'c', _updatedAt: at('2024-01-02T00:00:00.000Z'), _deletedAt: at('2024-01-01T00:00:00.000Z') },
            { _id: 'b', _updatedAt: at('2024-01-01T00:00:00.000Z'), _deletedAt: at('2024-01-03T00:00:00.000Z') },
            { _id: 'a', _updatedAt: at('2024-01-02T00:00:00.000Z'), _deletedAt: at('2024-01-02T00:00:00.000Z') },
        ];
        expect(ids(sortDocuments(docs, DEFAULT_UPDATE_SORT))).toEqual(['b', 'a', 'c']);
        expect(ids(sortDocuments(docs, DEFAULT_REMOVE_SORT))).toEqual(['c', 'a', 'b']);
    });

    it('orders mixed types as MongoDB does, with _id as the tie-breaker', () => {
        const docs = [
            { _id: 'date', v: new Date(0) },
            { _id: 'bool', v: true },
            { _id: 'nested-array', v: [[1]] },
            { _id: 'object', v: { a: 1 } },
            { _id: 'string', v: '1' },
            { _id: 'number', v: 1 },
            { _id: 'null', v: null },
            { _id: 'missing' },
            { _id: 'empty-array', v: [] },
        ];
        expect(ids(sortDocuments(docs, [['v', 1]]))).toEqual([
            'empty-array',
            'missing',
            'null',
            'number',
            'string',
            'object',
            'nested-array',
            'bool',
            'date',
        ]);
        expect(ids(sortDocuments(docs, [['v', -1]]))).toEqual([
            'date',
            'bool',
            'nested-array',
            'object',
            'string',
            'number',
            'missing',
            'null',
            'empty-array',
        ]);
    });

    it('sorts an array by its smallest element ascending and its largest descending', () => {
        const docs = [
            { _id: 'spread', v: [1, 10] },
            { _id: 'middle', v: 5 },
        ];
        expect(ids(sortDocuments(docs, [['v', 1]]))).toEqual(['spread', 'middle']);
        expect(ids(sortDocuments(docs, [['v', -1]]))).toEqual(['spread', 'middle']);
        expect(
            ids(
                sortDocuments(
                    [
                        { _id: 'x', v: [7, 3] },
                        { _id: 'y', v: 4 },
                    ],
                    [['v', -1]],
                ),
            ),
        ).toEqual(['x', 'y']);
        expect(
            ids(
                sortDocuments(
                    [
                        { _id: 'x', v: [7, 3] },
                        { _id: 'y', v: 4 },
                    ],
                    [['v', 1]],
                ),
            ),
        ).toEqual(['x', 'y']);
        expect(
            ids(
                sortDocuments(
                    [
                        { _id: 'x', v: [7, 5] },
                        { _id: 'y', v: 4 },
                    ],
                    [['v', 1]],
                ),
            ),
        ).toEqual(['y', 'x']);
    });

    it('follows dotted paths through arrays of sub-documents', () => {
        const docs = [
            { _id: 'a', attachments: [{ ts: new Date(30) }, { ts: new Date(10) }] },
            { _id: 'b', attachments: [{ ts: new Date(20) }] },
            { _id: 'c', attachments: [{ title: 'no ts' }, { ts: new Date(5) }] },
        ];
        expect(ids(sortDocuments(docs, [['attachments.ts', 1]]))).toEqual(['c', 'a', 'b']);
        expect(ids(sortDocuments(docs, [['attachments.ts', -1]]))).toEqual(['a', 'b', 'c']);
        expect(ids(sortDocuments(docs, [['attachments.0.ts', 1]]))).toEqual(['c', 'b', 'a']);
    });

    it('breaks ties by _id ascending unless the spec names _id', () => {
        const docs = [
            { _id: 'b', v: 1 },
            { _id: 'c', v: 0 },
            { _id: 'a', v: 1 },
        ];
        expect(ids(sortDocuments(docs, [['v', -1]]))).toEqual(['a', 'b', 'c']);
        expect(
            ids(
                sortDocuments(docs, [
                    ['v', -1],
                    ['_id', -1],
                ]),
            ),
        ).toEqual(['b', 'a', 'c']);
        expect(ids(sortDocuments(docs, []))).toEqual(['a', 'b', 'c']);
    });

    it('uses own properties only and leaves its input alone', () => {
        const docs: JsonObject[] = [{ _id: 'b' }, { _id: 'a', toString: 'own' }];
        expect(ids(sortDocuments(docs, [['toString', -1]]))).toEqual(['a', 'b']);
        expect(ids(docs)).toEqual(['b', 'a']);
    });
});
