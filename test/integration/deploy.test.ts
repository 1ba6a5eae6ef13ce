import { execFileSync } from 'node:child_process';

import { readManifest } from '../../scripts/appPackage';
import type { TestBed } from './support/helpers';
import { startTestBed } from './support/helpers';
import { inProjectRoot, npxRcApps, PACKAGING_TIMEOUT_MS, projectState } from './support/rcAppsCommand';

/**
 * Plain `npx rc-apps deploy` in the project root, and `npm run deploy` (its alias): rc-apps talks to /api/info,
 * /api/v1/login, GET /api/apps/:id and the multipart upload.
 */
describe('rc-apps deploy against the local workspace', () => {
    let bed: TestBed;
    const appId = readManifest().id;

    beforeAll(async () => {
        bed = await startTestBed({ installApp: false });
    });
    afterAll(async () => {
        await bed?.close();
        // An update replaces the app's runtime: the old Deno process must not outlive the workspace either.
        const denoChildren = execFileSync('ps', ['-o', 'comm=', '--ppid', String(process.pid)], { encoding: 'utf8' })
            .split('\n')
            .filter((name) => name === 'deno');
        expect(denoChildren).toEqual([]);
    });

    const credentials = () => ['--url', bed.workspace.url, '--username', 'admin', '--password', 'admin'];

    it(
        'installs the app, then updates it, and leaves the repository as it was',
        async () => {
            expect((await bed.admin.get(`/api/apps/${appId}`)).status).toBe(404);
            const before = projectState();

            await npxRcApps(['deploy', ...credentials()]);
            expect(projectState()).toEqual(before);
            const installed = await bed.admin.get(`/api/apps/${appId}`);
            expect(installed.status).toBe(200);
            expect(installed.body).toMatchObject({
                app: { id: appId, status: 'manually_enabled', requiredApiVersion: '^1.59.0' },
                success: true,
            });

            await inProjectRoot('npm', ['run', 'deploy', '--', ...credentials()]);
            const events = bed.workspace.runtime.bridges.activation.events
                .filter((event) => event.appId === appId)
                .map((event) => event.event);
            expect(events).toContain('added');
            expect(events).toContain('updated');
            expect((await bed.admin.get(`/api/apps/${appId}`)).body).toMatchObject({ app: { status: 'manually_enabled' } });

            // The updated app still serves its endpoints with the permissions it declares.
            const response = await bed.admin.callApp(appId, 'push.get', { id: 'nope' });
            expect(response.status).toBe(400);
            expect(response.headers.get('content-type')).toMatch(/^application\/json/);
            expect(response.body).toEqual({
                success: false,
                error: 'error-message-not-found',
                errorType: 'error-message-not-found',
            });
            expect(projectState()).toEqual(before);
        },
        PACKAGING_TIMEOUT_MS,
    );
});
