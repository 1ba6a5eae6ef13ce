import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IApiEndpointInfo, IApiExample, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import { canAccessRoom } from '../lib/access';
import { ApiError, errorBody, successResponse } from '../lib/envelope';
import { withParsedMarkdown } from '../lib/message/markdown';
import { toRestMessage } from '../lib/message/restMessage';
import { receiverLanguage } from '../lib/push/language';
import type { PushRoomFacts, PushRoomMember } from '../lib/push/notification';
import { buildPushNotification, resolveSender } from '../lib/push/notification';
import { pushSettingsFrom } from '../lib/push/settings';
import { parsePushGetParams } from '../lib/push/params';
import { readSettings, roomAccessFacts, unmapped, userAccessFacts } from './hostReads';
import { GetOnlyEndpoint } from './GetOnlyEndpoint';
import { runEndpoint } from './runEndpoint';

/** Core's plain `Error(code)`: the code is the text; we add it as errorType too (docs/push.get.md, "Errors"). */
function plainError(code: string): ApiError {
    return new ApiError(400, errorBody(code, code));
}

/** Only multi-user DMs without a room name need their members' names (docs/push.get.md). */
async function dmMembers(read: IRead, room: IRoom): Promise<PushRoomMember[] | undefined> {
    const userIds = room.userIds ?? [];
    if (room.type !== 'd' || userIds.length <= 2 || room.displayName || room.slugifiedName) {
        return undefined;
    }
    const users = await Promise.all(userIds.map((id) => read.getUserReader().getById(id)));
    return users
        .filter((user): user is IUser => !!user)
        .map((user) => ({ id: user.id, username: user.username, name: user.name }));
}

function pushRoomFacts(room: IRoom, members: PushRoomMember[] | undefined): PushRoomFacts {
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
        members,
    };
}

/** GET push.get?id=<messageId>: the push-notification object for a message (docs/push.get.md). */
export class PushGetEndpoint extends GetOnlyEndpoint {
    public path = 'push.get';
    public authRequired = false;
    public examples: { [key: string]: IApiExample } = {
        'A message in a public channel': {
            query: { id: 'YbWf7fxXNdYGnhjtW' },
            headers: { 'X-User-Id': '<user id>', 'X-Auth-Token': '<auth token>' },
        },
    };

    public async get(
        request: IApiRequest,
        _endpoint: IApiEndpointInfo,
        read: IRead,
        _modify: IModify,
        _http: IHttp,
        _persis: IPersistence,
    ): Promise<IApiResponse> {
        return runEndpoint(request, this.app.getLogger(), async (caller) => {
            const { id } = parsePushGetParams(request.query);
            const users = read.getUserReader();
            // Independent reads in parallel: each is a round trip to the server; settings mostly come from the cache.
            const [receiver, message, badge, subscribedRoomIds, settings] = await Promise.all([
                users.getById(caller.id),
                read.getMessageReader().getById(id) as Promise<IMessage | undefined>,
                users.getUserUnreadMessageCount(caller.id),
                users.getUserRoomIds(caller.id),
                readSettings(read),
            ]);
            if (!receiver) {
                throw plainError('error-user-not-found');
            }
            if (!message) {
                throw plainError('error-message-not-found');
            }
            const room = message.room;
            if (!room) {
                throw plainError('error-room-not-found');
            }
            const allowed = canAccessRoom({
                room: roomAccessFacts(room),
                user: userAccessFacts(receiver),
                subscribedRoomIds: subscribedRoomIds ?? [],
                grants: settings.app.viewGrants,
            });
            if (!allowed) {
                throw plainError('error-not-allowed');
            }
            const restMessage = withParsedMarkdown(toRestMessage(message));
            const [senderRecord, members] = await Promise.all([
                message.sender?.id ? users.getById(message.sender.id) : undefined,
                dmMembers(read, room),
            ]);
            const roomFacts = pushRoomFacts(room, members);
            const sender = resolveSender(restMessage, roomFacts, senderRecord);
            if (!sender) {
                throw new ApiError(400, errorBody('Message sender not found', 'error-message-sender-not-found'));
            }
            const notification = buildPushNotification({
                message: restMessage,
                room: roomFacts,
                sender,
                receiver: {
                    id: receiver.id,
                    username: receiver.username,
                    language: receiverLanguage(receiver),
                    badge: typeof badge === 'number' ? badge : 0,
                },
                settings: pushSettingsFrom(settings.server),
            });
            return successResponse({ data: { message: restMessage, notification } });
        });
    }
}
