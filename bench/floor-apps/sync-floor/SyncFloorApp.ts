import type { IConfigurationExtend, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { ApiEndpoint, ApiSecurity, ApiVisibility } from '@rocket.chat/apps-engine/definition/api';
import { App } from '@rocket.chat/apps-engine/definition/App';

/**
 * The engine's floor for chat.syncThreadMessages (bench/README.md): one getThreadById and the replies updated since the
 * date, nothing else (no access check, no deletion tracking, no REST rebuild).
 */
class ThreadSinceEndpoint extends ApiEndpoint {
    public path = 'thread-since';
    public authRequired = false;

    public async get(request: IApiRequest, _endpoint: unknown, read: IRead): Promise<IApiResponse> {
        const tmid = String(request.query.tmid);
        const since = Date.parse(String(request.query.updatedSince));
        const items = (await read.getThreadReader().getThreadById(tmid)) ?? [];
        const update = items.filter(
            (message) => message.id !== tmid && message.updatedAt !== undefined && new Date(message.updatedAt).getTime() > since,
        );
        return { status: 200, content: { messages: { update, remove: [] }, success: true } };
    }
}

export class SyncFloorApp extends App {
    protected async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
        await configuration.api.provideApi({
            visibility: ApiVisibility.PUBLIC,
            security: ApiSecurity.UNSECURE,
            endpoints: [new ThreadSinceEndpoint(this)],
        });
    }
}
