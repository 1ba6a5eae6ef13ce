import { createRoomRoute, inviteRoute } from './roomRoutes';
import type { V1Context } from './route';

/** Private rooms: `groups.create`, `groups.invite`. */
export function mountGroupsRoutes({ router, db, authed }: V1Context): void {
    router.post('/groups.create', authed, createRoomRoute(db, 'p', 'group'));
    router.post('/groups.invite', authed, inviteRoute(db, 'group'));
}
