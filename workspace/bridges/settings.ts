import { ServerSettingBridge } from '@rocket.chat/apps-engine/server/bridges';

import { convertSetting } from '../converters/settings';
import type { AppObject, BridgeContext } from './context';
import { notImplemented } from './context';

/**
 * Core's settings bridge (host.md §3.5): the engine has already checked `server-setting.read`; a hidden
 * setting is readable only when the app lists it under that permission's `hiddenSettings`.
 */
export class WorkspaceServerSettingBridge extends ServerSettingBridge {
    constructor(private readonly context: BridgeContext) {
        super();
    }

    private hiddenSettingsOf(appId: string): string[] {
        const permissions = this.context.manager().getPermissionsById(appId) as Array<{
            name: string;
            hiddenSettings?: string[];
        }>;
        return permissions.find((permission) => permission.name === 'server-setting.read')?.hiddenSettings ?? [];
    }

    protected async isReadableById(id: string, appId: string): Promise<boolean> {
        const setting = this.context.db.settings.findOneById(id);
        return !!setting && (!setting.hidden || this.hiddenSettingsOf(appId).includes(id));
    }

    protected async getOneById(id: string, appId: string): Promise<AppObject> {
        if (!(await this.isReadableById(id, appId))) {
            throw new Error(`The setting "${id}" is not readable.`);
        }
        return convertSetting(this.context.db.settings.findOneById(id)!);
    }

    protected async getAll(appId: string): Promise<AppObject[]> {
        const allowed = this.hiddenSettingsOf(appId);
        return this.context.db.settings.find((setting) => !setting.hidden || allowed.includes(setting._id)).map(convertSetting);
    }

    protected async hideGroup(): Promise<void> {
        notImplemented('ServerSettingBridge', 'hideGroup');
    }

    protected async hideSetting(): Promise<void> {
        notImplemented('ServerSettingBridge', 'hideSetting');
    }

    protected async updateOne(): Promise<void> {
        notImplemented('ServerSettingBridge', 'updateOne');
    }

    protected async incrementValue(): Promise<void> {
        notImplemented('ServerSettingBridge', 'incrementValue');
    }
}
