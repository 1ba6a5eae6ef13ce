import { compileQuery } from '../../../lib/sync/query';
import { apiErrorOf, jsonParamBody, REPLY } from './helpers';

const matches = (query: object) => compileQuery(JSON.stringify(query))(REPLY);

describe('compileQuery: supported operators', () => {
    it.each<[string, object, boolean]>([
        ['absent-like {} matches', {}, true],
        ['implicit equality', { msg: 'Hello World' }, true],
        ['implicit equality, no match', { msg: 'Hello' }, false],
        ['dotted path', { 'u.username': 'alice' }, true],
        ['implicit match on an array element', { tags: 'b' }, true],
        ['dotted path through an array', { 'mentions.username': 'carol' }, true],
        ['null matches missing', { editedAt: null }, true],
        ['null does not match a value', { msg: null }, false],
        ['$eq', { score: { $eq: 5 } }, true],
        ['$ne', { score: { $ne: 5 } }, false],
        ['$ne on an array', { tags: { $ne: 'z' } }, true],
        ['$gt number', { score: { $gt: 4 } }, true],
        ['$gte number', { score: { $gte: 5 } }, true],
        ['$lt number', { score: { $lt: 5 } }, false],
        ['$lte number', { score: { $lte: 5 } }, true],
        ['$gt string', { msg: { $gt: 'Hello' } }, true],
        ['range across kinds never matches', { score: { $gt: '1' } }, false],
        ['range string vs date never matches', { ts: { $gt: '2000' } }, false],
        ['$in', { score: { $in: [1, 5] } }, true],
        ['$in with null matches missing', { editedAt: { $in: [null] } }, true],
        ['$nin', { tags: { $nin: ['x', 'a'] } }, false],
        ['$exists true', { 'u.name': { $exists: true } }, true],
        ['$exists false', { editedAt: { $exists: false } }, true],
        ['$regex', { msg: { $regex: '^hello' } }, false],
        ['$regex with $options i', { msg: { $regex: '^hello', $options: 'i' } }, true],
        ['$regex with $options m', { multiline: { $regex: '^second$', $options: 'm' } }, true],
        ['$regex with $options s', { multiline: { $regex: 'first.second', $options: 's' } }, true],
        ['$regex on an array element', { tags: { $regex: '^c$' } }, true],
        ['$size', { tags: { $size: 3 } }, true],
        ['$all', { tags: { $all: ['c', 'a'] } }, true],
        ['$all missing value', { tags: { $all: ['c', 'z'] } }, false],
        ['$elemMatch on sub-documents', { mentions: { $elemMatch: { username: 'bob', _id: 'u2' } } }, true],
        ['$elemMatch mismatch across elements', { mentions: { $elemMatch: { username: 'bob', _id: 'u3' } } }, false],
        ['$elemMatch on values', { tags: { $elemMatch: { $gt: 'b' } } }, true],
        ['$not', { score: { $not: { $gt: 10 } } }, true],
        ['$not $regex', { msg: { $not: { $regex: 'World' } } }, false],
        ['$and', { $and: [{ score: 5 }, { pinned: false }] }, true],
        ['$or', { $or: [{ score: 1 }, { 'u._id': 'u1' }] }, true],
        ['$or none', { $or: [{ score: 1 }, { 'u._id': 'u9' }] }, false],
        ['$nor nested', { $or: [{ $nor: [{ score: 1 }] }] }, true],
        ['$nor nested, no match', { $and: [{ $nor: [{ score: 5 }] }] }, false],
        ['$and inside $or inside $and', { $and: [{ $or: [{ $and: [{ score: 5 }, { tags: 'a' }] }] }] }, true],
        ['several conditions on one field', { score: { $gt: 1, $lt: 9, $ne: 4 } }, true],
        ['literal sub-document equality', { u: { _id: 'u1', username: 'alice', name: 'Alice' } }, true],
        ['literal array equality', { tags: ['a', 'b', 'c'] }, true],
    ])('%s', (_name, query, expected) => {
        expect(matches(query)).toBe(expected);
    });
});

describe('compileQuery: EJSON dates', () => {
    it.each<[string, unknown, boolean]>([
        ['ISO string', { $gt: { $date: '2024-01-01T00:00:00.000Z' } }, true],
        ['ISO string, later', { $gt: { $date: '2024-06-01T00:00:00.000Z' } }, false],
        ['milliseconds', { $lte: { $date: Date.parse('2024-01-02T03:04:05.000Z') } }, true],
        ['$numberLong', { $eq: { $date: { $numberLong: String(Date.parse('2024-01-02T03:04:05.000Z')) } } }, true],
        ['in a list', { $in: [{ $date: '2024-01-02T03:04:05.000Z' }] }, true],
        ['implicit equality', { $date: '2024-01-02T03:04:05.000Z' }, true],
    ])('%s', (_name, condition, expected) => {
        expect(matches({ ts: condition })).toBe(expected);
    });

    it('compares through arrays of sub-documents', () => {
        expect(matches({ 'attachments.ts': { $lt: { $date: '2024-01-02T00:00:00.000Z' } } })).toBe(true);
    });

    it.each([
        '{"ts":{"$date":"not a date"}}',
        '{"ts":{"$date":{"$numberLong":"12a"}}}',
        '{"ts":{"$date":true}}',
        '{"ts":{"$gt":{"$date":"2024-01-01","x":1}}}',
        '{"$date":0}',
    ])('rejects %s', (raw) => {
        expect(apiErrorOf(() => compileQuery(raw))).toEqual({ status: 400, body: jsonParamBody('query', raw) });
    });
});

describe('compileQuery: cleaning', () => {
    it.each<[string, object]>([
        ['top-level $where is removed', { $where: 'while(true){}' }],
        ['top-level $expr is removed', { $expr: { $eq: ['$score', 0] } }],
        ['top-level $nor is removed', { $nor: [{ score: 5 }] }],
        ['top-level $text is removed', { $text: { $search: 'x' } }],
        ['top-level $comment is removed', { $comment: 'x' }],
        ['tmid cannot be overridden', { tmid: 'OTHER' }],
        ['_updatedAt cannot be overridden', { _updatedAt: { $lt: { $date: 0 } } }],
        ['_deletedAt cannot be overridden', { _deletedAt: { $exists: true } }],
        ['__collection__ cannot be overridden', { __collection__: 'users' }],
        ['core default projection fields are removed', { e2e: 'pending', joinCode: 'x', members: 'x', importIds: 'x' }],
        ['and their sub-paths', { 'e2e.key': 'x', 'members.0': 'x' }],
    ])('%s', (_name, query) => {
        expect(matches(query)).toBe(true);
    });

    it('removes __proto__, constructor and prototype at every level', () => {
        const raw =
            '{"__proto__":{"score":1},"constructor":{"x":1},"$or":[{"msg":"Hello World","prototype":1,"a.__proto__.b":1}],' +
            '"u":{"$elemMatch":{"constructor":1}},"tags":{"$in":[{"__proto__":{"polluted":1}}]}}';
        const predicate = compileQuery(raw);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(predicate({ ...REPLY, u: [{}], tags: [{}] })).toBe(true);
    });

    it('does not remove look-alike keys', () => {
        expect(matches({ tmidx: 'T' })).toBe(false);
        expect(matches({ e2eMentions: 'x' })).toBe(false);
    });
});

describe('compileQuery: rejected queries', () => {
    /** A filter whose JSON has exactly `depth` nested containers (objects and arrays). */
    const nested = (depth: number): object => {
        if (depth <= 2) {
            return depth === 1 ? { a: 1 } : { a: { $gt: 0 } };
        }
        return { $and: [nested(depth - 2)] };
    };
    /** 2 + 2 × branches nodes. */
    const spread = (branches: number) => JSON.stringify({ $or: Array.from({ length: branches }, () => ({ a: 1 })) });

    it.each<[string, string]>([
        ['not JSON', '{msg:1}'],
        ['an array', '[]'],
        ['a number', '5'],
        ['null', 'null'],
        ['top-level $regex', '{"$regex":"x"}'],
        ['$where inside $or', '{"$or":[{"$where":"sleep(1000)"}]}'],
        ['$where in a field', '{"msg":{"$where":"1"}}'],
        ['$expr nested', '{"$and":[{"$expr":{"$gt":["$a","$b"]}}]}'],
        ['$function', '{"msg":{"$function":{}}}'],
        ['$jsonSchema nested', '{"$or":[{"$jsonSchema":{}}]}'],
        ['$text nested', '{"$and":[{"$text":{"$search":"x"}}]}'],
        ['$mod (not allow-listed)', '{"score":{"$mod":[2,1]}}'],
        ['$type (not allow-listed)', '{"score":{"$type":"number"}}'],
        ['unknown operator', '{"score":{"$foo":1}}'],
        ['operator mixed with a field', '{"score":{"$gt":1,"b":2}}'],
        ['$where in $elemMatch', '{"mentions":{"$elemMatch":{"$where":"1","a":1}}}'],
        ['$options without $regex', '{"msg":{"$options":"i"}}'],
        ['$options g', '{"msg":{"$regex":"x","$options":"g"}}'],
        ['$options repeated flag', '{"msg":{"$regex":"x","$options":"ii"}}'],
        ['$regex not a string', '{"msg":{"$regex":1}}'],
        ['$regex invalid syntax', '{"msg":{"$regex":"[a"}}'],
        ['$regex nothing to repeat', '{"msg":{"$regex":"*a"}}'],
        ['$regex unbalanced )', '{"msg":{"$regex":"a)"}}'],
        ['$regex unbalanced (', '{"msg":{"$regex":"(a"}}'],
        ['$gt boolean', '{"pinned":{"$gt":false}}'],
        ['$gt null', '{"score":{"$gt":null}}'],
        ['$gt object', '{"score":{"$gt":{"a":1}}}'],
        ['$in not an array', '{"score":{"$in":5}}'],
        ['$in with an operator', '{"score":{"$in":[{"$gt":1}]}}'],
        ['$in with 101 values', JSON.stringify({ score: { $in: Array.from({ length: 101 }, (_, i) => i) } })],
        ['$nin with 101 values', JSON.stringify({ score: { $nin: Array.from({ length: 101 }, (_, i) => i) } })],
        ['$all with 101 values', JSON.stringify({ tags: { $all: Array.from({ length: 101 }, (_, i) => i) } })],
        ['$size negative', '{"tags":{"$size":-1}}'],
        ['$size fraction', '{"tags":{"$size":1.5}}'],
        ['$exists string', '{"tags":{"$exists":"yes"}}'],
        ['$not on a value', '{"score":{"$not":5}}'],
        ['$not empty', '{"score":{"$not":{}}}'],
        ['$elemMatch not an object', '{"tags":{"$elemMatch":5}}'],
        ['$and empty', '{"$and":[]}'],
        ['$or not an array', '{"$or":{"score":5}}'],
        ['$or branch not an object', '{"$or":[5]}'],
        ['empty path segment', '{"u..name":1}'],
        ['operator path segment', '{"u.$name":1}'],
        ['deeper than 8', JSON.stringify(nested(9))],
        ['more than 256 nodes', spread(128)],
        ['longer than 4096 characters', JSON.stringify({ msg: 'x'.repeat(4090) })],
    ])('%s', (_name, raw) => {
        expect(apiErrorOf(() => compileQuery(raw))).toEqual({ status: 400, body: jsonParamBody('query', raw) });
    });

    it('accepts the limits themselves', () => {
        expect(compileQuery(JSON.stringify(nested(8)))).toEqual(expect.any(Function));
        expect(compileQuery(JSON.stringify({ score: { $in: Array.from({ length: 100 }, (_, i) => i) } }))(REPLY)).toBe(true);
        const longest = JSON.stringify({ msg: 'x'.repeat(4096 - 10) });
        expect(longest).toHaveLength(4096);
        expect(compileQuery(longest)(REPLY)).toBe(false);
    });

    it('counts every node, the root included', () => {
        expect(compileQuery(spread(127))({ a: 1 })).toBe(true); // 256 nodes
    });
});
