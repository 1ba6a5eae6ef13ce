import type {
    IConfigurationExtend,
    IConfigurationModify,
    IHttp,
    IModify,
    IPersistence,
    IRead,
} from '@rocket.chat/apps-engine/definition/accessors';
import { ApiSecurity, ApiVisibility } from '@rocket.chat/apps-engine/definition/api';
import { App } from '@rocket.chat/apps-engine/definition/App';
import type { IMessage, IPostMessageDeleted } from '@rocket.chat/apps-engine/definition/messages';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';

import { forgetCachedSettings } from './endpoints/hostReads';

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

    /** An admin changed an app setting: the next request on this instance reads the settings afresh. */
    public async onSettingUpdated(
        _setting: ISetting,
        _configurationModify: IConfigurationModify,
        _read: IRead,
        _http: IHttp,
    ): Promise<void> {
        forgetCachedSettings();
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
