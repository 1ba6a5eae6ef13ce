import type { IConfigurationExtend } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiSecurity, ApiVisibility } from '@rocket.chat/apps-engine/definition/api';
import { App } from '@rocket.chat/apps-engine/definition/App';

import { PushGetEndpoint } from './endpoints/PushGetEndpoint';
import { SyncThreadMessagesEndpoint } from './endpoints/SyncThreadMessagesEndpoint';

/** Thin by design: registers endpoints (and, later, settings and event handlers); logic lives in endpoints/ and lib/. */
export class PushSyncApp extends App {
    protected async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
        await configuration.api.provideApi({
            visibility: ApiVisibility.PUBLIC,
            security: ApiSecurity.UNSECURE,
            endpoints: [new PushGetEndpoint(this), new SyncThreadMessagesEndpoint(this)],
        });
    }
}
