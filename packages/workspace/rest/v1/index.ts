import { Router } from 'express';

import type { MessageEvents } from '../../functions/messages';
import type { Database } from '../../store/Database';
import { requireUser } from '../auth';
import { mountChannelsRoutes } from './channels';
import { mountChatRoutes } from './chat';
import { mountGroupsRoutes } from './groups';
import { mountImRoutes } from './im';
import { mountLoginRoutes } from './login';
import { mountRoomsRoutes } from './rooms';
import { mountSettingsRoutes } from './settings';
import { mountSubscriptionsRoutes } from './subscriptions';
import { mountUsersRoutes } from './users';

export const SERVER_VERSION = '8.4.0';

/** The /api/v1 subset the workspace serves, one file per domain as core's apps/meteor/app/api/server/v1/. */
export function v1Router(db: Database, events: MessageEvents): Router {
    const context = { router: Router(), db, events, authed: requireUser(db) };
    for (const mount of [
        mountLoginRoutes,
        mountUsersRoutes,
        mountChannelsRoutes,
        mountGroupsRoutes,
        mountImRoutes,
        mountRoomsRoutes,
        mountChatRoutes,
        mountSubscriptionsRoutes,
        mountSettingsRoutes,
    ]) {
        mount(context);
    }
    return context.router;
}
