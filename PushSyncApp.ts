import type { IConfigurationExtend } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiSecurity, ApiVisibility } from '@rocket.chat/apps-engine/definition/api';
import { App } from '@rocket.chat/apps-engine/definition/App';

import { PushGetEndpoint } from './endpoints/PushGetEndpoint';
import { SyncThreadMessagesEndpoint } from './endpoints/SyncThreadMessagesEndpoint';
import { APP_SETTINGS } from './lib/app/settings';

/** Thin by design: registers settings, endpoints and event handlers; logic lives in endpoints/, handlers/ and lib/. */
export class PushSyncApp extends App {
    protected async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
        await Promise.all(APP_SETTINGS.map((setting) => configuration.settings.provideSetting(setting)));
        await configuration.api.provideApi({
            visibility: ApiVisibility.PUBLIC,
            security: ApiSecurity.UNSECURE,
            endpoints: [new PushGetEndpoint(this), new SyncThreadMessagesEndpoint(this)],
        });
    }
}
