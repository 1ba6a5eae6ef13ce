import { cleanHistory } from '../../functions/messages';
import { createDiscussion, findRoom } from '../../functions/rooms';
import { requireAdmin } from '../auth';
import type { V1Context } from './route';
import { requireDate, requireString, roomMembersAllowed, route } from './route';

/** `rooms.createDiscussion`, `rooms.cleanHistory`. */
export function mountRoomsRoutes({ router, db, authed }: V1Context): void {
    router.post(
        '/rooms.createDiscussion',
        authed,
        route((req) => {
            const body = req.body ?? {};
            const parent = findRoom(db, { roomId: requireString(body.prid, 'prid') });
            roomMembersAllowed(db, parent, req.user);
            const discussion = createDiscussion(
                db,
                req.user,
                parent._id,
                requireString(body.t_name, 't_name'),
                Array.isArray(body.users) ? body.users : [],
            );
            return { discussion };
        }),
    );

    router.post(
        '/rooms.cleanHistory',
        authed,
        requireAdmin,
        route((req) => {
            const body = req.body ?? {};
            const roomId = requireString(body.roomId, 'roomId');
            findRoom(db, { roomId });
            const count = cleanHistory(db, {
                roomId,
                latest: requireDate(body.latest, 'latest'),
                oldest: requireDate(body.oldest, 'oldest'),
                inclusive: body.inclusive === true,
                excludePinned: body.excludePinned === true,
                ignoreThreads: body.ignoreThreads === true,
                users: Array.isArray(body.users) ? body.users : undefined,
            });
            return { _id: roomId, count };
        }),
    );
}
