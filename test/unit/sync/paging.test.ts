import { page } from '../../../lib/sync/paging';

describe('page', () => {
    const items = Array.from({ length: 23 }, (_, index) => `m${index}`);

    it.each([0, 1, 2, 5, 22, 23, 24, 100])('pages of %i concatenate to the whole list, without duplicates', (count) => {
        const seen: string[] = [];
        for (let offset = 0; offset < items.length; offset += count || items.length) {
            const result = page(items, { offset, count });
            expect(result.total).toBe(items.length);
            seen.push(...result.items);
        }
        expect(seen).toEqual(items);
        expect(new Set(seen).size).toBe(items.length);
    });

    it.each<[string, { offset: number; count?: number }, string[]]>([
        ['count absent = everything', { offset: 0 }, items],
        ['count 0 = everything from offset', { offset: 20, count: 0 }, ['m20', 'm21', 'm22']],
        ['a window', { offset: 3, count: 2 }, ['m3', 'm4']],
        ['the tail', { offset: 21, count: 5 }, ['m21', 'm22']],
        ['past the end', { offset: 23, count: 5 }, []],
        ['far past the end', { offset: Number.MAX_SAFE_INTEGER, count: 5 }, []],
    ])('%s', (_name, request, expected) => {
        expect(page(items, request)).toEqual({ items: expected, total: 23 });
    });

    it('reports total 0 for an empty list', () => {
        expect(page([], { offset: 5, count: 1 })).toEqual({ items: [], total: 0 });
    });
});
