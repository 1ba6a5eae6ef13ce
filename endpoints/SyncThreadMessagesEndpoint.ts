import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { ApiEndpoint } from '@rocket.chat/apps-engine/definition/api';

import { notImplemented } from './notImplemented';
import { runEndpoint } from './runEndpoint';

/** GET chat.syncThreadMessages?tmid=&updatedSince= (rocketchat-contract.md §4). */
export class SyncThreadMessagesEndpoint extends ApiEndpoint {
    public path = 'chat.syncThreadMessages';
    public authRequired = false;

    public async get(
        request: IApiRequest,
        _endpoint: IApiEndpointInfo,
        _read: IRead,
        _modify: IModify,
        _http: IHttp,
        _persis: IPersistence,
    ): Promise<IApiResponse> {
        return runEndpoint(request, this.app.getLogger(), async () => notImplemented(this.path));
    }
}
