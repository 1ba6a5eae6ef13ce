import { InMemoryPersistence } from '@push-sync/workspace';
import type { Association } from '@push-sync/workspace';
import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

const APP_ID = 'push-sync';
const plain = (associations: RocketChatAssociationRecord[]) =>
    associations.map((association) => ({ model: association.getModel(), id: association.getID() }));
/** Another writer's turn may come between any two calls, as between two round trips to the server. */
/** Records cross a JSON-like pipe (and structuredClone would build objects of another realm under Jest). */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const yieldTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * App persistence with core's semantics (the workspace's `InMemoryPersistence`: subset-match reads and removals,
 * exact-array upserts, appending creates), no transactions, and a turn for other writers at every call: two flows run
 * with Promise.all interleave call by call.
 */
export class FakePersistence {
    readonly store = new InMemoryPersistence();
    calls = { reads: 0, writes: 0 };

    readonly reader = {
        readByAssociations: async (associations: RocketChatAssociationRecord[]) => {
            await yieldTurn();
            this.calls.reads += 1;
            return this.store.readByAssociations(APP_ID, plain(associations));
        },
        readByAssociation: async (association: RocketChatAssociationRecord) => this.reader.readByAssociations([association]),
    } as unknown as IPersistenceRead;

    /** One write: another writer's turn first, then counted. */
    private async write<T>(apply: () => T): Promise<T> {
        await yieldTurn();
        this.calls.writes += 1;
        return apply();
    }

    readonly writer = {
        createWithAssociations: (data: object, associations: RocketChatAssociationRecord[]) =>
            this.write(() => this.store.create(APP_ID, copy(data), plain(associations))),
        updateByAssociations: (associations: RocketChatAssociationRecord[], data: object, upsert: boolean) =>
            this.write(() => this.store.updateByAssociations(APP_ID, plain(associations), copy(data), upsert)),
        removeByAssociations: (associations: RocketChatAssociationRecord[]) =>
            this.write(() => this.store.removeByAssociations(APP_ID, plain(associations))),
        removeByAssociation: async (association: RocketChatAssociationRecord) => this.writer.removeByAssociations([association]),
    } as unknown as IPersistence;

    /** The records as stored, in natural order (copies). */
    get records(): Array<{ associations: Association[]; data: Record<string, unknown> }> {
        return this.store.list(APP_ID).map(({ associations, data }) => ({ associations, data }));
    }

    /** Stores a record as another version of the app would have (no turn taken). */
    seed(associations: Association[], data: object): void {
        this.store.create(APP_ID, data, associations);
    }
}
