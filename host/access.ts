/**
 * Room access, read from the host and decided by lib/access.ts (docs/push.get.md#who-may-read-what). Every value
 * crossed the host pipe, so "absent" may arrive as `null` (docs/architecture.md#host-facts-a-maintainer-needs).
 */
import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { AccessRoomFacts, AccessUserFacts } from '../lib/access';
import { canAccessRoom } from '../lib/access';
import { readAppSettings } from './settings';

const MAX_PARENT_DEPTH = 10;

/** The access facts of a converted room, parents included (the host converts `parentRoom` recursively). */
export function roomAccessFacts(room: IRoom, depth = 0): AccessRoomFacts {
    // The host converts `servedBy` by reading the agent's user record: nothing (or no username) when it was deleted.
    const servedBy = (room as { servedBy?: { id?: string; username?: string } | null }).servedBy;
    const parent = room.parentRoom && depth < MAX_PARENT_DEPTH ? roomAccessFacts(room.parentRoom, depth + 1) : undefined;
    return {
        id: room.id,
        t: room.type,
        teamId: room.teamId ?? undefined,
        isTeamMain: room.isTeamMain ?? undefined,
        prid: parent?.id,
        parent,
        servedById: servedBy?.id && servedBy.username ? servedBy.id : undefined,
    };
}

export function userAccessFacts(user: IUser): AccessUserFacts {
    return { id: user.id, roles: user.roles ?? [] };
}

export interface RoomAccess {
    /** Core's `canAccessRoomAsync(room, user)`: a missing room is never accessible. */
    canAccessRoom(room: IRoom | null | undefined, user: IUser): boolean;
}

/**
 * What an access check needs besides the room: the user's room ids (a bridge call) and the view grants (app settings).
 * Read up front, in the caller's first parallel round, so that the check itself is one synchronous call.
 */
export async function readRoomAccess(read: IRead, userId: string): Promise<RoomAccess> {
    const [subscribedRoomIds, settings] = await Promise.all([read.getUserReader().getUserRoomIds(userId), readAppSettings(read)]);
    return {
        canAccessRoom: (room, user) =>
            !!room &&
            canAccessRoom({
                room: roomAccessFacts(room),
                user: userAccessFacts(user),
                subscribedRoomIds: subscribedRoomIds ?? [],
                grants: settings.viewGrants,
            }),
    };
}
