import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { AppDetailChangesBridge, CommandBridge, EnvironmentalVariableBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { ClusterEvent } from '../cluster/broadcast';

/** Core lets apps read only these environment variables. */
const READABLE_ENV = ['NODE_ENV', 'ROOT_URL', 'INSTANCE_IP'];

export class WorkspaceEnvironmentalVariableBridge extends EnvironmentalVariableBridge {
    protected async getValueByName(envVarName: string): Promise<string | undefined> {
        return READABLE_ENV.includes(envVarName.toUpperCase()) ? process.env[envVarName] : undefined;
    }

    protected async isReadable(envVarName: string): Promise<boolean> {
        return READABLE_ENV.includes(envVarName.toUpperCase());
    }

    protected async isSet(envVarName: string): Promise<boolean> {
        return (await this.isReadable(envVarName)) && process.env[envVarName] !== undefined;
    }
}

/** Slash commands have no UI here: registrations are accepted and ignored. */
export class WorkspaceCommandBridge extends CommandBridge {
    private readonly commands = new Set<string>();

    protected async doesCommandExist(command: string): Promise<boolean> {
        return this.commands.has(command);
    }

    protected async enableCommand(): Promise<void> {}

    protected async disableCommand(): Promise<void> {}

    protected async modifyCommand(): Promise<void> {}

    protected async registerCommand(command: { command: string }): Promise<void> {
        this.commands.add(command.command);
    }

    protected async unregisterCommand(command: string): Promise<void> {
        this.commands.delete(command);
    }
}

/** An app setting saved on this instance: core broadcasts it, and each other instance applies it when it differs. */
export class WorkspaceAppDetailChangesBridge extends AppDetailChangesBridge {
    constructor(private readonly publish: (event: ClusterEvent) => void) {
        super();
    }

    protected onAppSettingsChange(appId: string, setting: ISetting): void {
        this.publish({ type: 'settingUpdated', appId, setting });
    }
}
