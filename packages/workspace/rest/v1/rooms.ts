import { RestError } from '../../functions/errors';
import { cleanHistory } from '../../functions/messages';
import { createDiscussion, findRoom } from '../../functions/rooms';
import { requireAdmin } from '../auth';
import type { V1Context } from './route';
import { requireDate, requireString, roomMembersAllowed, route } from './route';

/** core's rooms.cleanHistory flags: `true`, `'true'`, `1` and `'1'` mean yes; anything else, or nothing, means no. */
function isTrueFlag(value: unknown): boolean {
    return [true, 'true', 1, '1'].includes(value as never);
}

/** `limit` as core's request schema coerces it: a whole number of messages, 0 (or absent) for no limit. */
function pruneLimit(value: unknown): number {
    if (value === undefined) {
        return 0;
    }
    const limit = Number(value);
    if (!Number.isInteger(limit) || limit < 0) {
        throw RestError.meteor('error-invalid-params', "The 'limit' param must be a whole number");
    }
    return limit;
}

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
                // core hands `inclusive` on as given and tests it for truthiness.
                inclusive: Boolean(body.inclusive),
                limit: pruneLimit(body.limit),
                excludePinned: isTrueFlag(body.excludePinned),
                filesOnly: isTrueFlag(body.filesOnly),
                ignoreThreads: isTrueFlag(body.ignoreThreads),
                ignoreDiscussion: isTrueFlag(body.ignoreDiscussion),
                users: Array.isArray(body.users) ? body.users.filter(Boolean) : [],
            });
            return { _id: roomId, count };
        }),
    );
}
