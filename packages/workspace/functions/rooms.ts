import type { Database } from '../store/Database';
import { randomId } from '../store/ids';
import type { RawRoom, RawSubscription, RawUser, RoomType } from '../store/types';
import { RestError } from './errors';
import { findUserByUsername } from './users';

function userRef(user: RawUser) {
    return user.name === undefined
        ? { _id: user._id, username: user.username }
        : { _id: user._id, username: user.username, name: user.name };
}

export function subscribe(db: Database, room: RawRoom, user: RawUser, extra: Partial<RawSubscription> = {}): RawSubscription {
    const existing = db.subscriptions.findOneBy('rid', room._id, (sub) => sub.u._id === user._id);
    if (existing) {
        return existing;
    }
    const now = new Date();
    const subscription: RawSubscription = {
        _id: randomId(),
        rid: room._id,
        u: { _id: user._id, username: user.username },
        t: room.t,
        name: room.name ?? user.username,
        open: true,
        alert: false,
        unread: 0,
        userMentions: 0,
        groupMentions: 0,
        ls: now,
        ts: now,
        _updatedAt: now,
        ...extra,
    };
    if (room.fname !== undefined) subscription.fname = room.fname;
    db.subscriptions.insert(subscription);
    db.rooms.replace({ ...room, usersCount: db.subscriptions.countBy('rid', room._id), _updatedAt: now });
    return subscription;
}

export interface CreateRoomInput {
    type: 'c' | 'p';
    name: string;
    owner: RawUser;
    members?: string[];
    readOnly?: boolean;
    prid?: string;
    fname?: string;
    teamId?: string;
    teamMain?: boolean;
}

export function createRoom(db: Database, input: CreateRoomInput): RawRoom {
    if (!/^[\w.-]+$/.test(input.name)) {
        throw RestError.meteor('error-invalid-room-name', `${input.name} is not a valid room name`);
    }
    if (db.rooms.findOne((room) => room.name === input.name)) {
        throw RestError.meteor('error-duplicate-channel-name', `A channel with name '${input.name}' exists`);
    }
    const members = (input.members ?? []).map((username) => {
        const user = findUserByUsername(db, username);
        if (!user) {
            throw RestError.meteor('error-invalid-user', `Invalid user: ${username}`);
        }
        return user;
    });
    const now = new Date();
    const room: RawRoom = {
        _id: randomId(),
        t: input.type,
        name: input.name,
        fname: input.fname ?? input.name,
        u: { _id: input.owner._id, username: input.owner.username },
        msgs: 0,
        usersCount: 0,
        ts: now,
        ro: input.readOnly ?? false,
        sysMes: true,
        default: false,
        _updatedAt: now,
    };
    if (input.prid) room.prid = input.prid;
    if (input.teamId) room.teamId = input.teamId;
    if (input.teamMain) room.teamMain = true;
    db.rooms.insert(room);
    subscribe(db, room, input.owner, { roles: ['owner'] });
    for (const member of members) {
        subscribe(db, room, member);
    }
    return db.rooms.findOneById(room._id)!;
}

/** Direct messages: id = the sorted member ids joined (core's 1:1 rule), names come from the subscriptions. */
export function createDirect(db: Database, creator: RawUser, usernames: string[]): RawRoom {
    const others = usernames.map((username) => {
        const user = findUserByUsername(db, username);
        if (!user) {
            throw RestError.meteor('error-invalid-user', `Invalid user: ${username}`);
        }
        return user;
    });
    const members = [creator, ...others.filter((user) => user._id !== creator._id)];
    const uids = members.map((user) => user._id);
    const id = uids.length <= 2 ? [...uids].sort().join('') : randomId();
    const existing = db.rooms.findOneById(id);
    if (existing) {
        return existing;
    }
    const now = new Date();
    const room: RawRoom = {
        _id: id,
        t: 'd',
        uids,
        usernames: members.map((user) => user.username),
        msgs: 0,
        usersCount: 0,
        ts: now,
        _updatedAt: now,
    };
    db.rooms.insert(room);
    for (const member of members) {
        const others = members.filter((other) => other._id !== member._id || members.length === 1);
        subscribe(db, room, member, {
            name: others.map((other) => other.username).join(', '),
            fname: others.map((other) => other.name ?? other.username).join(', '),
        });
    }
    return db.rooms.findOneById(id)!;
}

export function createDiscussion(db: Database, owner: RawUser, prid: string, title: string, users: string[] = []): RawRoom {
    const parent = db.rooms.findOneById(prid);
    if (!parent) {
        throw RestError.meteor('error-invalid-room', 'Invalid room');
    }
    const type: RoomType = parent.t === 'c' ? 'c' : 'p';
    return createRoom(db, {
        type: type === 'c' ? 'c' : 'p',
        name: randomId(),
        fname: title,
        owner,
        members: users,
        prid,
    });
}

export function findRoom(db: Database, params: { roomId?: unknown; roomName?: unknown }): RawRoom {
    const room =
        typeof params.roomId === 'string'
            ? db.rooms.findOneById(params.roomId)
            : typeof params.roomName === 'string'
              ? db.rooms.findOne((candidate) => candidate.name === params.roomName)
              : undefined;
    if (!room) {
        throw RestError.meteor(
            'error-room-not-found',
            'The required "roomId" or "roomName" param provided does not match any channel',
        );
    }
    return room;
}

export function isMember(db: Database, roomId: string, userId: string): boolean {
    return !!db.subscriptions.findOneBy('rid', roomId, (sub) => sub.u._id === userId);
}

export { userRef };
