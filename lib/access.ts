/**
 * Room access for the app (docs/push.get.md#who-may-read-what): core's `canAccessRoom` rebuilt from what Apps-Engine accessors
 * expose. Apps cannot read core's role→permission grants, so the view grants that matter are the app's own settings,
 * defaulting to core's defaults. Pure: the caller loads the facts. Where a fact is missing the answer is "no"; every
 * difference from core only ever denies.
 */

/** The roles holding each of core's view permissions, as mirrored in the app settings. */
export interface ViewGrants {
    'view-c-room': readonly string[];
    'view-p-room': readonly string[];
    'view-d-room': readonly string[];
    'view-joined-room': readonly string[];
    'view-livechat-rooms': readonly string[];
}

export type ViewPermission = keyof ViewGrants;

/** Core's default grants (apps/meteor/app/authorization/server/constant/permissions.ts). */
export const DEFAULT_VIEW_GRANTS: ViewGrants = {
    'view-c-room': ['admin', 'user', 'bot', 'app', 'anonymous'],
    'view-p-room': ['admin', 'user', 'anonymous', 'guest'],
    'view-d-room': ['admin', 'user', 'bot', 'app', 'guest'],
    'view-joined-room': ['guest', 'bot', 'app', 'anonymous'],
    'view-livechat-rooms': ['livechat-manager', 'livechat-monitor', 'admin'],
};

export interface AccessRoomFacts {
    id: string;
    /** Room type letter: `c`, `p`, `d`, `l`, `v`. */
    t: string;
    teamId?: string;
    isTeamMain?: boolean;
    /** Set for discussions; their access is the parent's. */
    prid?: string;
    /** The parent room's facts (the app room's `parentRoom`), loaded by the caller for discussions. */
    parent?: AccessRoomFacts;
    /** Livechat: the serving agent's id, only when that agent's user record still exists. */
    servedById?: string;
}

export interface AccessUserFacts {
    id: string;
    /** Global roles. */
    roles: readonly string[];
}

export interface AccessFacts {
    room: AccessRoomFacts;
    user: AccessUserFacts;
    /** The rooms the user is subscribed to. */
    subscribedRoomIds: ReadonlySet<string> | readonly string[];
    grants: ViewGrants;
}

/** Room types whose `view-<t>-room` permission the app mirrors. */
const TYPE_PERMISSION: { readonly [type: string]: ViewPermission | undefined } = {
    c: 'view-c-room',
    p: 'view-p-room',
    d: 'view-d-room',
};

const KNOWN_ROOM_TYPES = new Set(['c', 'p', 'd', 'l', 'v']);

/** Discussions nest; a deeper chain is treated as a loop. */
const MAX_DEPTH = 10;

function holds(facts: AccessFacts, permission: ViewPermission): boolean {
    const roles = facts.grants[permission];
    return facts.user.roles.some((role) => roles.includes(role));
}

function isSubscribed({ room, user, subscribedRoomIds }: AccessFacts): boolean {
    if (!room.id || !user.id) {
        return false;
    }
    return subscribedRoomIds instanceof Set
        ? subscribedRoomIds.has(room.id)
        : (subscribedRoomIds as readonly string[]).includes(room.id);
}

/** Rule 1; a channel inside a team that is not its main room falls to rule 2: the team's privacy is unknown. */
function isReadablePublicChannel(facts: AccessFacts): boolean {
    const { room } = facts;
    return room.t === 'c' && (!room.teamId || room.isTeamMain === true) && holds(facts, 'view-c-room');
}

/** Rule 2, core's `_validateIfAlreadyJoined`: a subscription alone never suffices, and a DM's `uids` grant nothing. */
function isJoinedWithViewPermission(facts: AccessFacts): boolean {
    if (!isSubscribed(facts)) {
        return false;
    }
    const typePermission = TYPE_PERMISSION[facts.room.t];
    return holds(facts, 'view-joined-room') || (typePermission !== undefined && holds(facts, typePermission));
}

/** Rule 4. */
function isLivechatReader(facts: AccessFacts): boolean {
    const { room, user } = facts;
    if (room.t !== 'l' && room.t !== 'v') {
        return false;
    }
    return (!!room.servedById && room.servedById === user.id) || holds(facts, 'view-livechat-rooms');
}

export function canAccessRoom(facts: AccessFacts, depth = 0): boolean {
    if (depth > MAX_DEPTH || !KNOWN_ROOM_TYPES.has(facts.room.t)) {
        return false;
    }
    if (isReadablePublicChannel(facts) || isJoinedWithViewPermission(facts) || isLivechatReader(facts)) {
        return true;
    }
    // Rule 3. A discussion whose parent is missing, or is not the room `prid` names, is denied.
    const { parent, prid } = facts.room;
    return (
        parent !== undefined && (prid === undefined || prid === parent.id) && canAccessRoom({ ...facts, room: parent }, depth + 1)
    );
}
