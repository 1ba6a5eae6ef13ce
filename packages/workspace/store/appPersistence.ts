import { calculateObjectSize } from 'bson';

import { cloneDocument } from './clone';
import { Collection } from './Collection';
import { randomId } from './ids';
import type { Doc } from './types';

/** One association of an app persistence record, as plain data (`RocketChatAssociationRecord` without its class). */
export interface Association {
    model: string;
    id: string;
}

/** A document of core's `rocketchat_apps_persistence` collection. */
export interface PersistenceRecord {
    _id: string;
    appId: string;
    associations: Association[];
    data: Doc;
}

export type PersistenceCollection = Collection<PersistenceRecord, 'appId' | 'association'>;

/** The persistence index key of one association of one app's record (association reads are per app). */
export function persistenceAssociationKey(appId: string, association: Association): string {
    return JSON.stringify([appId, association.model, association.id]);
}

/** Core's `rocketchat_apps_persistence`, indexed by app and by association. */
export function persistenceCollection(): PersistenceCollection {
    return new Collection<PersistenceRecord, 'appId' | 'association'>('rocketchat_apps_persistence', {
        appId: (record: PersistenceRecord) => record.appId,
        association: (record: PersistenceRecord) =>
            record.associations.map((association) => persistenceAssociationKey(record.appId, association)),
    });
}

/** MongoDB's largest document (BSON), as core's `rocketchat_apps_persistence` collection enforces it. */
export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;

/**
 * Nothing before MongoDB checks a record's size: the server refuses it with its write error, an insert and an
 * upsert/replace each with its own text. Measured on the stored document (`_id`, `appId`, `associations`, `data`), as
 * MongoDB measures it.
 */
function refuseOversize(record: PersistenceRecord, operation: 'insert' | 'update'): PersistenceRecord {
    const size = calculateObjectSize(record);
    if (size > MAX_BSON_OBJECT_SIZE) {
        throw new Error(
            operation === 'insert'
                ? `object to insert too large. size in bytes: ${size}, max size: ${MAX_BSON_OBJECT_SIZE}`
                : `Resulting document after update is larger than ${MAX_BSON_OBJECT_SIZE}`,
        );
    }
    return record;
}

/** One app's persistence, as the benchmarks report it. */
export interface PersistenceSize {
    readonly records: number;
    /** UTF-8 bytes of the records' `data` as JSON, summed. */
    readonly jsonBytes: number;
    /** The largest record's `data` as JSON, in UTF-8 bytes. */
    readonly largestRecord: number;
}

export function persistenceSizeOf(records: readonly PersistenceRecord[]): PersistenceSize {
    let jsonBytes = 0;
    let largestRecord = 0;
    for (const record of records) {
        const bytes = Buffer.byteLength(JSON.stringify(record.data));
        jsonBytes += bytes;
        largestRecord = Math.max(largestRecord, bytes);
    }
    return { records: records.length, jsonBytes, largestRecord };
}

const sameAssociation = (a: Association, b: Association) => a.model === b.model && a.id === b.id;
const plain = (associations: readonly Association[]): Association[] => associations.map(({ model, id }) => ({ model, id }));

/**
 * Core's app persistence semantics (packages/workspace/README.md#what-the-app-gets-from-the-host), the one copy the
 * workspace's persistence bridge and the test fakes share: `{appId, associations, data}` records; reads and removals
 * by association are subset matches in natural order (a removal that matches nothing returns no value), updates by
 * association need the exact array in the same order and return the new record's id only when they inserted one (else
 * ''). Reads and writes go through the indexes, so a lookup costs what it returns, not what the store holds. Data is
 * copied in and out.
 */
export class InMemoryPersistence {
    constructor(readonly records: PersistenceCollection = persistenceCollection()) {}

    /** The app's records that carry the rarest wanted association (or all of them if none is wanted), from the index. */
    private candidates(appId: string, wanted: readonly Association[]): PersistenceRecord[] {
        if (wanted.length === 0) {
            return this.records.findBy('appId', appId);
        }
        const keys = wanted.map((association) => persistenceAssociationKey(appId, association));
        const rarest = keys.reduce((best, key) =>
            this.records.countBy('association', key) < this.records.countBy('association', best) ? key : best,
        );
        return this.records.findBy('association', rarest);
    }

    /** The app's records carrying every wanted association, in natural order. */
    matching(appId: string, wanted: readonly Association[]): PersistenceRecord[] {
        return this.candidates(appId, wanted).filter((record) =>
            wanted.every((association) => record.associations.some((own) => sameAssociation(own, association))),
        );
    }

    purge(appId: string): void {
        for (const record of this.records.findBy('appId', appId)) {
            this.records.removeById(record._id);
        }
    }

    create(appId: string, data: object, associations: readonly Association[] = []): string {
        const record = { _id: randomId(), appId, associations: plain(associations), data: cloneDocument(data) as Doc };
        return this.records.insert(refuseOversize(record, 'insert'))._id;
    }

    readById(appId: string, id: string): Doc | undefined {
        const record = this.records.findOneById(id);
        return record && record.appId === appId ? cloneDocument(record.data) : undefined;
    }

    readByAssociations(appId: string, associations: readonly Association[]): Doc[] {
        return this.matching(appId, associations).map((record) => cloneDocument(record.data));
    }

    remove(appId: string, id: string): Doc | undefined {
        const record = this.records.findOneById(id);
        if (!record || record.appId !== appId) {
            return undefined;
        }
        this.records.removeById(id);
        return record.data;
    }

    removeByAssociations(appId: string, associations: readonly Association[]): Doc[] | undefined {
        const removed = this.matching(appId, associations);
        if (removed.length === 0) {
            // core answers "nothing removed" with no value, not with an empty list.
            return undefined;
        }
        for (const record of removed) {
            this.records.removeById(record._id);
        }
        return removed.map((record) => record.data);
    }

    updateByAssociations(appId: string, associations: readonly Association[], data: object, upsert: boolean): string {
        const existing = this.candidates(appId, associations).find(
            (record) =>
                record.associations.length === associations.length &&
                record.associations.every((association, index) => sameAssociation(association, associations[index])),
        );
        // core returns the update's `upsertedId || ''`: the new record's id after an insert, '' otherwise.
        if (existing) {
            this.records.replace(refuseOversize({ ...existing, data: cloneDocument(data) as Doc }, 'update'));
            return '';
        }
        return upsert ? this.create(appId, data, associations) : '';
    }

    /** Records, JSON bytes and largest record of one app's persistence (for benchmarks). */
    sizeOf(appId: string): PersistenceSize {
        return persistenceSizeOf(this.records.findBy('appId', appId));
    }

    /** Every record of the app (or of all apps), in natural order. */
    list(appId?: string): PersistenceRecord[] {
        return appId === undefined ? this.records.find(() => true) : this.records.findBy('appId', appId);
    }
}
