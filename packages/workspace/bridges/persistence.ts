import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { PersistenceBridge } from '@rocket.chat/apps-engine/server/bridges';

import { cloneDocument } from '../store/clone';
import { randomId } from '../store/ids';
import { persistenceAssociationKey } from '../store/Database';
import type { Doc, PersistenceRecord } from '../store/types';
import type { BridgeContext } from './context';

type Association = { model: string; id: string };

/** Associations arrive from the Deno runtime as plain `{model, id}` objects (class instances do not cross the pipe). */
function plainAssociations(associations: RocketChatAssociationRecord[]): Association[] {
    return (associations as unknown as Association[]).map(({ model, id }) => ({ model, id }));
}

const sameAssociation = (a: Association, b: Association) => a.model === b.model && a.id === b.id;

/**
 * Core's persistence bridge (docs/architecture.md, "Host facts"): `{appId, associations, data}` records; reads and removals by
 * association are subset matches (a removal that matches nothing returns no value), updates by association need the
 * exact array in the same order and return the new record's id only when they inserted one (else ''), and
 * `update(id)` is not implemented on any server version.
 */
export class WorkspacePersistenceBridge extends PersistenceBridge {
    constructor(private readonly context: BridgeContext) {
        super();
    }

    private get records() {
        return this.context.db.appsPersistence;
    }

    private matching(appId: string, associations: RocketChatAssociationRecord[]): PersistenceRecord[] {
        const wanted = plainAssociations(associations);
        return this.candidates(appId, wanted).filter((record) =>
            wanted.every((association) => record.associations.some((own) => sameAssociation(own, association))),
        );
    }

    /** The app's records that carry the rarest wanted association (or all of them if none is wanted), from the index. */
    private candidates(appId: string, wanted: Association[]): PersistenceRecord[] {
        if (wanted.length === 0) {
            return this.records.findBy('appId', appId);
        }
        const keys = wanted.map((association) => persistenceAssociationKey(appId, association));
        const rarest = keys.reduce((best, key) =>
            this.records.countBy('association', key) < this.records.countBy('association', best) ? key : best,
        );
        return this.records.findBy('association', rarest);
    }

    protected async purge(appId: string): Promise<void> {
        for (const record of this.records.findBy('appId', appId)) {
            this.records.removeById(record._id);
        }
    }

    protected async create(data: object, appId: string): Promise<string> {
        return this.records.insert({ _id: randomId(), appId, associations: [], data: cloneDocument(data) as Doc })._id;
    }

    protected async createWithAssociations(
        data: object,
        associations: RocketChatAssociationRecord[],
        appId: string,
    ): Promise<string> {
        return this.records.insert({
            _id: randomId(),
            appId,
            associations: plainAssociations(associations),
            data: cloneDocument(data) as Doc,
        })._id;
    }

    protected async readById(id: string, appId: string): Promise<object> {
        const record = this.records.findOneById(id);
        return record && record.appId === appId ? cloneDocument(record.data) : (undefined as unknown as object);
    }

    protected async readByAssociations(associations: RocketChatAssociationRecord[], appId: string): Promise<object[]> {
        return this.matching(appId, associations).map((record) => cloneDocument(record.data));
    }

    protected async remove(id: string, appId: string): Promise<object | undefined> {
        const record = this.records.findOneById(id);
        if (!record || record.appId !== appId) {
            return undefined;
        }
        this.records.removeById(id);
        return record.data;
    }

    protected async removeByAssociations(
        associations: RocketChatAssociationRecord[],
        appId: string,
    ): Promise<object[] | undefined> {
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

    protected async update(): Promise<string> {
        throw new Error('Not implemented.');
    }

    protected async updateByAssociations(
        associations: RocketChatAssociationRecord[],
        data: object,
        upsert: boolean,
        appId: string,
    ): Promise<string> {
        const wanted = plainAssociations(associations);
        const existing = this.candidates(appId, wanted).find(
            (record) =>
                record.associations.length === wanted.length &&
                record.associations.every((association, index) => sameAssociation(association, wanted[index])),
        );
        // core returns the update's `upsertedId || ''`: the new record's id after an insert, '' otherwise.
        if (existing) {
            this.records.replace({ ...existing, data: cloneDocument(data) as Doc });
            return '';
        }
        if (!upsert) {
            return '';
        }
        return this.createWithAssociations(data, associations, appId);
    }
}
