import { ServerSettingBridge } from '@rocket.chat/apps-engine/server/bridges';

import { convertSetting } from '../converters/settings';
import type { RawSetting } from '../store/types';
import type { AppObject, BridgeContext } from './context';
import { notImplemented } from './context';

/**
 * Core's settings bridge (packages/workspace/README.md): the engine has already checked the granted `server-setting.read`; the bridge
 * then decides on the permissions the app declares in its app.json, not on the granted ones. No declared list: any
 * setting that is not hidden. A declared list: it must name `server-setting.read`, and a hidden setting is readable only
 * when listed under its `hiddenSettings`. `getAll` hands out every setting that is not secret, hidden ones included.
 */
export class WorkspaceServerSettingBridge extends ServerSettingBridge {
    constructor(private readonly context: BridgeContext) {
        super();
    }

    private readableSetting(id: string, appId: string): RawSetting | undefined {
        const declared = this.context.manager().getOneById(appId)?.getInfo().permissions as
            | Array<{ name: string; hiddenSettings?: string[] }>
            | undefined;
        const setting = this.context.db.settings.findOneById(id);
        if (!declared) {
            return setting?.hidden ? undefined : setting;
        }
        const read = declared.find((permission) => permission.name === 'server-setting.read');
        if (!read) {
            return undefined;
        }
        return setting?.hidden && !read.hiddenSettings?.includes(id) ? undefined : setting;
    }

    protected async isReadableById(id: string): Promise<boolean> {
        const setting = this.context.db.settings.findOneById(id);
        return !!setting && !setting.secret;
    }

    protected async getOneById(id: string, appId: string): Promise<AppObject> {
        const setting = this.readableSetting(id, appId);
        if (!setting) {
            throw new Error(`The setting "${id}" is not readable.`);
        }
        return convertSetting(setting);
    }

    protected async getAll(): Promise<AppObject[]> {
        return this.context.db.settings.find((setting) => setting.secret === false).map(convertSetting);
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
