import { readFileSync } from 'node:fs';

import { readManifest, zipPath } from '../../scripts/appPackage';
import { RestClient } from '../../workspace/client';
import { ADMIN_PASSWORD, ADMIN_USERNAME, Workspace } from '../../workspace/Workspace';

export interface TestBed {
    workspace: Workspace;
    admin: RestClient;
    appId: string;
    /** Logs in a user created through the REST API, as a client would. */
    createUser(username: string, extra?: { name?: string; roles?: string[]; language?: string }): Promise<RestClient>;
    close(): Promise<void>;
}

/** The packaged zip (built once by globalSetup), i.e. exactly what admins install. */
export function appZip(): Buffer {
    return readFileSync(zipPath(readManifest()));
}

export async function startTestBed(options: { installApp?: boolean } = {}): Promise<TestBed> {
    const workspace = await Workspace.start({ port: 0 });
    try {
        const admin = await RestClient.login(workspace.url, ADMIN_USERNAME, ADMIN_PASSWORD);
        let appId = '';
        if (options.installApp ?? true) {
            // As the admin UI does after the admin consented to the permissions the app declares.
            const installed = await admin.uploadApp(appZip(), { permissions: readManifest().permissions });
            if (installed.status !== 200) {
                throw new Error(`install failed: ${installed.text}`);
            }
            appId = (installed.body as { app: { id: string } }).app.id;
        }
        return {
            workspace,
            admin,
            appId,
            async createUser(username, extra = {}) {
                const created = await admin.post('/api/v1/users.create', {
                    username,
                    password: `${username}-pw`,
                    email: `${username}@example.com`,
                    name: extra.name ?? username,
                    roles: extra.roles,
                    language: extra.language,
                });
                if (created.status !== 200) {
                    throw new Error(`users.create failed: ${created.text}`);
                }
                return RestClient.login(workspace.url, username, `${username}-pw`);
            },
            close: () => workspace.close(),
        };
    } catch (error) {
        await workspace.close();
        throw error;
    }
}
