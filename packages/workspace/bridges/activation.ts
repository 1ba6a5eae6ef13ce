import type { AppStatus } from '@rocket.chat/apps-engine/definition/AppStatus';
import { AppActivationBridge } from '@rocket.chat/apps-engine/server/bridges';
import type { ProxiedApp } from '@rocket.chat/apps-engine/server/ProxiedApp';

import type { ClusterEvent } from '../cluster/broadcast';

export interface ActivationEvent {
    event: 'added' | 'updated' | 'removed' | 'statusChanged' | 'actionsChanged';
    appId?: string;
    status?: AppStatus;
}

/** Told of an app installed or updated, however (an upload, rc-apps deploy, `Workspace.installApp`). */
export type AppChangeListener = (change: 'installed' | 'updated', app: ProxiedApp) => void;

/** Records app lifecycle notifications, and broadcasts them to the other instances as core does. */
export class WorkspaceActivationBridge extends AppActivationBridge {
    readonly events: ActivationEvent[] = [];
    private readonly appChangeListeners: AppChangeListener[] = [];

    constructor(private readonly publish: (event: ClusterEvent) => void) {
        super();
    }

    onAppChange(listener: AppChangeListener): void {
        this.appChangeListeners.push(listener);
    }

    protected async appAdded(app: ProxiedApp): Promise<void> {
        this.events.push({ event: 'added', appId: app.getID() });
        this.publish({ type: 'added', appId: app.getID() });
        this.appChangeListeners.forEach((listener) => listener('installed', app));
    }

    protected async appUpdated(app: ProxiedApp): Promise<void> {
        this.events.push({ event: 'updated', appId: app.getID() });
        this.publish({ type: 'updated', appId: app.getID() });
        this.appChangeListeners.forEach((listener) => listener('updated', app));
    }

    protected async appRemoved(app: ProxiedApp): Promise<void> {
        this.events.push({ event: 'removed', appId: app.getID() });
        this.publish({ type: 'removed', appId: app.getID() });
    }

    protected async appStatusChanged(app: ProxiedApp, status: AppStatus): Promise<void> {
        this.events.push({ event: 'statusChanged', appId: app.getID(), status });
        this.publish({ type: 'statusChanged', appId: app.getID(), status });
    }

    protected async actionsChanged(): Promise<void> {
        this.events.push({ event: 'actionsChanged' });
    }
}
