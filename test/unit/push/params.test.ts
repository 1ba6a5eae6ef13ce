import { ApiError } from '../../../lib/envelope';
import { parsePushGetParams } from '../../../lib/push/params';

function errorOf(query: unknown): { status: number; body: unknown } {
    try {
        parsePushGetParams(query);
    } catch (error) {
        if (error instanceof ApiError) {
            return { status: error.status, body: error.body };
        }
        throw error;
    }
    throw new Error('expected an ApiError');
}

describe('parsePushGetParams', () => {
    it.each<[string, unknown, string]>([
        ['no id', {}, "Match error: Missing key 'id'"],
        ['no query at all', undefined, "Match error: Missing key 'id'"],
        ['an inherited id does not count', Object.create({ id: 'x' }), "Match error: Missing key 'id'"],
        ['empty id (issue #3: as missing)', { id: '', other: 'ignored' }, "Match error: Missing key 'id'"],
        ['repeated id (array)', { id: ['a', 'b'] }, 'Match error: Expected string, got object in field id'],
        ['bracketed id (object)', { id: { a: 'b' } }, 'Match error: Expected string, got object in field id'],
        ['null id', { id: null }, 'Match error: Expected string, got null in field id'],
        ['number id', { id: 5 }, 'Match error: Expected string, got number in field id'],
    ])('%s → 400', (_case, query, error) => {
        expect(errorOf(query)).toEqual({ status: 400, body: { success: false, error, errorType: 'error-invalid-params' } });
    });

    it.each<[unknown, string]>([
        [{ id: 'WkbwSntxt8D3jLp8G' }, 'WkbwSntxt8D3jLp8G'],
        [{ id: 'x', other: 'ignored' }, 'x'],
    ])('accepts %j', (query, id) => {
        expect(parsePushGetParams(query)).toEqual({ id });
    });
});
