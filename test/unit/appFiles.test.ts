/**
 * app-files.json is the one list of what the app is. The packaging and lint read it; this test holds everything else
 * to it: every source the App class reaches, the engine-1.59 type-check, and the layout tables of the docs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { buildSync } from 'esbuild';

import { APP_FILES, ROOT, readManifest } from '../../scripts/appPackage';

const listed = (file: string, entries: string[]) => entries.some((entry) => file === entry || file.startsWith(`${entry}/`));
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

describe('app-files.json, the one list of the app', () => {
    it('lists every project file the App class reaches (esbuild inputs outside node_modules)', () => {
        const { metafile } = buildSync({
            entryPoints: [path.join(ROOT, readManifest().classFile)],
            absWorkingDir: ROOT,
            bundle: true,
            write: false,
            metafile: true,
            platform: 'node',
            external: ['@rocket.chat/apps-engine', '@rocket.chat/apps-engine/*'],
            logLevel: 'error',
        });
        const projectFiles = Object.keys(metafile.inputs).filter((input) => !input.split('/').includes('node_modules'));
        expect(projectFiles.length).toBeGreaterThan(10);
        expect(projectFiles.filter((file) => !listed(file, [...APP_FILES.sources, ...APP_FILES.assets]))).toEqual([]);
    });

    it('is what the engine-1.59 type-check includes', () => {
        const config = JSON.parse(read('tsconfig.engine-1.59.json')) as { include: string[] };
        expect([...config.include].sort()).toEqual([...APP_FILES.sources, ...APP_FILES.declarations].sort());
    });

    it.each(['docs/development.md', 'docs/architecture.md'])('is in the layout table of %s', (file) => {
        const text = read(file);
        const missing = [...APP_FILES.sources, ...APP_FILES.assets]
            .map((entry) => (entry.includes('.') ? `\`${entry}\`` : `\`${entry}/\``))
            .filter((cell) => !text.split('\n').some((line) => line.startsWith('|') && line.includes(cell)));
        // The architecture table is about code: it need not name the manifest and icon.
        const optional = file === 'docs/architecture.md' ? ['`app.json`', '`icon.png`'] : [];
        expect(missing.filter((cell) => !optional.includes(cell))).toEqual([]);
    });
});
