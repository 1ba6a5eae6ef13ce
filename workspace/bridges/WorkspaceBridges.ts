import type { IListenerBridge } from '@rocket.chat/apps-engine/server/bridges';
import { AppBridges } from '@rocket.chat/apps-engine/server/bridges';

import { WorkspaceActivationBridge } from './activation';
import { WorkspaceApiBridge } from './api';
import type { BridgeContext } from './context';
import { WorkspaceFederationBridge, WorkspaceInternalBridge } from './internal';
import { WorkspaceMessageBridge } from './messages';
import { WorkspaceAppDetailChangesBridge, WorkspaceCommandBridge, WorkspaceEnvironmentalVariableBridge } from './misc';
import { WorkspacePersistenceBridge } from './persistence';
import { WorkspaceRoomBridge } from './rooms';
import { WorkspaceSchedulerBridge } from './scheduler';
import { WorkspaceServerSettingBridge } from './settings';
import { WorkspaceThreadBridge } from './threads';
import { unimplementedBridge } from './unimplemented';
import { WorkspaceUserBridge } from './users';

/** Calls the engine made into the host bridges (`do*` methods), for benchmarks. */
export interface BridgeStats {
    calls: number;
    ms: number;
    /** Calls per `<Bridge>.<doMethod>`. */
    byMethod: Record<string, number>;
}

/** Counts and times every `do*` call on a bridge; the bridge itself is untouched (its own `this`). */
function counted<T extends object>(bridge: T, name: string, stats: BridgeStats): T {
    return new Proxy(bridge, {
        get(target, property, receiver) {
            const value = Reflect.get(target, property, receiver) as unknown;
            if (typeof property !== 'string' || !property.startsWith('do') || typeof value !== 'function') {
                return value;
            }
            return async (...args: unknown[]) => {
                const key = `${name}.${property}`;
                stats.calls++;
                stats.byMethod[key] = (stats.byMethod[key] ?? 0) + 1;
                const started = performance.now();
                try {
                    return await (value as (...callArgs: unknown[]) => Promise<unknown>).apply(target, args);
                } finally {
                    stats.ms += performance.now() - started;
                }
            };
        },
    });
}

/**
 * The host side of the Apps Engine, as Rocket.Chat's orchestrator provides it. Bridges the workspace does not
 * need answer every call with "<Bridge>.<method>() is not implemented by the in-memory workspace".
 */
export class WorkspaceBridges extends AppBridges {
    readonly api = new WorkspaceApiBridge();
    readonly activation = new WorkspaceActivationBridge();
    readonly scheduler = new WorkspaceSchedulerBridge();
    private readonly message: WorkspaceMessageBridge;
    private readonly room: WorkspaceRoomBridge;
    private readonly user: WorkspaceUserBridge;
    private readonly thread: WorkspaceThreadBridge;
    private readonly serverSetting: WorkspaceServerSettingBridge;
    private readonly persistence: WorkspacePersistenceBridge;
    private readonly internal: WorkspaceInternalBridge;
    private readonly federation = new WorkspaceFederationBridge();
    private readonly environment = new WorkspaceEnvironmentalVariableBridge();
    private readonly command = new WorkspaceCommandBridge();
    private readonly detailChanges = new WorkspaceAppDetailChangesBridge();
    private readonly unimplemented = new Map<string, unknown>();
    private stats: BridgeStats = { calls: 0, ms: 0, byMethod: {} };

    constructor(context: BridgeContext) {
        super();
        // The bridges an app's reads go through are counted (bridgeStats()); the others serve setup and events.
        this.message = counted(new WorkspaceMessageBridge(context), 'MessageBridge', this.stats);
        this.room = counted(new WorkspaceRoomBridge(context), 'RoomBridge', this.stats);
        this.user = counted(new WorkspaceUserBridge(context), 'UserBridge', this.stats);
        this.thread = counted(new WorkspaceThreadBridge(context), 'ThreadBridge', this.stats);
        this.serverSetting = counted(new WorkspaceServerSettingBridge(context), 'ServerSettingBridge', this.stats);
        this.persistence = counted(new WorkspacePersistenceBridge(context), 'PersistenceBridge', this.stats);
        this.internal = new WorkspaceInternalBridge(context);
    }

    bridgeStats(): BridgeStats {
        return { calls: this.stats.calls, ms: this.stats.ms, byMethod: { ...this.stats.byMethod } };
    }

    resetBridgeStats(): void {
        this.stats.calls = 0;
        this.stats.ms = 0;
        this.stats.byMethod = {};
    }

    private missing<T extends object>(name: string): T {
        if (!this.unimplemented.has(name)) {
            this.unimplemented.set(name, unimplementedBridge<T>(name));
        }
        return this.unimplemented.get(name) as T;
    }

    getApiBridge = () => this.api;
    getAppActivationBridge = () => this.activation;
    getSchedulerBridge = () => this.scheduler;
    getMessageBridge = () => this.message;
    getRoomBridge = () => this.room;
    getUserBridge = () => this.user;
    getThreadBridge = () => this.thread;
    getServerSettingBridge = () => this.serverSetting;
    getPersistenceBridge = () => this.persistence;
    getInternalBridge = () => this.internal;
    getInternalFederationBridge = () => this.federation;
    getEnvironmentalVariableBridge = () => this.environment;
    getCommandBridge = () => this.command;
    getAppDetailChangesBridge = () => this.detailChanges;
    // Events reach apps through WorkspaceEvents; this bridge serves app-originated message/room changes,
    // which the workspace does not support.
    getListenerBridge = () => this.missing<IListenerBridge>('ListenerBridge');
    getContactBridge = () => this.missing<ReturnType<AppBridges['getContactBridge']>>('ContactBridge');
    getHttpBridge = () => this.missing<ReturnType<AppBridges['getHttpBridge']>>('HttpBridge');
    getLivechatBridge = () => this.missing<ReturnType<AppBridges['getLivechatBridge']>>('LivechatBridge');
    getUploadBridge = () => this.missing<ReturnType<AppBridges['getUploadBridge']>>('UploadBridge');
    getEmailBridge = () => this.missing<ReturnType<AppBridges['getEmailBridge']>>('EmailBridge');
    getUiInteractionBridge = () => this.missing<ReturnType<AppBridges['getUiInteractionBridge']>>('UiInteractionBridge');
    getCloudWorkspaceBridge = () => this.missing<ReturnType<AppBridges['getCloudWorkspaceBridge']>>('CloudWorkspaceBridge');
    getVideoConferenceBridge = () => this.missing<ReturnType<AppBridges['getVideoConferenceBridge']>>('VideoConferenceBridge');
    getOAuthAppsBridge = () => this.missing<ReturnType<AppBridges['getOAuthAppsBridge']>>('OAuthAppsBridge');
    getModerationBridge = () => this.missing<ReturnType<AppBridges['getModerationBridge']>>('ModerationBridge');
    getRoleBridge = () => this.missing<ReturnType<AppBridges['getRoleBridge']>>('RoleBridge');
    getOutboundMessageBridge = () => this.missing<ReturnType<AppBridges['getOutboundMessageBridge']>>('OutboundMessageBridge');
    getExperimentalBridge = () => this.missing<ReturnType<AppBridges['getExperimentalBridge']>>('ExperimentalBridge');
}
