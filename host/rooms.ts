/** The room facts push.get's notification depends on (docs/push.get.md#title-and-text). */
import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { PushRoomFacts, PushRoomMember } from '../lib/push/notification';
import { unmapped } from './bag';
import { readUser } from './users';

/** Only multi-user DMs without a room name need their members' names (docs/push.get.md). */
async function dmMembers(read: IRead, room: IRoom): Promise<PushRoomMember[] | undefined> {
    const userIds = room.userIds ?? [];
    if (room.type !== 'd' || userIds.length <= 2 || room.displayName || room.slugifiedName) {
        return undefined;
    }
    const users = await Promise.all(userIds.map((id) => readUser(read, id)));
    return users
        .filter((user): user is IUser => !!user)
        .map((user) => ({ id: user.id, username: user.username, name: user.name }));
}

export async function readPushRoomFacts(read: IRead, room: IRoom): Promise<PushRoomFacts> {
    const bag = unmapped(room);
    return {
        t: room.type,
        name: room.slugifiedName,
        fname: room.displayName,
        prid: room.parentRoom?.id,
        federated: (room as { isFederated?: boolean | null }).isFederated ?? (bag.federated as boolean | undefined),
        ro: room.isReadOnly,
        muted: Array.isArray(bag.muted) ? (bag.muted as string[]) : undefined,
        uids: room.userIds,
        members: await dmMembers(read, room),
    };
}
