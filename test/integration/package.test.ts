import { readFileSync } from 'node:fs';
import path from 'node:path';

import AdmZip from 'adm-zip';

import { REQUIRED_API_VERSION, ROOT, readManifest, zipPath } from '../../scripts/appPackage';
import { npxRcApps, PACKAGING_TIMEOUT_MS, projectState } from './support/rcAppsCommand';

describe('the packaged app zip', () => {
    const manifest = readManifest();
    const zip = new AdmZip(zipPath(manifest));
    const entries = zip
        .getEntries()
        .map((entry) => entry.entryName)
        .sort();

    it('is named after nameSlug and version', () => {
        expect(path.basename(zipPath(manifest))).toBe('push-sync_0.2.0.zip');
    });

    it('holds the app alone: no tests, workspace, bench, docs or node_modules', () => {
        const translations = ['de', 'en', 'es', 'fr', 'ja', 'pt-BR', 'ru'].map((language) => `i18n/${language}.json`);
        expect(entries).toEqual(
            ['.packagedby', 'PushSyncApp.js', 'app.json', 'icon.png', 'package.json', ...translations].sort(),
        );
    });

    it('declares requiredApiVersion ^1.59.0 although development pins engine 1.62.0', () => {
        const packaged = JSON.parse(zip.readAsText('app.json')) as typeof manifest;
        expect(packaged.requiredApiVersion).toBe(REQUIRED_API_VERSION);
        expect(REQUIRED_API_VERSION).toBe('^1.59.0');
        const source = JSON.parse(readFileSync(path.join(ROOT, 'app.json'), 'utf8')) as typeof manifest;
        expect(source.requiredApiVersion).toBe('^1.59.0');
    });

    it('keeps the manifest: uuid v4 id, name, slug, class file, icon and the exact permissions', () => {
        const packaged = JSON.parse(zip.readAsText('app.json')) as typeof manifest & {
            author: { homepage: string; support: string };
        };
        expect(packaged.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(packaged).toMatchObject({
            name: 'Push Sync',
            nameSlug: 'push-sync',
            version: '0.2.0',
            classFile: 'PushSyncApp.ts',
            iconFile: 'icon.png',
        });
        expect(packaged.author.homepage).toMatch(/^https:\/\//);
        expect(packaged.author.support).toMatch(/^https:\/\//);
        expect(packaged.permissions).toEqual([
            { name: 'api' },
            { name: 'message.read' },
            { name: 'room.read' },
            { name: 'user.read' },
            { name: 'threads.read' },
            { name: 'server-setting.read', hiddenSettings: ['uniqueID'] },
            { name: 'persistence' },
            { name: 'scheduler' },
        ]);
    });

    it('ships one self-contained class file that requires nothing but the engine', () => {
        const code = zip.readAsText('PushSyncApp.js');
        const required = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((match) => match[1]);
        expect(required.length).toBeGreaterThan(0);
        expect(required.every((name) => name.startsWith('@rocket.chat/apps-engine/'))).toBe(true);
        expect(code).toContain('exports.PushSyncApp');
    });

    it('has a 256×256 opaque PNG icon', () => {
        const icon = zip.readFile('icon.png')!;
        expect(icon.subarray(1, 4).toString()).toBe('PNG');
        expect(icon.readUInt32BE(16)).toBe(256);
        expect(icon.readUInt32BE(20)).toBe(256);
        // Colour type 2 = truecolour without alpha.
        expect(icon[25]).toBe(2);
    });
});

describe('plain `npx rc-apps package` in the project root', () => {
    const manifest = readManifest();
    // The zip globalSetup built with `npm run package`, read before rc-apps replaces it.
    const built = new AdmZip(zipPath(manifest));

    it(
        'builds the same app as `npm run package` and leaves the repository as it was',
        async () => {
            const before = projectState();

            const output = await npxRcApps(['package']);

            expect(output).toContain('App packaged up at: dist/push-sync_0.2.0.zip');
            expect(projectState()).toEqual(before);
            const packaged = new AdmZip(zipPath(manifest));
            const names = (zip: AdmZip) =>
                zip
                    .getEntries()
                    .map((entry) => entry.entryName)
                    .sort();
            expect(names(packaged)).toEqual(names(built));
            for (const name of names(built).filter((entry) => entry !== '.packagedby')) {
                expect([name, packaged.readAsText(name)]).toEqual([name, built.readAsText(name)]);
            }
            expect(JSON.parse(packaged.readAsText('app.json'))).toMatchObject({ requiredApiVersion: '^1.59.0' });
        },
        PACKAGING_TIMEOUT_MS,
    );

    it('refuses `rc-apps watch` with a clear message, before touching any file', async () => {
        const before = projectState();
        await expect(npxRcApps(['watch'])).rejects.toThrow(
            'rc-apps watch: rc-apps watch would watch a staged copy of the app, not your sources.',
        );
        expect(projectState()).toEqual(before);
    });
});
