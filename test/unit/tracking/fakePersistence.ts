import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

type Association = { model: string; id: string };
interface StoredRecord {
    associations: Association[];
    data: object;
}

const same = (a: Association, b: Association) => a.model === b.model && a.id === b.id;
const plain = (associations: RocketChatAssociationRecord[]) =>
    associations.map((association) => ({ model: association.getModel(), id: association.getID() }));
/** Another writer's turn may come between any two calls, as between two round trips to the server. */
/** Records cross a JSON-like pipe (and structuredClone would build objects of another realm under Jest). */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const yieldTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * App persistence with core's semantics (subset-match reads and removals, exact-array upserts, appending creates), no
 * transactions, and a turn for other writers at every call: two flows run with Promise.all interleave call by call.
 */
export class FakePersistence {
    readonly records: StoredRecord[] = [];
    calls = { reads: 0, writes: 0 };

    private matching(associations: RocketChatAssociationRecord[]): StoredRecord[] {
        const wanted = plain(associations);
        return this.records.filter((record) => wanted.every((one) => record.associations.some((own) => same(own, one))));
    }

    readonly reader = {
        readByAssociations: async (associations: RocketChatAssociationRecord[]) => {
            await yieldTurn();
            this.calls.reads += 1;
            return this.matching(associations).map((record) => copy(record.data));
        },
        readByAssociation: async (association: RocketChatAssociationRecord) => this.reader.readByAssociations([association]),
    } as unknown as IPersistenceRead;

    readonly writer = {
        createWithAssociations: async (data: object, associations: RocketChatAssociationRecord[]) => {
            await yieldTurn();
            this.calls.writes += 1;
            this.records.push({ associations: plain(associations), data: copy(data) });
            return String(this.records.length);
        },
        updateByAssociations: async (associations: RocketChatAssociationRecord[], data: object, upsert: boolean) => {
            await yieldTurn();
            this.calls.writes += 1;
            const wanted = plain(associations);
            const existing = this.records.find(
                (record) =>
                    record.associations.length === wanted.length &&
                    record.associations.every((own, index) => same(own, wanted[index])),
            );
            if (existing) {
                existing.data = copy(data);
            } else if (upsert) {
                this.records.push({ associations: wanted, data: copy(data) });
            }
            return 'id';
        },
        removeByAssociations: async (associations: RocketChatAssociationRecord[]) => {
            await yieldTurn();
            this.calls.writes += 1;
            const doomed = new Set(this.matching(associations));
            const removed = this.records.filter((record) => doomed.has(record)).map((record) => record.data);
            this.records.splice(0, this.records.length, ...this.records.filter((record) => !doomed.has(record)));
            return removed;
        },
        removeByAssociation: async (association: RocketChatAssociationRecord) => this.writer.removeByAssociations([association]),
    } as unknown as IPersistence;

    /** Stores a record as another version of the app would have (no turn taken). */
    seed(associations: Association[], data: object): void {
        this.records.push({ associations, data });
    }
}
