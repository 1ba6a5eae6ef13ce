import type { IConfigurationExtend, IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { ApiEndpoint, ApiSecurity, ApiVisibility } from '@rocket.chat/apps-engine/definition/api';
import { App } from '@rocket.chat/apps-engine/definition/App';

/**
 * The floor of push.get (bench/README.md): the reads any implementation needs, in the fewest round trips, and
 * nothing else. The receiver, the message, the badge, the receiver's room ids and the two settings that address the
 * notification in parallel; then the sender, whose id is in the message.
 */
class PushFloorEndpoint extends ApiEndpoint {
    public path = 'push.get';
    public authRequired = false;

    public async get(
        request: IApiRequest,
        _endpoint: IApiEndpointInfo,
        read: IRead,
        _modify: IModify,
        _http: IHttp,
        _persis: IPersistence,
    ): Promise<IApiResponse> {
        const callerId = request.user?.id;
        const id = typeof request.query.id === 'string' ? request.query.id : '';
        if (!callerId) {
            return { status: 401, content: { success: false } };
        }
        const users = read.getUserReader();
        const settings = read.getEnvironmentReader().getServerSettings();
        const [receiver, message, badge, roomIds, siteUrl, uniqueID] = await Promise.all([
            users.getById(callerId),
            read.getMessageReader().getById(id),
            users.getUserUnreadMessageCount(callerId),
            users.getUserRoomIds(callerId),
            settings.getValueById('Site_Url'),
            settings.getValueById('uniqueID'),
        ]);
        if (!receiver || !message) {
            return { status: 400, content: { success: false } };
        }
        const sender = message.sender?.id ? await users.getById(message.sender.id) : undefined;
        return {
            status: 200,
            content: {
                success: true,
                data: {
                    id: message.id,
                    rid: message.room?.id,
                    badge,
                    member: (roomIds ?? []).includes(message.room?.id ?? ''),
                    host: siteUrl,
                    uniqueID,
                    sender: sender?.username,
                },
            },
        };
    }
}

export class PushFloorApp extends App {
    protected async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
        await configuration.api.provideApi({
            visibility: ApiVisibility.PUBLIC,
            security: ApiSecurity.UNSECURE,
            endpoints: [new PushFloorEndpoint(this)],
        });
    }
}
