/**
 * The server an HTTP test talks to. Local mode (the default): a fresh workspace per file with the packaged zip
 * installed, as `startTestBed` builds it. E2E mode (the `e2e` Jest project, `npm run test:e2e -- --url …`): an already
 * running Rocket.Chat with the app installed, reached through REST only, as a client would (packages/workspace/README.md,
 * "Running the suite against your own server").
 */
import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';

import { readManifest } from '../../../scripts/appPackage';
import type { Workspace } from '@push-sync/workspace';
import { RestClient } from '@push-sync/workspace';
import type { TestBed } from './helpers';
import { setLanguage, startTestBed, useStarted } from './helpers';

export type TargetMode = 'local' | 'e2e';

export interface UserOptions {
    name?: string;
    roles?: string[];
    /** Set after the login through the user's own users.setPreferences, as core wants it. */
    language?: string;
}

export interface Target {
    mode: TargetMode;
    /** Where clients connect. */
    url: string;
    admin: RestClient;
    appId: string;
    /**
     * The workspace behind a local target, for workspace-only tests (marked with `itLocalOnly`); throws in e2e mode,
     * where the server's database is out of reach.
     */
    workspace: Workspace;
    /**
     * A user or room name for this run: unchanged in local mode (a fresh workspace has nothing to collide with); with
     * the run's random suffix in e2e mode, so a run on a staging server never meets existing data or an earlier run.
     */
    name(base: string): string;
    /** Creates `name(base)` through users.create and logs it in, as a client would. */
    createUser(base: string, options?: UserOptions): Promise<RestClient>;
    close(): Promise<void>;
}

/** The e2e settings, from the environment that `npm run test:e2e` fills from its flags. */
interface RemoteSettings {
    url: string;
    appId: string;
    adminUser?: string;
    adminPassword?: string;
    adminUserId?: string;
    adminToken?: string;
}

/** Set by the e2e project's setup file (test/integration/support/e2eMode.ts): RC_URL alone never turns a local run remote. */
const isE2eProject = () => (globalThis as { pushSyncTargetMode?: string }).pushSyncTargetMode === 'e2e';

function remoteSettings(): RemoteSettings | undefined {
    if (!isE2eProject()) {
        return undefined;
    }
    const url = process.env.RC_URL;
    if (!url) {
        throw new Error('the e2e project needs RC_URL: run it with npm run test:e2e -- --url <server>');
    }
    return {
        url: url.replace(/\/+$/, ''),
        // Apps keep the id of their app.json on every server they are installed on.
        appId: process.env.RC_APP_ID || readManifest().id,
        adminUser: process.env.RC_ADMIN_USER,
        adminPassword: process.env.RC_ADMIN_PASSWORD,
        adminUserId: process.env.RC_ADMIN_USER_ID,
        adminToken: process.env.RC_ADMIN_TOKEN,
    };
}

export const targetMode = (): TargetMode => (remoteSettings() ? 'e2e' : 'local');

/**
 * A test that needs the local workspace (its database, fixtures no REST route creates, a stand-in extension): it runs
 * in local mode and is skipped in e2e mode, the reason in its title so the run lists it.
 */
export function itLocalOnly(reason: string, title: string, test: () => Promise<void>): void {
    if (targetMode() === 'e2e') {
        it.skip(`${title} [local only: ${reason}]`, test);
    } else {
        it(title, test);
    }
}

function localTarget(bed: TestBed): Target {
    return {
        mode: 'local',
        url: bed.workspace.url,
        admin: bed.admin,
        appId: bed.appId,
        workspace: bed.workspace,
        name: (base) => base,
        createUser: (base, options) => bed.createUser(base, options),
        close: () => bed.close(),
    };
}

async function loginAdmin(settings: RemoteSettings): Promise<RestClient> {
    if (settings.adminUserId && settings.adminToken) {
        // A personal access token: the way in for an admin with two-factor authentication.
        return new RestClient(settings.url, { userId: settings.adminUserId, authToken: settings.adminToken });
    }
    if (!settings.adminUser || !settings.adminPassword) {
        throw new Error('e2e mode needs RC_ADMIN_USER and RC_ADMIN_PASSWORD (or RC_ADMIN_USER_ID and RC_ADMIN_TOKEN)');
    }
    return RestClient.login(settings.url, settings.adminUser, settings.adminPassword);
}

/**
 * Server settings at the values the converted files expect (core's defaults); e2e mode sets them for each file and gives
 * the server its own values back afterwards. Site_Url is only given back: the files read it.
 */
const SUITE_SERVER_SETTINGS: { [id: string]: unknown } = {
    Language: 'en',
    Push_show_message: true,
    Push_show_username_room: true,
    UI_Use_Real_Name: false,
    // The sync files delete replies and expect what core does by default: no history kept, no tombstone.
    Threads_enabled: true,
    Message_KeepHistory: false,
    Message_ShowDeletedStatus: false,
};
const RESTORED_SERVER_SETTINGS = [...Object.keys(SUITE_SERVER_SETTINGS), 'Site_Url'];

interface AppSetting {
    id: string;
    value: unknown;
    packageValue: unknown;
}

async function readAppSettings(admin: RestClient, appId: string): Promise<AppSetting[]> {
    const response = await admin.get<{ settings: { [id: string]: AppSetting } }>(`/api/apps/${appId}/settings`);
    if (response.status !== 200) {
        throw new Error(
            `the app ${appId} is not installed at ${admin.baseUrl}, or the admin lacks manage-apps: ` +
                `GET /api/apps/${appId}/settings answered ${response.status} ${response.text.slice(0, 300)}`,
        );
    }
    return Object.values(response.body.settings);
}

async function saveAppSettings(admin: RestClient, appId: string, settings: AppSetting[]): Promise<void> {
    if (settings.length === 0) return;
    const saved = await admin.post(`/api/apps/${appId}/settings`, { settings });
    if (saved.status !== 200) {
        throw new Error(`saving the app settings failed: ${saved.status} ${saved.text}`);
    }
}

async function readServerSettings(admin: RestClient): Promise<Map<string, unknown>> {
    const values = new Map<string, unknown>();
    for (const id of RESTORED_SERVER_SETTINGS) {
        const response = await admin.get<{ value: unknown }>(`/api/v1/settings/${id}`);
        if (response.status !== 200) {
            throw new Error(`GET /api/v1/settings/${id} answered ${response.status} ${response.text.slice(0, 300)}`);
        }
        values.set(id, response.body.value);
    }
    return values;
}

async function saveServerSetting(admin: RestClient, id: string, value: unknown): Promise<void> {
    const saved = await admin.post(`/api/v1/settings/${id}`, { value });
    if (saved.status !== 200) {
        throw new Error(`saving ${id} failed: ${saved.status} ${saved.text}`);
    }
}

/** Puts back every app and server setting whose value differs from what the server had before the file ran. */
async function restoreSettings(
    admin: RestClient,
    appId: string,
    appBefore: AppSetting[],
    serverBefore: Map<string, unknown>,
): Promise<void> {
    const appNow = new Map((await readAppSettings(admin, appId)).map((setting) => [setting.id, setting]));
    const changed = appBefore.filter((setting) => !isDeepStrictEqual(appNow.get(setting.id)?.value, setting.value));
    await saveAppSettings(admin, appId, changed);
    const serverNow = await readServerSettings(admin);
    for (const [id, value] of serverBefore) {
        if (!isDeepStrictEqual(serverNow.get(id), value)) {
            await saveServerSetting(admin, id, value);
        }
    }
}

/** A disabled app answers every endpoint with 404: say so up front rather than in every test. */
async function requireEnabledApp(admin: RestClient, appId: string): Promise<void> {
    const response = await admin.get<{ app?: { status?: string } }>(`/api/apps/${appId}`);
    const status = response.body.app?.status ?? '';
    if (response.status !== 200 || !/enabled$/.test(status)) {
        throw new Error(
            `the app ${appId} must be installed and enabled at ${admin.baseUrl}: ` +
                `GET /api/apps/${appId} answered ${response.status} ${response.text.slice(0, 300)}`,
        );
    }
}

async function remoteTarget(settings: RemoteSettings): Promise<Target> {
    const admin = await loginAdmin(settings);
    await requireEnabledApp(admin, settings.appId);
    const appBefore = await readAppSettings(admin, settings.appId);
    const serverBefore = await readServerSettings(admin);
    // The files assert the app's defaults: an admin's own values come back in close().
    const customized = appBefore.filter((setting) => !isDeepStrictEqual(setting.value, setting.packageValue));
    await saveAppSettings(
        admin,
        settings.appId,
        customized.map((setting) => ({ ...setting, value: setting.packageValue })),
    );
    for (const [id, value] of Object.entries(SUITE_SERVER_SETTINGS)) {
        if (!isDeepStrictEqual(serverBefore.get(id), value)) {
            await saveServerSetting(admin, id, value);
        }
    }
    const suffix = randomBytes(4).toString('hex');
    const name = (base: string) => `${base}-${suffix}`;
    const createdUserIds: string[] = [];
    return {
        mode: 'e2e',
        url: settings.url,
        admin,
        appId: settings.appId,
        get workspace(): Workspace {
            throw new Error('e2e mode reaches the server through REST only; mark this test with itLocalOnly');
        },
        name,
        async createUser(base, options = {}) {
            const username = name(base);
            // Random per run: a staging server's password policy may refuse a guessable one.
            const password = `${randomBytes(12).toString('base64url')}-Aa1!`;
            const created = await admin.post<{ user?: { _id: string } }>('/api/v1/users.create', {
                username,
                password,
                email: `${username}@example.com`,
                name: options.name ?? username,
                roles: options.roles,
            });
            if (created.status !== 200 || !created.body.user) {
                throw new Error(`users.create failed: ${created.text}`);
            }
            createdUserIds.push(created.body.user._id);
            const client = await RestClient.login(settings.url, username, password);
            if (options.language !== undefined) {
                await setLanguage(client, options.language);
            }
            return client;
        },
        async close() {
            // Core removes a deleted user's messages (Message_ErasureType "Delete") and subscriptions; rooms stay.
            const refused: string[] = [];
            for (const userId of createdUserIds) {
                const deleted = await admin.post('/api/v1/users.delete', { userId, confirmRelinquish: true });
                if (deleted.status !== 200) {
                    refused.push(`${userId} (${deleted.status})`);
                }
            }
            if (refused.length > 0) {
                console.warn(`users.delete refused, left on the server: ${refused.join(', ')}`);
            }
            await restoreSettings(admin, settings.appId, appBefore, serverBefore);
        },
    };
}

/** The target for one test file: the remote server in e2e mode, else a fresh local workspace. */
export async function startTarget(): Promise<Target> {
    const settings = remoteSettings();
    return settings ? remoteTarget(settings) : localTarget(await startTestBed());
}

/** One target for the whole describe block, closed after it; the getter works once beforeAll has run. */
export function useTarget(): () => Target {
    return useStarted(startTarget, 'the target');
}
