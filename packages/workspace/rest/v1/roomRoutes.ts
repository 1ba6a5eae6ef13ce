import { RestError } from '../../functions/errors';
import { createRoom, findRoom, subscribe } from '../../functions/rooms';
import type { Database } from '../../store/Database';
import { requireString, roomMembersAllowed, route } from './route';

/** `channels.create` / `groups.create`: the same function, a public or a private room, answered under its own key. */
export function createRoomRoute(db: Database, type: 'c' | 'p', key: 'channel' | 'group') {
    return route((req) => {
        const body = req.body ?? {};
        const room = createRoom(db, {
            type,
            name: requireString(body.name, 'name'),
            owner: req.user,
            members: Array.isArray(body.members) ? body.members : [],
            readOnly: body.readOnly === true,
        });
        return { [key]: room };
    });
}

/** `channels.invite` / `groups.invite`. */
export function inviteRoute(db: Database, key: 'channel' | 'group') {
    return route((req) => {
        const body = req.body ?? {};
        const room = findRoom(db, body);
        roomMembersAllowed(db, room, req.user);
        const user = db.users.findOneById(requireString(body.userId, 'userId'));
        if (!user) {
            throw RestError.meteor('error-invalid-user', 'Invalid user');
        }
        subscribe(db, room, user);
        return { [key]: db.rooms.findOneById(room._id) };
    });
}
