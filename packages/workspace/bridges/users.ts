import type { IUserCreationOptions } from '@rocket.chat/apps-engine/definition/users';
import { UserBridge } from '@rocket.chat/apps-engine/server/bridges';

import { convertUserToApp } from '../converters/users';
import { badgeCount } from '../functions/messages';
import { randomId } from '../store/ids';
import type { RawUser } from '../store/types';
import type { AppObject, BridgeContext } from './context';
import { notImplemented } from './context';

export class WorkspaceUserBridge extends UserBridge {
    constructor(private readonly context: BridgeContext) {
        super();
    }

    private convert(user: RawUser | undefined): AppObject {
        return user ? convertUserToApp(user) : undefined;
    }

    protected async getById(id: string): Promise<AppObject> {
        return this.convert(this.context.db.users.findOneById(id));
    }

    protected async getByUsername(username: string): Promise<AppObject> {
        return this.convert(this.context.db.users.findOne((user) => user.username === username));
    }

    protected async getAppUser(appId?: string): Promise<AppObject> {
        return this.convert(this.context.db.users.findOne((user) => user.type === 'app' && user.appId === appId));
    }

    protected async getActiveUserCount(): Promise<number> {
        return this.context.db.users.find((user) => user.active && user.type === 'user').length;
    }

    /** Subscriptions.getBadgeCount, the number core puts in a push's `badge` (docs/architecture.md#host-facts-a-maintainer-needs). */
    protected async getUserUnreadMessageCount(uid: string): Promise<number> {
        return badgeCount(this.context.db, uid);
    }

    /** Every subscribed room id: hidden, closed and archived subscriptions included. */
    protected async getUserRoomIds(userId: string): Promise<string[]> {
        return this.context.db.subscriptions.findBy('userId', userId).map((sub) => sub.rid);
    }

    /** The app's bot user, created at install (a failure aborts the install). */
    protected async create(data: AppObject, appId: string, _options?: IUserCreationOptions): Promise<string> {
        const now = new Date();
        const user: RawUser = {
            _id: randomId(),
            username: data.username,
            name: data.name,
            type: data.type ?? 'app',
            active: data.isEnabled ?? true,
            roles: data.roles ?? ['app'],
            appId,
            createdAt: now,
            _updatedAt: now,
        };
        this.context.db.users.insert(user);
        return user._id;
    }

    protected async remove(user: AppObject): Promise<boolean> {
        return !!this.context.db.users.removeById(user.id);
    }

    protected async update(user: AppObject, updates: AppObject): Promise<boolean> {
        const stored = this.context.db.users.findOneById(user.id);
        if (!stored) {
            return false;
        }
        this.context.db.users.replace({ ...stored, ...updates, _updatedAt: new Date() });
        return true;
    }

    protected async deleteUsersCreatedByApp(appId: string): Promise<boolean> {
        for (const user of this.context.db.users.find((candidate) => candidate.appId === appId)) {
            this.context.db.users.removeById(user._id);
        }
        return true;
    }

    protected async deactivate(): Promise<boolean> {
        return notImplemented('UserBridge', 'deactivate');
    }
}
