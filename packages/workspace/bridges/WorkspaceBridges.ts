import type { IListenerBridge } from '@rocket.chat/apps-engine/server/bridges';
import { AppBridges } from '@rocket.chat/apps-engine/server/bridges';

import type { ClusterEvent } from '../cluster/broadcast';
import { WorkspaceActivationBridge } from './activation';
import { WorkspaceApiBridge } from './api';
import type { BridgeContext } from './context';
import { WorkspaceFederationBridge, WorkspaceInternalBridge } from './internal';
import { WorkspaceMessageBridge } from './messages';
import { WorkspaceAppDetailChangesBridge, WorkspaceCommandBridge, WorkspaceEnvironmentalVariableBridge } from './misc';
import { WorkspacePersistenceBridge } from './persistence';
import { WorkspaceRoomBridge } from './rooms';
import type { WorkspaceSchedulerBridge } from './scheduler';
import { WorkspaceServerSettingBridge } from './settings';
import { WorkspaceThreadBridge } from './threads';
import { unimplementedBridge } from './unimplemented';
import { WorkspaceUserBridge } from './users';

/**
 * The host side of the Apps Engine, as Rocket.Chat's orchestrator provides it. Bridges the workspace does not
 * need answer every call with "<Bridge>.<method>() is not implemented by the in-memory workspace".
 */
export class WorkspaceBridges extends AppBridges {
    readonly api = new WorkspaceApiBridge();
    readonly activation: WorkspaceActivationBridge;
    readonly scheduler: WorkspaceSchedulerBridge;
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
    private readonly detailChanges: WorkspaceAppDetailChangesBridge;
    private readonly unimplemented = new Map<string, unknown>();

    /** `cluster`: the instance's share of the cluster: its scheduler (on the cluster's job store) and its broadcast. */
    constructor(
        context: BridgeContext,
        cluster: { scheduler: WorkspaceSchedulerBridge; publish: (event: ClusterEvent) => void },
    ) {
        super();
        this.scheduler = cluster.scheduler;
        this.activation = new WorkspaceActivationBridge(cluster.publish);
        this.detailChanges = new WorkspaceAppDetailChangesBridge(cluster.publish);
        this.message = new WorkspaceMessageBridge(context);
        this.room = new WorkspaceRoomBridge(context);
        this.user = new WorkspaceUserBridge(context);
        this.thread = new WorkspaceThreadBridge(context);
        this.serverSetting = new WorkspaceServerSettingBridge(context);
        this.persistence = new WorkspacePersistenceBridge(context);
        this.internal = new WorkspaceInternalBridge(context);
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
