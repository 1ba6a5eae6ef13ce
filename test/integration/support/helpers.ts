import { readFileSync } from 'node:fs';

import { PUSH_SYNC_API_DOCS } from '../../../scripts/apiExplorer';
import { readManifest, zipPath } from '../../../scripts/appPackage';
import type { Database, RawMessage, RawRoom } from '@push-sync/workspace';
import { ADMIN_PASSWORD, ADMIN_USERNAME, randomId, RestClient, Workspace } from '@push-sync/workspace';

export interface TestBed {
    workspace: Workspace;
    admin: RestClient;
    appId: string;
    /** Logs in a user created through the REST API, as a client would. */
    createUser(username: string, extra?: { name?: string; roles?: string[]; language?: string }): Promise<RestClient>;
    close(): Promise<void>;
}

/** A user's language, as core sets it: their own users.setPreferences (users.create refuses `language`). */
export async function setLanguage(client: RestClient, language: string): Promise<void> {
    const saved = await client.post('/api/v1/users.setPreferences', { data: { language } });
    if (saved.status !== 200) {
        throw new Error(`users.setPreferences failed: ${saved.text}`);
    }
}

/** The packaged zip (built once by globalSetup), i.e. exactly what admins install. */
export function appZip(): Buffer {
    return readFileSync(zipPath(readManifest()));
}

/**
 * Something started once for the whole describe block (a test bed, a target) and closed after it. Returns a getter:
 * the value exists only once beforeAll has run.
 */
export function useStarted<T extends { close(): Promise<void> }>(start: () => Promise<T>, what: string): () => T {
    let started: T | undefined;
    beforeAll(async () => {
        started = await start();
    });
    afterAll(async () => {
        await started?.close();
    });
    return () => {
        if (!started) {
            throw new Error(`${what} is not started yet`);
        }
        return started;
    };
}

/** `instances` and `broadcast`: a cluster (packages/workspace/README.md#several-instances); the app is installed through the main port. */
export async function startTestBed(
    options: { installApp?: boolean; instances?: number; broadcast?: boolean } = {},
): Promise<TestBed> {
    const workspace = await Workspace.start({
        port: 0,
        apiDocs: PUSH_SYNC_API_DOCS,
        instances: options.instances,
        broadcast: options.broadcast,
    });
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
            // Its startup jobs run now, and on a cluster the other instances load it: let that finish before a test can
            // update the app under them.
            await workspace.settled(30_000);
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
                });
                if (created.status !== 200) {
                    throw new Error(`users.create failed: ${created.text}`);
                }
                const client = await RestClient.login(workspace.url, username, `${username}-pw`);
                if (extra.language !== undefined) {
                    await setLanguage(client, extra.language);
                }
                return client;
            },
            close: () => workspace.close(),
        };
    } catch (error) {
        await workspace.close();
        throw error;
    }
}

/**
 * Replaces the installed app through the engine, as an admin's upload does, with `permissions` granted; then waits
 * for its new runtime to settle (its startup jobs run at once). The next update, or the bed's close, stops that
 * runtime: mid-request, the engine would write into the dead subprocess's pipe (`write EPIPE` on a busy machine).
 */
export async function updateApp(bed: TestBed, permissions: readonly object[], zip = appZip()): Promise<void> {
    await bed.workspace.runtime.manager.update(zip, permissions as never, { loadApp: true });
    await bed.workspace.runtime.settled();
}

/**
 * Runs `work` with the app updated to lack one permission it declares, then grants them all again. The engine logs
 * each refusal (AppPermissionManager.notifyAboutError): returns the lines logged meanwhile, for the test to assert
 * (`refusedPermission`), so that a green run prints none. Should `work` fail, they are printed beside the failure.
 */
export async function withoutPermission(bed: TestBed, name: string, work: () => Promise<void>): Promise<string[]> {
    const declared = readManifest().permissions!;
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const logged = () => spy.mock.calls.map((args) => args.map(String).join(' '));
    try {
        await updateApp(
            bed,
            declared.filter((permission) => permission.name !== name),
        );
        try {
            await work();
        } finally {
            await updateApp(bed, declared);
        }
        return logged();
    } catch (error) {
        spy.mockRestore();
        logged().forEach((line) => console.error(line));
        throw error;
    } finally {
        spy.mockRestore();
    }
}

/** The line the engine logs when it refuses the app a permission it was not granted. */
export const refusedPermission = (name: string) =>
    expect.stringMatching(new RegExp(`lacks the following permissions:\\s*\\["${name.replace('.', '\\.')}"\\]`));

/** What either endpoint answers when a host read fails (docs/push.get.md, docs/chat.syncThreadMessages.md). */
export const INTERNAL_ERROR = { success: false, error: 'Internal error [error-internal]', errorType: 'error-internal' };

/**
 * Saves one app setting as an admin does in Administration › Apps (core's POST /api/apps/:id/settings with the
 * whole setting object, value changed).
 */
export function setAppSetting(bed: TestBed, id: string, value: unknown): Promise<void> {
    return saveAppSetting(bed.admin, bed.appId, id, value);
}

/** The same through a given admin client (on a cluster: through one instance's port), for any installed app. */
export async function saveAppSetting(admin: RestClient, appId: string, id: string, value: unknown): Promise<void> {
    const current = await admin.get<{ settings: { [id: string]: object } }>(`/api/apps/${appId}/settings`);
    if (current.status !== 200 || !current.body.settings[id]) {
        throw new Error(`no app setting ${id}: ${current.text}`);
    }
    const saved = await admin.post(`/api/apps/${appId}/settings`, { settings: [{ ...current.body.settings[id], value }] });
    if (saved.status !== 200) {
        throw new Error(`saving ${id} failed: ${saved.text}`);
    }
}

/**
 * Polls `check` until it holds (a fire-and-forget event's record, a cache that expires), for at most `timeoutMs`: loud
 * when it never does.
 */
export async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
        if (Date.now() > deadline) {
            throw new Error(`waitFor: ${what} did not happen within ${timeoutMs} ms`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
}

/** A room written straight into the stand-in's database, for shapes its REST API does not create (teams, livechat). */
export function insertRoom(db: Database, room: Partial<RawRoom> & { t: RawRoom['t'] }): RawRoom {
    const now = new Date();
    return db.rooms.insert({ _id: randomId(), msgs: 0, usersCount: 0, ts: now, _updatedAt: now, ...room } as RawRoom);
}

/** A message written straight into the database: no `md`, no mentions, as imports and old messages are stored. */
export function insertMessage(db: Database, message: Partial<RawMessage> & { rid: string; u: RawMessage['u'] }): RawMessage {
    const now = new Date();
    return db.messages.insert({ _id: randomId(), msg: '', ts: now, _updatedAt: now, ...message } as RawMessage);
}
