import { persistenceCollection } from './appPersistence';
import { Collection } from './Collection';
import { defaultSettings, toRawSetting } from './settings';
import type { Doc, RawMessage, RawRoom, RawSetting, RawSubscription, RawUser, TrashedDoc } from './types';

export { Collection };

/**
 * The in-memory stand-in for Rocket.Chat's MongoDB. Indexed like core's collections where the workspace looks up by
 * more than `_id`, so that a lookup costs what it returns, not what the store holds.
 */
export class Database {
    readonly users = new Collection<RawUser>('users');
    readonly rooms = new Collection<RawRoom>('rocketchat_room');
    readonly subscriptions = new Collection<RawSubscription, 'rid' | 'userId'>('rocketchat_subscription', {
        rid: (sub: RawSubscription) => sub.rid,
        // Fixture documents are stored as given; one without `u` is simply not filed.
        userId: (sub: RawSubscription) => sub.u?._id,
    });
    readonly messages = new Collection<RawMessage, 'rid' | 'tmid'>('rocketchat_message', {
        rid: (message: RawMessage) => message.rid,
        tmid: (message: RawMessage) => message.tmid,
    });
    readonly trash = new Collection<TrashedDoc>('rocketchat__trash');
    readonly settings = new Collection<RawSetting>('rocketchat_settings');
    readonly appsPersistence = persistenceCollection();

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
