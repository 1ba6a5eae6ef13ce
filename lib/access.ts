/**
 * Room access for the app (rocketchat-contract.md §3.2): an approximation of core's `canAccessRoom` built only from
 * what Apps-Engine accessors expose (no role→permission mapping, no teams, no subscriptions documents).
 * Pure: the caller loads the facts. Where a fact is missing the answer is "no".
 */

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
    /** Livechat: the agent serving the room. */
    servedById?: string;
    /** Member ids (`uids`), which the host fills for DMs only. */
    userIds?: readonly string[];
}

export interface AccessUserFacts {
    id: string;
    username?: string;
    /** Global roles. */
    roles: readonly string[];
}

export interface AccessFacts {
    room: AccessRoomFacts;
    user: AccessUserFacts;
    subscribedRoomIds: ReadonlySet<string> | readonly string[];
    /** App setting: roles that may read public channels (default holders of core's `view-c-room`). */
    publicChannelRoles: readonly string[];
}

export const DEFAULT_PUBLIC_CHANNEL_ROLES: readonly string[] = ['admin', 'user', 'bot', 'app'];

/** Core's default holders of `view-livechat-rooms`, plus monitors. */
const LIVECHAT_READER_ROLES: readonly string[] = ['admin', 'livechat-manager', 'livechat-monitor'];

const KNOWN_ROOM_TYPES = new Set(['c', 'p', 'd', 'l', 'v']);

/** Discussions nest; a deeper chain is treated as a loop. */
const MAX_DEPTH = 10;

function hasAnyRole(user: AccessUserFacts, roles: readonly string[]): boolean {
    return user.roles.some((role) => roles.includes(role));
}

function isMember(facts: AccessFacts): boolean {
    const { room, user, subscribedRoomIds } = facts;
    if (!room.id || !user.id) {
        return false;
    }
    const subscribed =
        subscribedRoomIds instanceof Set
            ? subscribedRoomIds.has(room.id)
            : (subscribedRoomIds as readonly string[]).includes(room.id);
    return subscribed || (room.t === 'd' && (room.userIds ?? []).includes(user.id));
}

/** Rule 1; a channel inside a team that is not its main room needs membership (rule 5): the team's privacy is unknown. */
function isReadablePublicChannel(facts: AccessFacts): boolean {
    const { room } = facts;
    return room.t === 'c' && (!room.teamId || room.isTeamMain === true) && hasAnyRole(facts.user, facts.publicChannelRoles);
}

function isLivechatReader(facts: AccessFacts): boolean {
    const { room, user } = facts;
    if (room.t !== 'l' && room.t !== 'v') {
        return false;
    }
    return (!!room.servedById && room.servedById === user.id) || hasAnyRole(user, LIVECHAT_READER_ROLES);
}

export function canAccessRoom(facts: AccessFacts, depth = 0): boolean {
    if (depth > MAX_DEPTH || !KNOWN_ROOM_TYPES.has(facts.room.t)) {
        return false;
    }
    if (isReadablePublicChannel(facts) || isMember(facts) || isLivechatReader(facts)) {
        return true;
    }
    const { parent, prid } = facts.room;
    // A discussion whose parent is missing, or is not the room `prid` names, is denied.
    return (
        parent !== undefined && (prid === undefined || prid === parent.id) && canAccessRoom({ ...facts, room: parent }, depth + 1)
    );
}
