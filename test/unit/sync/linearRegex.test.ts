import { compileQuery } from '../../../lib/sync/query';
import { apiErrorOf, jsonParamBody, REPLY } from './helpers';

describe('compileQuery: regular expressions run on RE2 (linear time)', () => {
    const LONG = `${'a'.repeat(5000)}!`;
    const regexQuery = (source: string) => JSON.stringify({ msg: { $regex: source } });

    it.each([
        '(a)\\1',
        '(?<n>a)\\k<n>',
        '\\2',
        '(?=Hello)H',
        '(?!x)H',
        '(?<=H)ello',
        '(?<!x)ello',
        '(a+){1,99999999999999999999}',
        'a'.repeat(257),
        '[abc',
    ])('rejects %s (back-references, look-around, beyond bounds, syntax)', (source) => {
        expect(apiErrorOf(() => compileQuery(regexQuery(source))).body).toEqual(jsonParamBody('query', regexQuery(source)));
    });

    it.each([
        ['^hel', false, false],
        ['World$', true, false],
        ['colou?r', false, false],
        ['H.*d', true, false],
        ['[a-z]+ W', true, false],
        ['\\d{2,4}', false, false],
        ['(Hello|Bye) World', true, false],
        ['(?:lo){1} W', true, false],
        ['[(+*)]', false, false],
        ['\\(a+\\)', false, false],
        ['a{2', false, false],
        ['a'.repeat(256), false, true],
        ['(a+)+$', false, false],
        ['(\\w+\\s?)*', true, true],
        ['.*.*b', false, false],
        ['(.*o){2}', true, false],
        ['(a|b|c|d)(a|b|c|d)(a|b|c|d)(a|b|c|d)', false, true],
    ])('accepts %s and answers correctly: %s on the reply, %s on 5,000 "a" and "!"', (source, expected, onLong) => {
        const predicate = compileQuery(regexQuery(source));
        expect(predicate(REPLY)).toBe(expected);
        expect(predicate({ ...REPLY, msg: LONG })).toBe(onLong);
    });

    it('patterns that backtrack catastrophically elsewhere answer correctly over two 5,000-character texts', () => {
        const texts = [`${'a'.repeat(4999)}b`, 'a'.repeat(5000)];
        const predicate = compileQuery(regexQuery('.*a{0,32}b'));
        expect(texts.map((msg) => predicate({ ...REPLY, msg }))).toEqual([true, false]);
        const nested = compileQuery(regexQuery('(a+)+$b'));
        expect(texts.map((msg) => nested({ ...REPLY, msg }))).toEqual([false, false]);
    });

    it('a 233-character $or of regexes answers correctly', () => {
        const branches = ['(a+)+$', '(a|aa)+c', '.*.*.*b', '(\\w+\\s?)*x', '(a*)*d', 'a{0,300}ee'].map((source) => ({
            msg: { $regex: source },
        }));
        const raw = JSON.stringify({ $or: [...branches, { msg: { $regex: '^hello', $options: 'i' } }] });
        expect(raw.length).toBe(233);
        const predicate = compileQuery(raw);
        expect(predicate(REPLY)).toBe(true);
        expect(predicate({ ...REPLY, msg: `${'a'.repeat(5000)}!` })).toBe(false);
    });

    it('regexes inside $not, $elemMatch and on nested paths', () => {
        expect(compileQuery('{"msg":{"$not":{"$regex":"World"}}}')(REPLY)).toBe(false);
        expect(compileQuery('{"tags":{"$elemMatch":{"$regex":"^c$"}}}')(REPLY)).toBe(true);
        expect(compileQuery('{"u.username":{"$regex":"^ALI","$options":"i"}}')({ u: { username: 'alice' } })).toBe(true);
        expect(compileQuery('{"attachments.title":{"$regex":"b"}}')({ attachments: [{ title: 'a' }, { title: 'b' }] })).toBe(
            true,
        );
    });
});
