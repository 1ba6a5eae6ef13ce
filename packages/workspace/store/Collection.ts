/** What a secondary index files a document under: one key, several (a multi-key index), or none. */
export type IndexKeys<T> = (doc: T) => string | readonly string[] | undefined;

function keysOf<T>(keys: IndexKeys<T>, doc: T): string[] {
    const value = keys(doc);
    if (value === undefined) {
        return [];
    }
    return typeof value === 'string' ? [value] : [...new Set(value)];
}

/** The ids filed under one key, kept in natural order so that an indexed find answers like a full scan. */
interface Bucket {
    ids: Set<string>;
    /** Natural position of the last id added; a smaller one arriving means the bucket must be re-sorted. */
    lastPosition: number;
}

/**
 * A secondary index: key → ids. Lookups cost what they return, not what the collection holds. Documents are never
 * mutated in place (the collection replaces them), so the index only changes on insert, replace and remove.
 */
class SecondaryIndex<T extends { _id: string }> {
    private readonly buckets = new Map<string, Bucket>();

    constructor(
        private readonly keys: IndexKeys<T>,
        private readonly positionOf: (id: string) => number,
    ) {}

    add(doc: T, only?: readonly string[]): void {
        const position = this.positionOf(doc._id);
        for (const key of only ?? keysOf(this.keys, doc)) {
            const bucket = this.buckets.get(key);
            if (!bucket) {
                this.buckets.set(key, { ids: new Set([doc._id]), lastPosition: position });
            } else if (position >= bucket.lastPosition) {
                bucket.ids.add(doc._id);
                bucket.lastPosition = position;
            } else {
                // Only a replace that changes a key files an older document after newer ones: rare, so re-sort then.
                const ids = [...bucket.ids, doc._id].sort((a, b) => this.positionOf(a) - this.positionOf(b));
                bucket.ids = new Set(ids);
            }
        }
    }

    remove(doc: T, only?: readonly string[]): void {
        for (const key of only ?? keysOf(this.keys, doc)) {
            const bucket = this.buckets.get(key);
            bucket?.ids.delete(doc._id);
            if (bucket?.ids.size === 0) {
                this.buckets.delete(key);
            }
        }
    }

    replace(before: T, after: T): void {
        const old = keysOf(this.keys, before);
        const now = keysOf(this.keys, after);
        this.remove(
            before,
            old.filter((key) => !now.includes(key)),
        );
        this.add(
            after,
            now.filter((key) => !old.includes(key)),
        );
    }

    ids(key: string): readonly string[] {
        const bucket = this.buckets.get(key);
        return bucket ? [...bucket.ids] : [];
    }

    size(key: string): number {
        return this.buckets.get(key)?.ids.size ?? 0;
    }
}

/**
 * A collection in insertion ("natural") order, like an unsorted MongoDB find, with named secondary indexes.
 * `find` scans everything; `findBy`/`findOneBy` read one index key and then filter, in the same natural order.
 */
export class Collection<T extends { _id: string }, I extends string = never> {
    private readonly docs = new Map<string, T>();
    /** Natural position of each stored id: a re-inserted document goes last, as in the Map. */
    private readonly positions = new Map<string, number>();
    private nextPosition = 0;
    private readonly indexes = new Map<I, SecondaryIndex<T>>();

    constructor(
        readonly name: string,
        indexes?: { readonly [K in I]: IndexKeys<T> },
    ) {
        const positionOf = (id: string) => this.positions.get(id) ?? Number.MAX_SAFE_INTEGER;
        for (const [index, keys] of Object.entries(indexes ?? {}) as Array<[I, IndexKeys<T>]>) {
            this.indexes.set(index, new SecondaryIndex(keys, positionOf));
        }
    }

    insert(doc: T): T {
        if (this.docs.has(doc._id)) {
            throw new Error(`E11000 duplicate key error collection: ${this.name} _id: ${doc._id}`);
        }
        this.docs.set(doc._id, doc);
        this.positions.set(doc._id, this.nextPosition++);
        for (const index of this.indexes.values()) {
            index.add(doc);
        }
        return doc;
    }

    findOneById(id: string): T | undefined {
        return this.docs.get(id);
    }

    /** A full scan: fine for small collections and tests, never on a request's path for a big one. */
    find(predicate: (doc: T) => boolean = () => true): T[] {
        return [...this.docs.values()].filter(predicate);
    }

    findOne(predicate: (doc: T) => boolean): T | undefined {
        for (const doc of this.docs.values()) {
            if (predicate(doc)) {
                return doc;
            }
        }
        return undefined;
    }

    /** The documents filed under `key` in `index` that also pass `predicate`, in natural order. */
    findBy(index: I, key: string, predicate: (doc: T) => boolean = () => true): T[] {
        const found: T[] = [];
        for (const id of this.index(index).ids(key)) {
            const doc = this.docs.get(id)!;
            if (predicate(doc)) {
                found.push(doc);
            }
        }
        return found;
    }

    findOneBy(index: I, key: string, predicate: (doc: T) => boolean = () => true): T | undefined {
        for (const id of this.index(index).ids(key)) {
            const doc = this.docs.get(id)!;
            if (predicate(doc)) {
                return doc;
            }
        }
        return undefined;
    }

    /** How many documents are filed under `key`: lets a caller start from the smallest of several candidate keys. */
    countBy(index: I, key: string): number {
        return this.index(index).size(key);
    }

    /** The given stored documents in natural order (for merging lookups from different keys). */
    inNaturalOrder(docs: readonly T[]): T[] {
        const position = (doc: T) => this.positions.get(doc._id) ?? Number.MAX_SAFE_INTEGER;
        return [...docs].sort((a, b) => position(a) - position(b));
    }

    /** Replaces the stored document (callers build the new version; `_updatedAt` is theirs to set). */
    replace(doc: T): void {
        const before = this.docs.get(doc._id);
        if (!before) {
            throw new Error(`${this.name}: no document ${doc._id}`);
        }
        this.docs.set(doc._id, doc);
        for (const index of this.indexes.values()) {
            index.replace(before, doc);
        }
    }

    removeById(id: string): T | undefined {
        const doc = this.docs.get(id);
        if (doc) {
            for (const index of this.indexes.values()) {
                index.remove(doc);
            }
            this.docs.delete(id);
            this.positions.delete(id);
        }
        return doc;
    }

    get size(): number {
        return this.docs.size;
    }

    private index(name: I): SecondaryIndex<T> {
        const index = this.indexes.get(name);
        if (!index) {
            throw new Error(`${this.name}: no index ${name}`);
        }
        return index;
    }
}
