import { createDirect } from '../../functions/rooms';
import type { V1Context } from './route';
import { requireString, route } from './route';

/** Direct messages: `im.create` with one `username` or a comma-separated `usernames` list. */
export function mountImRoutes({ router, db, authed }: V1Context): void {
    router.post(
        '/im.create',
        authed,
        route((req) => {
            const body = req.body ?? {};
            const usernames =
                typeof body.usernames === 'string'
                    ? body.usernames
                          .split(',')
                          .map((name: string) => name.trim())
                          .filter(Boolean)
                    : [requireString(body.username, 'username')];
            const room = createDirect(db, req.user, usernames);
            return { room: { ...room, rid: room._id } };
        }),
    );
}
