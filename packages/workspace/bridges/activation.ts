import type { AppStatus } from '@rocket.chat/apps-engine/definition/AppStatus';
import { AppActivationBridge } from '@rocket.chat/apps-engine/server/bridges';
import type { ProxiedApp } from '@rocket.chat/apps-engine/server/ProxiedApp';

export interface ActivationEvent {
    event: 'added' | 'updated' | 'removed' | 'statusChanged' | 'actionsChanged';
    appId?: string;
    status?: AppStatus;
}

/** Told of an app installed or updated, however (an upload, rc-apps deploy, `Workspace.installApp`). */
export type AppChangeListener = (change: 'installed' | 'updated', app: ProxiedApp) => void;

/** Records app lifecycle notifications (core broadcasts them to clients and other instances). */
export class WorkspaceActivationBridge extends AppActivationBridge {
    readonly events: ActivationEvent[] = [];
    private readonly appChangeListeners: AppChangeListener[] = [];

    onAppChange(listener: AppChangeListener): void {
        this.appChangeListeners.push(listener);
    }

    protected async appAdded(app: ProxiedApp): Promise<void> {
        this.events.push({ event: 'added', appId: app.getID() });
        this.appChangeListeners.forEach((listener) => listener('installed', app));
    }

    protected async appUpdated(app: ProxiedApp): Promise<void> {
        this.events.push({ event: 'updated', appId: app.getID() });
        this.appChangeListeners.forEach((listener) => listener('updated', app));
    }

    protected async appRemoved(app: ProxiedApp): Promise<void> {
        this.events.push({ event: 'removed', appId: app.getID() });
    }

    protected async appStatusChanged(app: ProxiedApp, status: AppStatus): Promise<void> {
        this.events.push({ event: 'statusChanged', appId: app.getID(), status });
    }

    protected async actionsChanged(): Promise<void> {
        this.events.push({ event: 'actionsChanged' });
    }
}
