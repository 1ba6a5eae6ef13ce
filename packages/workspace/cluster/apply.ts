import { isDeepStrictEqual } from 'node:util';

import { AppStatusUtils } from '@rocket.chat/apps-engine/definition/AppStatus';
import type { AppManager } from '@rocket.chat/apps-engine/server/AppManager';
import type { ProxiedApp } from '@rocket.chat/apps-engine/server/ProxiedApp';

import type { MemoryMetadataStorage, MemorySourceStorage } from '../runtime/storages';
import type { ClusterEvent } from './broadcast';

/** The engine's typings keep `addLocal` private; core's listener calls it all the same. */
interface AddLocal {
    addLocal(appId: string): Promise<void>;
}

/**
 * What an instance does with another's broadcast, as core's AppServerListener: each change is applied only when this
 * instance's copy differs (an app it already has, a status it already has, a setting value it already has).
 */
export async function applyClusterEvent(
    manager: AppManager,
    storages: { metadata: MemoryMetadataStorage; source: MemorySourceStorage },
    event: ClusterEvent,
): Promise<void> {
    const app: ProxiedApp | undefined = manager.getOneById(event.appId);
    switch (event.type) {
        case 'added':
            if (!app) {
                await (manager as unknown as AddLocal).addLocal(event.appId);
            }
            return;
        case 'updated': {
            const stored = await storages.metadata.retrieveOne(event.appId);
            if (!stored) return;
            const appPackage = await storages.source.fetch(stored);
            if (AppStatusUtils.isEnabled(stored.status)) {
                await manager.updateAndStartupLocal(stored, appPackage);
            } else {
                await manager.updateAndInitializeLocal(stored, appPackage);
            }
            return;
        }
        case 'removed':
            if (app) {
                await manager.removeLocal(event.appId);
            }
            return;
        case 'statusChanged':
            if (!app || (await app.getStatus()) === event.status) return;
            if (AppStatusUtils.isEnabled(event.status)) {
                await manager.enable(event.appId);
            } else if (AppStatusUtils.isDisabled(event.status)) {
                await manager.disable(event.appId, event.status, true).catch(async (error: unknown) => {
                    // An uninstall disables first, then removes the app from storage, and the engine's disable ends by
                    // reading it there: when the removal won the race, the disable is done and the removal follows.
                    if (await storages.metadata.retrieveOne(event.appId)) throw error;
                });
            }
            return;
        case 'settingUpdated': {
            const current = app?.getStorageItem().settings[event.setting.id];
            // Core compares values: the same value again (its own echo, an array) must not loop.
            if (!app || !current || isDeepStrictEqual(current.value, event.setting.value)) return;
            await manager.getSettingsManager().updateAppSetting(event.appId, event.setting);
            return;
        }
    }
}
