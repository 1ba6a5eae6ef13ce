import type {
    IConfigurationExtend,
    IConfigurationModify,
    IEnvironmentRead,
    IHttp,
    IModify,
    IPersistence,
    IRead,
} from '@rocket.chat/apps-engine/definition/accessors';
import { ApiSecurity, ApiVisibility } from '@rocket.chat/apps-engine/definition/api';
import { App } from '@rocket.chat/apps-engine/definition/App';
import type {
    IMessage,
    IPostMessageDeleted,
    IPostMessageSent,
    IPostMessageUpdated,
} from '@rocket.chat/apps-engine/definition/messages';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';

import { PushGetEndpoint } from './endpoints/PushGetEndpoint';
import { SyncThreadMessagesEndpoint } from './endpoints/SyncThreadMessagesEndpoint';
import { purgeMoreProcessor, purgeProcessor } from './handlers/purgeExpiredRemovals';
import { recordDeletedReply, recordSentReply } from './handlers/replyEvents';
import { runHandler } from './handlers/runHandler';
import { onRuntimeStart, runtimeStartProcessor } from './handlers/runtimeStart';
import { forgetCachedSettings } from './host/settings';
import { APP_SETTINGS } from './lib/app/settings';

/** Thin by design: registers settings, endpoints, jobs and the reply event handlers; logic lives elsewhere. */
export class PushSyncApp extends App implements IPostMessageSent, IPostMessageUpdated, IPostMessageDeleted {
    protected async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
        await Promise.all(APP_SETTINGS.map((setting) => configuration.settings.provideSetting(setting)));
        await configuration.api.provideApi({
            visibility: ApiVisibility.PUBLIC,
            security: ApiSecurity.UNSECURE,
            endpoints: [new PushGetEndpoint(this), new SyncThreadMessagesEndpoint(this)],
        });
        const logger = this.getLogger();
        await configuration.scheduler.registerProcessors([
            purgeProcessor(logger),
            purgeMoreProcessor(logger),
            runtimeStartProcessor(logger),
        ]);
    }

    /** Every start of the runtime (install, enable, update, respawn) is stored at once: events before it were lost. */
    public async onEnable(_environment: IEnvironmentRead, configurationModify: IConfigurationModify): Promise<boolean> {
        await onRuntimeStart(configurationModify);
        return true;
    }

    public async executePostMessageSent(message: IMessage, read: IRead, _http: IHttp, persistence: IPersistence): Promise<void> {
        await runHandler(this.getLogger(), 'executePostMessageSent', () => recordSentReply(message, read, persistence));
    }

    public async executePostMessageUpdated(
        message: IMessage,
        read: IRead,
        _http: IHttp,
        persistence: IPersistence,
    ): Promise<void> {
        await runHandler(this.getLogger(), 'executePostMessageUpdated', () => recordSentReply(message, read, persistence));
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
        await runHandler(this.getLogger(), 'executePostMessageDeleted', () => recordDeletedReply(message, read, persistence));
    }
}
