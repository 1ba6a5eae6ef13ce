import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IApiEndpointInfo, IApiExample, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';

import { ApiError, errorBody, successResponse } from '../lib/envelope';
import { toRestMessage, withParsedMarkdown } from '../lib/message';
import { receiverLanguage } from '../lib/push/language';
import { buildPushNotification, resolveSender } from '../lib/push/notification';
import { parsePushGetParams } from '../lib/push/params';
import { pushSettingsFrom } from '../lib/push/settings';
import { readRoomAccess } from '../host/access';
import { readMessage } from '../host/messages';
import { readPushRoomFacts } from '../host/rooms';
import { readPushServerSettings } from '../host/settings';
import { readBadge, readUser } from '../host/users';
import { EXAMPLE_HEADERS, GetOnlyEndpoint } from './GetOnlyEndpoint';
import { runEndpoint } from './runEndpoint';

/** Core's plain `Error(code)`: the code is the text; we add it as errorType too (docs/push.get.md#errors). */
function plainError(code: string): ApiError {
    return new ApiError(400, errorBody(code, code));
}

/** GET push.get?id=<messageId>: the push-notification object for a message (docs/push.get.md). */
export class PushGetEndpoint extends GetOnlyEndpoint {
    public path = 'push.get';
    public authRequired = false;
    public examples: { [key: string]: IApiExample } = {
        'A message in a public channel': {
            query: { id: 'YbWf7fxXNdYGnhjtW' },
            headers: EXAMPLE_HEADERS,
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
        return runEndpoint(request, this.app.getLogger(), { endpoint: 'push.get', read }, async (caller) => {
            const { id } = parsePushGetParams(request.query);
            // Independent reads in one parallel round: each is a round trip to the server (docs/push.get.md#cost).
            const [receiver, message, badge, access, serverSettings] = await Promise.all([
                readUser(read, caller.id),
                readMessage(read, id),
                readBadge(read, caller.id),
                readRoomAccess(read, caller.id),
                readPushServerSettings(read),
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
            if (!access.canAccessRoom(room, receiver)) {
                throw plainError('error-not-allowed');
            }
            const restMessage = withParsedMarkdown(toRestMessage(message));
            const [senderRecord, roomFacts] = await Promise.all([
                message.sender?.id ? readUser(read, message.sender.id) : undefined,
                readPushRoomFacts(read, room),
            ]);
            const sender = resolveSender(restMessage, roomFacts, senderRecord);
            if (!sender) {
                throw new ApiError(400, errorBody('Message sender not found', 'error-message-sender-not-found'));
            }
            const language = receiverLanguage(receiver);
            const notification = buildPushNotification({
                message: restMessage,
                room: roomFacts,
                sender,
                receiver: { id: receiver.id, username: receiver.username, language, badge },
                settings: pushSettingsFrom(serverSettings),
            });
            return successResponse({ data: { message: restMessage, notification } });
        });
    }
}
