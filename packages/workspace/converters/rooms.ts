import type { Database } from '../store/Database';
import type { RawRoom } from '../store/types';
import { transformMappedData } from './mappedData';
import { convertUserById } from './users';

const ROOM_DEPTH_LIMIT = 10;

/** Core's rooms converter (docs/architecture.md#host-facts-a-maintainer-needs): mapped fields plus the `_unmappedProperties_` bag. */
export function convertRoom(db: Database, raw: RawRoom | undefined, depth = 0): { [key: string]: unknown } | undefined {
    if (!raw) {
        return undefined;
    }
    return transformMappedData(raw, {
        id: '_id',
        displayName: 'fname',
        slugifiedName: 'name',
        type: 't',
        creator: (room) => {
            const creator = room.u;
            delete room.u;
            return convertUserById(db, creator?._id);
        },
        userIds: 'uids',
        isDefault: (room) => {
            const value = !!room.default;
            delete room.default;
            return value;
        },
        isReadOnly: (room) => {
            const value = !!room.ro;
            delete room.ro;
            return value;
        },
        displaySystemMessages: (room) => {
            const value = room.sysMes === undefined ? true : !!room.sysMes;
            delete room.sysMes;
            return value;
        },
        messageCount: 'msgs',
        createdAt: 'ts',
        updatedAt: '_updatedAt',
        lastModifiedAt: 'lm',
        customFields: 'customFields',
        description: 'description',
        teamId: 'teamId',
        isTeamMain: 'teamMain',
        parentRoom: (room) => {
            const prid = room.prid;
            delete room.prid;
            if (!prid || depth >= ROOM_DEPTH_LIMIT) {
                return undefined;
            }
            return convertRoom(db, db.rooms.findOneById(prid), depth + 1);
        },
        // Livechat: the serving agent as a user, the visitor as core's visitor shape.
        servedBy: (room) => {
            const servedBy = room.servedBy;
            delete room.servedBy;
            return convertUserById(db, servedBy?._id);
        },
        visitor: (room) => {
            const visitor = room.v;
            delete room.v;
            return visitor ? { id: visitor._id, username: visitor.username, token: visitor.token } : undefined;
        },
        isOpen: 'open',
    });
}
