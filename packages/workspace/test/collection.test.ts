import { Collection } from '../store/Collection';
import { cloneDocument } from '../store/clone';

interface Item {
    _id: string;
    group?: string;
    tags?: string[];
    n?: number;
}

function collection(): Collection<Item, 'group' | 'tag'> {
    return new Collection<Item, 'group' | 'tag'>('items', { group: (item) => item.group, tag: (item) => item.tags });
}

const ids = (items: Item[]) => items.map((item) => item._id);

describe('Collection secondary indexes', () => {
    it('findBy answers exactly what a scan answers, in natural order', () => {
        const items = collection();
        items.insert({ _id: 'a', group: 'x' });
        items.insert({ _id: 'b', group: 'y' });
        items.insert({ _id: 'c', group: 'x' });
        items.insert({ _id: 'd' });
        expect(ids(items.findBy('group', 'x'))).toEqual(['a', 'c']);
        expect(ids(items.findBy('group', 'x'))).toEqual(ids(items.find((item) => item.group === 'x')));
        expect(items.findBy('group', 'z')).toEqual([]);
        expect(items.countBy('group', 'x')).toBe(2);
        expect(items.countBy('group', 'z')).toBe(0);
    });

    it('findBy and findOneBy only look at the documents filed under the key', () => {
        const items = collection();
        for (let i = 0; i < 1000; i++) {
            items.insert({ _id: `i${i}`, group: i % 100 === 0 ? 'rare' : 'common', n: i });
        }
        const seen: string[] = [];
        const found = items.findBy('group', 'rare', (item) => {
            seen.push(item._id);
            return item.n! >= 500;
        });
        expect(seen).toHaveLength(10);
        expect(ids(found)).toEqual(['i500', 'i600', 'i700', 'i800', 'i900']);
        expect(items.findOneBy('group', 'rare', (item) => item.n! > 250)?._id).toBe('i300');
        expect(items.findOneBy('group', 'rare', (item) => item.n! > 5000)).toBeUndefined();
    });

    it('a multi-key index files a document under each key once', () => {
        const items = collection();
        items.insert({ _id: 'a', tags: ['t1', 't2', 't1'] });
        items.insert({ _id: 'b', tags: ['t2'] });
        expect(ids(items.findBy('tag', 't1'))).toEqual(['a']);
        expect(ids(items.findBy('tag', 't2'))).toEqual(['a', 'b']);
        expect(items.countBy('tag', 't1')).toBe(1);
    });

    it('replace moves a document between keys and keeps its natural position', () => {
        const items = collection();
        items.insert({ _id: 'a', group: 'x' });
        items.insert({ _id: 'b', group: 'y' });
        items.insert({ _id: 'c', group: 'y' });
        items.replace({ _id: 'a', group: 'y', n: 1 });
        expect(ids(items.findBy('group', 'x'))).toEqual([]);
        // 'a' was inserted first: a scan returns it first, so the index must too.
        expect(ids(items.findBy('group', 'y'))).toEqual(['a', 'b', 'c']);
        expect(items.findOneBy('group', 'y')).toEqual({ _id: 'a', group: 'y', n: 1 });
        items.replace({ _id: 'b', group: 'y', n: 2 });
        expect(ids(items.findBy('group', 'y'))).toEqual(['a', 'b', 'c']);
        expect(items.findBy('group', 'y').map((item) => item.n)).toEqual([1, 2, undefined]);
        items.replace({ _id: 'c', tags: ['t1'] });
        expect(ids(items.findBy('group', 'y'))).toEqual(['a', 'b']);
        expect(ids(items.findBy('tag', 't1'))).toEqual(['c']);
    });

    it('removeById unfiles the document; inserting it again puts it last, as a scan would', () => {
        const items = collection();
        items.insert({ _id: 'a', group: 'x', tags: ['t'] });
        items.insert({ _id: 'b', group: 'x', tags: ['t'] });
        expect(items.removeById('a')).toEqual({ _id: 'a', group: 'x', tags: ['t'] });
        expect(items.removeById('a')).toBeUndefined();
        expect(ids(items.findBy('group', 'x'))).toEqual(['b']);
        expect(ids(items.findBy('tag', 't'))).toEqual(['b']);
        items.insert({ _id: 'a', group: 'x' });
        expect(ids(items.findBy('group', 'x'))).toEqual(['b', 'a']);
        expect(ids(items.find())).toEqual(['b', 'a']);
        expect(items.countBy('tag', 't')).toBe(1);
        expect(items.size).toBe(2);
    });

    it('inNaturalOrder sorts stored documents by insertion', () => {
        const items = collection();
        const [a, b, c] = ['a', 'b', 'c'].map((id) => items.insert({ _id: id }));
        expect(ids(items.inNaturalOrder([c, a, b]))).toEqual(['a', 'b', 'c']);
    });

    it('keeps the duplicate-key and missing-document errors', () => {
        const items = collection();
        items.insert({ _id: 'a', group: 'x' });
        expect(() => items.insert({ _id: 'a', group: 'y' })).toThrow('E11000 duplicate key error collection: items _id: a');
        expect(ids(items.findBy('group', 'y'))).toEqual([]);
        expect(() => items.replace({ _id: 'zz' })).toThrow('items: no document zz');
        expect(() => items.findBy('nope' as 'group', 'x')).toThrow('items: no index nope');
    });
});

describe('cloneDocument', () => {
    it('copies plain data and Dates deeply; a stored __proto__ key stays data', () => {
        const when = new Date('2024-01-01T00:00:00.000Z');
        const original = JSON.parse('{"a":{"b":[1,{"c":"d"}]},"__proto__":{"polluted":true}}') as { [key: string]: unknown };
        original.when = when;
        const copy = cloneDocument(original);
        expect(copy).toEqual(original);
        expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
        expect(Object.keys(copy)).toEqual(['a', '__proto__', 'when']);
        expect((copy as { polluted?: unknown }).polluted).toBeUndefined();
        expect(copy.when).not.toBe(when);
        expect(copy.when).toEqual(when);
        (copy.a as { b: unknown[] }).b.push(2);
        expect(original.a).toEqual({ b: [1, { c: 'd' }] });
    });
});
