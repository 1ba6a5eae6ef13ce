import type { IConfigurationExtend, IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiSecurity, ApiVisibility } from '@rocket.chat/apps-engine/definition/api';
import { App } from '@rocket.chat/apps-engine/definition/App';
import type { IMessage, IPostMessageDeleted } from '@rocket.chat/apps-engine/definition/messages';

import { PushGetEndpoint } from './endpoints/PushGetEndpoint';
import { SyncThreadMessagesEndpoint } from './endpoints/SyncThreadMessagesEndpoint';
import { purgeProcessor } from './handlers/purgeExpiredRemovals';
import { recordDeletedReply } from './handlers/recordDeletedReply';
import { APP_SETTINGS } from './lib/app/settings';

/** Thin by design: registers settings, endpoints, the purge job and the deletion handler; logic lives elsewhere. */
export class PushSyncApp extends App implements IPostMessageDeleted {
    protected async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
        await Promise.all(APP_SETTINGS.map((setting) => configuration.settings.provideSetting(setting)));
        await configuration.api.provideApi({
            visibility: ApiVisibility.PUBLIC,
            security: ApiSecurity.UNSECURE,
            endpoints: [new PushGetEndpoint(this), new SyncThreadMessagesEndpoint(this)],
        });
        await configuration.scheduler.registerProcessors([purgeProcessor]);
    }

    public async executePostMessageDeleted(
        message: IMessage,
        read: IRead,
        _http: IHttp,
        persistence: IPersistence,
        _modify: IModify,
    ): Promise<void> {
        await recordDeletedReply(message, read, persistence);
    }
}
