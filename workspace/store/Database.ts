import { defaultSettings, toRawSetting } from './settings';
import type { Doc, PersistenceRecord, RawMessage, RawRoom, RawSetting, RawSubscription, RawUser, TrashedDoc } from './types';

/** A collection in insertion ("natural") order, like an unsorted MongoDB find. */
export class Collection<T extends { _id: string }> {
    private readonly docs = new Map<string, T>();

    constructor(readonly name: string) {}

    insert(doc: T): T {
        if (this.docs.has(doc._id)) {
            throw new Error(`E11000 duplicate key error collection: ${this.name} _id: ${doc._id}`);
        }
        this.docs.set(doc._id, doc);
        return doc;
    }

    findOneById(id: string): T | undefined {
        return this.docs.get(id);
    }

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

    /** Replaces the stored document (callers build the new version; `_updatedAt` is theirs to set). */
    replace(doc: T): void {
        if (!this.docs.has(doc._id)) {
            throw new Error(`${this.name}: no document ${doc._id}`);
        }
        this.docs.set(doc._id, doc);
    }

    removeById(id: string): T | undefined {
        const doc = this.docs.get(id);
        this.docs.delete(id);
        return doc;
    }

    get size(): number {
        return this.docs.size;
    }
}

/** The in-memory stand-in for Rocket.Chat's MongoDB. */
export class Database {
    readonly users = new Collection<RawUser>('users');
    readonly rooms = new Collection<RawRoom>('rocketchat_room');
    readonly subscriptions = new Collection<RawSubscription>('rocketchat_subscription');
    readonly messages = new Collection<RawMessage>('rocketchat_message');
    readonly trash = new Collection<TrashedDoc>('rocketchat__trash');
    readonly settings = new Collection<RawSetting>('rocketchat_settings');
    readonly appsPersistence = new Collection<PersistenceRecord>('rocketchat_apps_persistence');

    constructor(siteUrl: string) {
        const now = new Date();
        for (const seed of defaultSettings(siteUrl)) {
            this.settings.insert(toRawSetting(seed, now));
        }
    }

    settingValue<T = unknown>(id: string): T {
        const setting = this.settings.findOneById(id);
        return (setting?.value ?? setting?.packageValue) as T;
    }

    /** Core's BaseRaw trash: a removed document is kept with `_deletedAt` and `__collection__`. */
    moveMessageToTrash(id: string, now: Date): void {
        const doc = this.messages.removeById(id);
        if (doc) {
            this.trash.removeById(id);
            this.trash.insert({ ...(doc as Doc), _id: id, _deletedAt: now, __collection__: 'message' } as TrashedDoc);
        }
    }
}
