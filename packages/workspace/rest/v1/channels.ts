import { RestError } from '../../functions/errors';
import { findRoom, subscribe } from '../../functions/rooms';
import { createRoomRoute, inviteRoute } from './roomRoutes';
import type { V1Context } from './route';
import { route } from './route';

/** Public rooms: `channels.create`, `channels.invite`, `channels.join`. */
export function mountChannelsRoutes({ router, db, authed }: V1Context): void {
    router.post('/channels.create', authed, createRoomRoute(db, 'c', 'channel'));
    router.post('/channels.invite', authed, inviteRoute(db, 'channel'));

    router.post(
        '/channels.join',
        authed,
        route((req) => {
            const room = findRoom(db, req.body ?? {});
            if (room.t !== 'c') {
                throw RestError.meteor(
                    'error-room-not-found',
                    'The required "roomId" or "roomName" param provided does not match any channel',
                );
            }
            subscribe(db, room, req.user);
            return { channel: db.rooms.findOneById(room._id) };
        }),
    );
}
