import { ownProperties, plainCopy, toJsonValue, withoutUndefined } from '../../lib/json';

describe('toJsonValue', () => {
    it('turns dates into ISO strings', () => {
        expect(toJsonValue({ ts: new Date('2019-04-01T00:00:00Z') })).toEqual({ ts: '2019-04-01T00:00:00.000Z' });
    });

    it('keeps a __proto__ key as data', () => {
        const input = JSON.parse('{"a":{"__proto__":{"polluted":true}}}');
        const output = toJsonValue(input) as { a: object };
        expect(Object.keys(output.a)).toEqual(['__proto__']);
        expect(JSON.stringify(output)).toBe('{"a":{"__proto__":{"polluted":true}}}');
        expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    });
});

describe('plainCopy', () => {
    it('copies deeply, dates as ISO strings (an invalid date as null), undefined kept', () => {
        const source = { a: [{ at: new Date('2019-04-01T00:00:00Z') }], bad: new Date(NaN), gone: undefined };
        const copy = plainCopy(source) as typeof source;
        expect(copy).toEqual({ a: [{ at: '2019-04-01T00:00:00.000Z' }], bad: null, gone: undefined });
        expect(Object.keys(copy)).toEqual(['a', 'bad', 'gone']);
        expect(copy.a).not.toBe(source.a);
    });

    it('keeps a __proto__ key as data', () => {
        const copy = plainCopy(JSON.parse('{"__proto__":{"polluted":true}}')) as object;
        expect(Object.keys(copy)).toEqual(['__proto__']);
        expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    });
});

describe('ownProperties and withoutUndefined', () => {
    it('build objects in the given order, without prototype writes', () => {
        expect(
            Object.keys(
                ownProperties([
                    ['b', 1],
                    ['__proto__', 2],
                    ['a', 3],
                ]),
            ),
        ).toEqual(['b', '__proto__', 'a']);
        expect(withoutUndefined({ b: 1, c: undefined, a: null })).toEqual({ b: 1, a: null });
    });
});
