import { existsSync } from 'node:fs';
import path from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

import { RestClient, Workspace } from '@push-sync/workspace';
import { PUSH_SYNC_API_DOCS } from '../../scripts/apiExplorer';
import { appZip } from '../integration/support/helpers';

/** Debian's Chromium (`apt-get install chromium`), or the browser named by CHROMIUM_PATH. */
function chromiumPath(): string {
    const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
    const found = candidates.find((candidate) => candidate && existsSync(candidate));
    if (!found) {
        throw new Error('No Chromium found: install it with `apt-get install chromium` or set CHROMIUM_PATH');
    }
    return found;
}

/** The README's picture is refreshed on demand only (ids and dates change every run): UPDATE_SCREENSHOTS=1. */
const SCREENSHOT = path.resolve(
    __dirname,
    '..',
    '..',
    process.env.UPDATE_SCREENSHOTS === '1' ? 'docs' : 'build',
    'api-explorer.png',
);

/** The explorer as a user meets it: Swagger UI in a real headless browser, against a running workspace. */
describe('API explorer (/api-docs/) in headless Chromium', () => {
    let workspace: Workspace;
    let browser: Browser;
    let page: Page;
    let bruno: RestClient;
    let appId: string;

    beforeAll(async () => {
        workspace = await Workspace.start({ port: 0, demo: true, apiDocs: PUSH_SYNC_API_DOCS });
        appId = await workspace.installApp(appZip());
        const demoUser = workspace.demo!.users.bruno;
        bruno = await RestClient.login(workspace.url, demoUser.username, demoUser.password);
        // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
        browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
        page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
        page.setDefaultTimeout(20000);
    });
    afterAll(async () => {
        await browser?.close();
        await workspace?.close();
    });

    it('loads the page offline and lists both endpoints', async () => {
        const requested: string[] = [];
        page.on('request', (request) => requested.push(request.url()));
        await page.goto(`${workspace.url}/api-docs/`);
        await page.waitForSelector('.opblock');
        const summaries = await page.locator('.opblock-get .opblock-summary-path').allInnerTexts();
        expect(summaries.map((text) => text.replace(/\u200b/g, ''))).toEqual([
            '/api/apps/public/{appId}/push.get',
            '/api/apps/public/{appId}/chat.syncThreadMessages',
        ]);
        // Nothing leaves the workspace (no CDN, no online validator).
        expect(requested.filter((url) => !url.startsWith(workspace.url))).toEqual([]);
    });

    /** Opens an operation, presses "Try it out", then Execute on the prefilled form; returns its live answer. */
    const executeOnDefaults = async (endpoint: string) => {
        const operation = page.locator('.opblock-get', {
            has: page.locator(`[data-path="/api/apps/public/{appId}/${endpoint}"]`),
        });
        await operation.locator('.opblock-summary').click();
        await operation.locator('button.try-out__btn').click();
        // The description served by the workspace pre-fills the installed app's id.
        await expect(operation.locator('tr[data-param-name="appId"] input').inputValue()).resolves.toBe(appId);
        await operation.locator('button.execute').click();
        const live = operation.locator('.live-responses-table');
        await live.locator('.response-col_status').first().waitFor();
        return {
            operation,
            live,
            status: (await live.locator('tbody .response-col_status').innerText()).trim(),
            shown: JSON.parse(await live.locator('tbody .response-col_description pre').first().innerText()),
        };
    };

    it('runs push.get through "Try it out" on its defaults with the demo credentials and shows the answer', async () => {
        const { userId, authToken } = bruno.credentials!;
        const messageId = workspace.demo!.messages.channelMessage;

        // One form per header (security scheme), each with its own Authorize button.
        await page.click('button.authorize');
        for (const [scheme, value] of [
            ['userId', userId],
            ['authToken', authToken],
        ]) {
            const form = page.locator('.modal-ux .auth-container', {
                has: page.locator('h4 code', { hasText: new RegExp(`^${scheme}$`) }),
            });
            await form.locator('input').fill(value);
            await form.locator('button.authorize').click();
            await form.locator('button', { hasText: 'Logout' }).waitFor();
        }
        await page.locator('.modal-ux button.btn-done').first().click();

        // Nothing typed: the form holds the demo's welcome message id.
        const { operation, live, status, shown } = await executeOnDefaults('push.get');
        expect(status).toBe('200');
        const direct = await bruno.callApp(appId, 'push.get', { id: messageId });
        expect(direct.status).toBe(200);
        expect(shown).toEqual(direct.body);
        expect(shown.data.message._id).toBe(messageId);
        // The request the page sent carried both credential headers.
        const curl = await operation.locator('.curl-command').innerText();
        expect(curl).toContain(`X-User-Id: ${userId}`);
        expect(curl).toContain(`X-Auth-Token: ${authToken}`);

        await operation.scrollIntoViewIfNeeded();
        await live.scrollIntoViewIfNeeded();
        await page.screenshot({ path: SCREENSHOT });
    });

    it('runs chat.syncThreadMessages on its defaults: the demo thread, every field, both replies', async () => {
        const { operation, status, shown } = await executeOnDefaults('chat.syncThreadMessages');
        expect(status).toBe('200');
        // No sort, fields or query prefilled: the whole thread, unprojected.
        for (const optional of ['sort', 'fields', 'query', 'offset', 'count']) {
            await expect(operation.locator(`tr[data-param-name="${optional}"] input`).inputValue()).resolves.toBe('');
        }
        const replies = workspace.demo!.messages.threadReplies;
        // Order: _updatedAt, then _id; the demo writes both replies within a millisecond or two.
        expect(shown.messages.update.map((item: { _id: string }) => item._id).sort()).toEqual([...replies].sort());
        expect(shown.messages.update[0]).toMatchObject({ tmid: workspace.demo!.messages.threadRoot, msg: expect.any(String) });
    });
});
