import { parseOptionalSyncParams, parseRequiredSyncParams } from '../../../lib/sync/params';
import { apiErrorOf, jsonParamBody } from './helpers';

const TMID_MISSING = {
    success: false,
    error: 'The required "tmid" query param is missing. [error-invalid-params]',
    errorType: 'error-invalid-params',
};
const UPDATED_SINCE_MISSING = {
    success: false,
    error: 'The required param "updatedSince" is missing. [error-updatedSince-param-invalid]',
    errorType: 'error-updatedSince-param-invalid',
};
const UPDATED_SINCE_INVALID = {
    success: false,
    error: 'The "updatedSince" query parameter must be a valid date. [error-updatedSince-param-invalid]',
    errorType: 'error-updatedSince-param-invalid',
};
const OFFSET_INVALID = {
    success: false,
    error: 'The "offset" query param must be a non-negative integer. [error-invalid-params]',
    errorType: 'error-invalid-params',
};
const COUNT_INVALID = {
    success: false,
    error: 'The "count" query param must be a non-negative integer. [error-invalid-params]',
    errorType: 'error-invalid-params',
};

const SINCE = '2019-04-01T00:00:00.000Z';

describe('parseRequiredSyncParams (rows 3–5)', () => {
    it.each<[string, unknown, object]>([
        ['no query at all', undefined, TMID_MISSING],
        ['null query', null, TMID_MISSING],
        ['tmid missing', { updatedSince: SINCE }, TMID_MISSING],
        ['tmid empty', { tmid: '', updatedSince: SINCE }, TMID_MISSING],
        ['tmid repeated', { tmid: ['a', 'b'], updatedSince: SINCE }, TMID_MISSING],
        ['tmid bracketed', { tmid: { x: 'a' }, updatedSince: SINCE }, TMID_MISSING],
        ['tmid inherited, not own', Object.create({ tmid: 'T', updatedSince: SINCE }), TMID_MISSING],
        ['tmid under __proto__ key', JSON.parse(`{"__proto__":{"tmid":"T"},"updatedSince":"${SINCE}"}`), TMID_MISSING],
        ['tmid before updatedSince', { updatedSince: 'not a date' }, TMID_MISSING],
        ['updatedSince missing', { tmid: 'T' }, UPDATED_SINCE_MISSING],
        ['updatedSince empty', { tmid: 'T', updatedSince: '' }, UPDATED_SINCE_MISSING],
        ['updatedSince not a date', { tmid: 'T', updatedSince: 'yesterday' }, UPDATED_SINCE_INVALID],
        ['updatedSince repeated', { tmid: 'T', updatedSince: [SINCE, SINCE] }, UPDATED_SINCE_INVALID],
        ['updatedSince bracketed', { tmid: 'T', updatedSince: { a: SINCE } }, UPDATED_SINCE_INVALID],
        ['updatedSince huge', { tmid: 'T', updatedSince: 'x'.repeat(100_000) }, UPDATED_SINCE_INVALID],
    ])('%s', (_name, query, body) => {
        expect(apiErrorOf(() => parseRequiredSyncParams(query))).toEqual({ status: 400, body });
    });

    it('returns tmid and the parsed date', () => {
        expect(parseRequiredSyncParams({ tmid: 'T', updatedSince: SINCE, other: ['ignored'] })).toEqual({
            tmid: 'T',
            updatedSince: new Date(SINCE),
        });
    });

    it('accepts what Date.parse accepts, and a null-prototype query object', () => {
        const query = Object.assign(Object.create(null), { tmid: 'T', updatedSince: '2019-04-01T00:00:00+02:00' });
        expect(parseRequiredSyncParams(query).updatedSince.toISOString()).toBe('2019-03-31T22:00:00.000Z');
    });

    it('passes a huge tmid through (it ends in "Invalid Message")', () => {
        const tmid = 'T'.repeat(1_000_000);
        expect(parseRequiredSyncParams({ tmid, updatedSince: SINCE }).tmid).toBe(tmid);
    });
});

describe('parseOptionalSyncParams (rows 8–12)', () => {
    const parse = (query: unknown) => parseOptionalSyncParams(query);

    it('empty values count as absent', () => {
        const params = parse({ sort: '', fields: '', query: '', offset: '', count: '' });
        expect(params).toEqual({ matches: expect.any(Function), offset: 0 });
        expect(params.matches({ anything: 1 })).toBe(true);
    });

    it('parses valid values', () => {
        const params = parse({ sort: '{"ts":-1}', fields: '{"msg":1}', query: '{"msg":"hi"}', offset: '007', count: '25' });
        expect(params.sort).toEqual([['ts', -1]]);
        expect(params.projection?.mode).toBe('include');
        expect(params.matches({ msg: 'hi' })).toBe(true);
        expect(params.matches({ msg: 'ho' })).toBe(false);
        expect(params.offset).toBe(7);
        expect(params.count).toBe(25);
    });

    it('keeps an explicit count of 0 (no limit) and treats sort {} as no sort', () => {
        const params = parse({ sort: '{}', count: '0' });
        expect(params.count).toBe(0);
        expect(params.sort).toBeUndefined();
    });

    it.each<[string, object, object]>([
        ['sort not JSON', { sort: '{ts:1}' }, jsonParamBody('sort', '{ts:1}')],
        ['sort not an object', { sort: '[["ts",1]]' }, jsonParamBody('sort', '[["ts",1]]')],
        ['sort null', { sort: 'null' }, jsonParamBody('sort', 'null')],
        ['sort value 2', { sort: '{"ts":2}' }, jsonParamBody('sort', '{"ts":2}')],
        ['sort value "1"', { sort: '{"ts":"1"}' }, jsonParamBody('sort', '{"ts":"1"}')],
        ['sort operator key', { sort: '{"$natural":1}' }, jsonParamBody('sort', '{"$natural":1}')],
        ['sort __proto__ key', { sort: '{"__proto__":1}' }, jsonParamBody('sort', '{"__proto__":1}')],
        ['sort repeated', { sort: ['{"ts":1}', '{"_id":1}'] }, jsonParamBody('sort', '{"ts":1},{"_id":1}')],
        ['sort bracketed', { sort: { ts: '1' } }, jsonParamBody('sort', '[object Object]')],
        ['fields mixed', { fields: '{"msg":1,"ts":0}' }, jsonParamBody('fields', '{"msg":1,"ts":0}')],
        ['fields value true', { fields: '{"msg":true}' }, jsonParamBody('fields', '{"msg":true}')],
        ['fields repeated', { fields: ['{"msg":1}'] }, jsonParamBody('fields', '{"msg":1}')],
        ['query not JSON', { query: '{' }, jsonParamBody('query', '{')],
        ['query a string', { query: '"msg"' }, jsonParamBody('query', '"msg"')],
        ['query $where nested', { query: '{"$or":[{"$where":"1"}]}' }, jsonParamBody('query', '{"$or":[{"$where":"1"}]}')],
        ['query repeated', { query: ['{}', '{}'] }, jsonParamBody('query', '{},{}')],
        ['offset negative', { offset: '-1' }, OFFSET_INVALID],
        ['offset fraction', { offset: '1.5' }, OFFSET_INVALID],
        ['offset exponent', { offset: '1e3' }, OFFSET_INVALID],
        ['offset signed', { offset: '+1' }, OFFSET_INVALID],
        ['offset padded', { offset: ' 1' }, OFFSET_INVALID],
        ['offset hex', { offset: '0x10' }, OFFSET_INVALID],
        ['offset beyond safe integers', { offset: '9'.repeat(400) }, OFFSET_INVALID],
        ['offset repeated', { offset: ['1', '2'] }, OFFSET_INVALID],
        ['count word', { count: 'ten' }, COUNT_INVALID],
        ['count negative', { count: '-5' }, COUNT_INVALID],
        ['count bracketed', { count: { a: '1' } }, COUNT_INVALID],
    ])('%s', (_name, query, body) => {
        expect(apiErrorOf(() => parse(query))).toEqual({ status: 400, body });
    });

    it('has no maximum count (core ignores count and answers everything)', () => {
        expect(parse({ count: '5000' }).count).toBe(5000);
        expect(parse({ count: '9007199254740991' }).count).toBe(9007199254740991);
    });

    it('reports the first failing parameter in contract order: sort, fields, query, offset, count', () => {
        const all = { sort: 'x', fields: 'x', query: 'x', offset: 'x', count: 'x' };
        expect(apiErrorOf(() => parse(all)).body).toEqual(jsonParamBody('sort', 'x'));
        expect(apiErrorOf(() => parse({ ...all, sort: undefined })).body).toEqual(jsonParamBody('fields', 'x'));
        expect(apiErrorOf(() => parse({ ...all, sort: undefined, fields: undefined })).body).toEqual(jsonParamBody('query', 'x'));
        expect(apiErrorOf(() => parse({ offset: 'x', count: 'x' })).body).toEqual(OFFSET_INVALID);
        expect(apiErrorOf(() => parse({ count: 'x' })).body).toEqual(COUNT_INVALID);
    });

    it('rejects JSON parameters longer than 4096 characters, echoing them', () => {
        const raw = `{"msg":"${'a'.repeat(4090)}"}`;
        expect(raw.length).toBeGreaterThan(4096);
        expect(apiErrorOf(() => parse({ query: raw })).body).toEqual(jsonParamBody('query', raw));
        expect(apiErrorOf(() => parse({ fields: raw })).body).toEqual(jsonParamBody('fields', raw));
    });

    it('never pollutes prototypes', () => {
        parse({ query: '{"__proto__":{"polluted":1},"a":{"__proto__":{"polluted":1}}}', fields: '{"msg":0}' });
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(apiErrorOf(() => parse({ fields: '{"__proto__":1}' })).body).toEqual(jsonParamBody('fields', '{"__proto__":1}'));
    });
});
