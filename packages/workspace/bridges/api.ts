import { ApiBridge } from '@rocket.chat/apps-engine/server/bridges';
import type { AppApi } from '@rocket.chat/apps-engine/server/managers/AppApi';

/** Endpoints registered by apps, looked up by the HTTP router (core: one Express router per app). */
export class WorkspaceApiBridge extends ApiBridge {
    private readonly apis = new Map<string, Map<string, AppApi>>();

    protected async registerApi(api: AppApi, appId: string): Promise<void> {
        const byPath = this.apis.get(appId) ?? new Map<string, AppApi>();
        // Express routes are case-insensitive and tolerate a trailing slash (docs/architecture.md#host-facts-a-maintainer-needs).
        byPath.set(api.endpoint.path.toLowerCase(), api);
        this.apis.set(appId, byPath);
    }

    protected async unregisterApis(appId: string): Promise<void> {
        this.apis.delete(appId);
    }

    findEndpoint(appId: string, path: string): AppApi | undefined {
        return this.apis.get(appId)?.get(path.replace(/\/+$/, '').toLowerCase());
    }

    hasApp(appId: string): boolean {
        return this.apis.has(appId);
    }
}
