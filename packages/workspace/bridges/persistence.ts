import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { PersistenceBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { Association, PersistenceSize } from '../store/appPersistence';
import { InMemoryPersistence } from '../store/appPersistence';
import { PersistenceReadMeter } from '../runtime/persistenceReadMeter';
import type { BridgeContext } from './context';

/** Associations arrive from the Deno runtime as plain `{model, id}` objects (class instances do not cross the pipe). */
const plainAssociations = (associations: RocketChatAssociationRecord[]) => associations as unknown as Association[];

/**
 * Core's persistence bridge (docs/architecture.md#host-facts-a-maintainer-needs): the semantics live in `InMemoryPersistence`, over the
 * database's `appsPersistence` collection; `update(id)` is not implemented on any server version.
 */
export class WorkspacePersistenceBridge extends PersistenceBridge {
    private readonly store: InMemoryPersistence;
    /** Sizes of what reads and removals answer (off until started; for benchmarks). */
    readonly reads = new PersistenceReadMeter();

    constructor(context: BridgeContext) {
        super();
        this.store = new InMemoryPersistence(context.db.appsPersistence);
    }

    protected async purge(appId: string): Promise<void> {
        this.store.purge(appId);
    }

    protected async create(data: object, appId: string): Promise<string> {
        return this.store.create(appId, data);
    }

    protected async createWithAssociations(
        data: object,
        associations: RocketChatAssociationRecord[],
        appId: string,
    ): Promise<string> {
        return this.store.create(appId, data, plainAssociations(associations));
    }

    protected async readById(id: string, appId: string): Promise<object> {
        const answer = this.store.readById(appId, id) as object;
        this.reads.read(answer);
        return answer;
    }

    protected async readByAssociations(associations: RocketChatAssociationRecord[], appId: string): Promise<object[]> {
        const answer = this.store.readByAssociations(appId, plainAssociations(associations));
        this.reads.read(answer);
        return answer;
    }

    protected async remove(id: string, appId: string): Promise<object | undefined> {
        return this.store.remove(appId, id);
    }

    protected async removeByAssociations(
        associations: RocketChatAssociationRecord[],
        appId: string,
    ): Promise<object[] | undefined> {
        const answer = this.store.removeByAssociations(appId, plainAssociations(associations));
        this.reads.removal(answer);
        return answer;
    }

    /** Records, JSON bytes and largest record of one app's persistence (for benchmarks). */
    sizeOf(appId: string): PersistenceSize {
        return this.store.sizeOf(appId);
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
        return this.store.updateByAssociations(appId, plainAssociations(associations), data, upsert);
    }
}
