import { RoomBridge } from '@rocket.chat/apps-engine/server/bridges';

import { convertRoom } from '../converters/rooms';
import { convertUserById } from '../converters/users';
import type { RawMessage, RawRoom } from '../store/types';
import { cloneDocument } from '../store/clone';
import type { AppObject, BridgeContext } from './context';
import { notImplemented } from './context';

const MAX_MESSAGES_LIMIT = 100;

/** Core's convertMessageRaw (docs/architecture.md#host-facts-a-maintainer-needs): no lookups, raw sender, the rest in the bag. */
function convertMessageRaw(raw: RawMessage): AppObject {
    const { _id, rid, u, editedBy, tmid, tcount, t, ts, _updatedAt, msg, ...rest } = cloneDocument(raw);
    return {
        id: _id,
        roomId: rid,
        sender: u,
        editor: editedBy,
        threadId: tmid,
        threadMsgCount: tcount,
        type: t,
        createdAt: ts,
        updatedAt: _updatedAt,
        text: msg,
        _unmappedProperties_: rest,
    };
}

export class WorkspaceRoomBridge extends RoomBridge {
    constructor(private readonly context: BridgeContext) {
        super();
    }

    private get db() {
        return this.context.db;
    }

    private convert(room: RawRoom | undefined): AppObject {
        return convertRoom(this.db, room);
    }

    protected async getById(roomId: string): Promise<AppObject> {
        return this.convert(this.db.rooms.findOneById(roomId));
    }

    protected async getByName(roomName: string): Promise<AppObject> {
        return this.convert(this.db.rooms.findOne((room) => room.name === roomName));
    }

    protected async getCreatorById(roomId: string): Promise<AppObject> {
        return convertUserById(this.db, this.db.rooms.findOneById(roomId)?.u?._id);
    }

    protected async getCreatorByName(roomName: string): Promise<AppObject> {
        const room = this.db.rooms.findOne((candidate) => candidate.name === roomName);
        return room ? this.getCreatorById(room._id) : undefined;
    }

    protected async getDirectByUsernames(usernames: string[]): Promise<AppObject> {
        const wanted = [...usernames].sort().join(',');
        return this.convert(
            this.db.rooms.findOne((room) => room.t === 'd' && [...(room.usernames ?? [])].sort().join(',') === wanted),
        );
    }

    /** One user lookup and conversion per subscription, unpaged; deleted users give null entries (docs/architecture.md#host-facts-a-maintainer-needs). */
    protected async getMembers(roomId: string): Promise<AppObject[]> {
        return this.db.subscriptions.findBy('rid', roomId).map((sub) => {
            return convertUserById(this.db, sub.u._id) ?? null;
        });
    }

    private membersWithRole(roomId: string, role: string): AppObject[] {
        return this.db.subscriptions
            .findBy('rid', roomId, (sub) => !!sub.roles?.includes(role))
            .flatMap((sub) => convertUserById(this.db, sub.u._id) ?? []);
    }

    protected async getModerators(roomId: string): Promise<AppObject[]> {
        return this.membersWithRole(roomId, 'moderator');
    }

    protected async getOwners(roomId: string): Promise<AppObject[]> {
        return this.membersWithRole(roomId, 'owner');
    }

    protected async getLeaders(roomId: string): Promise<AppObject[]> {
        return this.membersWithRole(roomId, 'leader');
    }

    /** Excludes hidden and every typed (system) message; no date or tmid filter — useless for thread sync. */
    protected async getMessages(roomId: string, options: AppObject): Promise<AppObject[]> {
        const limit = options?.limit ?? MAX_MESSAGES_LIMIT;
        if (limit > MAX_MESSAGES_LIMIT) {
            throw new Error(`Invalid limit provided. Expected number <= ${MAX_MESSAGES_LIMIT}, got ${limit}`);
        }
        const direction = options?.sort?.createdAt === 'desc' ? -1 : 1;
        const showThreadMessages = options?.showThreadMessages ?? true;
        return this.db.messages
            .findBy('rid', roomId, (m) => !m._hidden && m.t === undefined && (showThreadMessages || !m.tmid))
            .sort((a, b) => direction * (a.ts.getTime() - b.ts.getTime()))
            .slice(options?.skip ?? 0, (options?.skip ?? 0) + limit)
            .map(convertMessageRaw);
    }

    private subscriptionOf(roomId: string, uid: string) {
        const subscription = this.db.subscriptions.findOneBy('rid', roomId, (sub) => sub.u._id === uid);
        if (!subscription) {
            throw new Error('User not subscribed to room');
        }
        return subscription;
    }

    private unreadMessages(roomId: string, uid: string): RawMessage[] {
        const since = this.subscriptionOf(roomId, uid).ls ?? new Date(0);
        return this.db.messages.findBy('rid', roomId, (m) => !m._hidden && m.ts > since);
    }

    protected async getUnreadByUser(roomId: string, uid: string, options: AppObject): Promise<AppObject[]> {
        const limit = Math.min(options?.limit ?? MAX_MESSAGES_LIMIT, MAX_MESSAGES_LIMIT);
        return this.unreadMessages(roomId, uid)
            .slice(options?.skip ?? 0, (options?.skip ?? 0) + limit)
            .map(convertMessageRaw);
    }

    /** Not the subscription's `unread` and not the badge: every non-hidden message after last seen. */
    protected async getUserUnreadMessageCount(roomId: string, uid: string): Promise<number> {
        return this.unreadMessages(roomId, uid).length;
    }

    protected async create(): Promise<string> {
        return notImplemented('RoomBridge', 'create');
    }

    protected async getAllRooms(): Promise<AppObject[]> {
        return notImplemented('RoomBridge', 'getAllRooms');
    }

    protected async update(): Promise<void> {
        notImplemented('RoomBridge', 'update');
    }

    protected async createDiscussion(): Promise<string> {
        return notImplemented('RoomBridge', 'createDiscussion');
    }

    protected async delete(): Promise<void> {
        notImplemented('RoomBridge', 'delete');
    }

    protected async removeUsers(): Promise<void> {
        notImplemented('RoomBridge', 'removeUsers');
    }
}
