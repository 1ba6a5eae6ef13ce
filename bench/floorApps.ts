/**
 * Packages a benchmark floor app (bench/floor-apps/<name>/: app.json, icon, one dependency-free class file) with
 * `rc-apps package`, from a staged copy in build/ as scripts/appPackage.ts does for Push Sync. No bundling: a floor app
 * imports only the engine.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { REQUIRED_API_VERSION, ROOT } from '../scripts/appPackage';

const REAL_RC_APPS = path.join(ROOT, 'node_modules', '@rocket.chat', 'apps-cli', 'bin', 'run');

/** Returns the path of the zip. */
export async function packageFloorApp(folder: string): Promise<string> {
    const manifest = JSON.parse(readFileSync(path.join(folder, 'app.json'), 'utf8')) as { nameSlug: string; version: string };
    const stage = path.join(ROOT, 'build', `floor-${manifest.nameSlug}`);
    rmSync(stage, { recursive: true, force: true });
    mkdirSync(path.dirname(stage), { recursive: true });
    cpSync(folder, stage, { recursive: true });
    // rc-apps reads the engine version from here and rewrites app.json unless both coerce to the same version.
    const stagePackage = {
        name: manifest.nameSlug,
        version: manifest.version,
        private: true,
        devDependencies: { '@rocket.chat/apps-engine': REQUIRED_API_VERSION },
    };
    writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(stagePackage, null, 2)}\n`);
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
    await new Promise<void>((resolve, reject) => {
        // The CLI itself: node_modules/.bin/rc-apps may be a project wrapper that packages Push Sync instead.
        execFile(REAL_RC_APPS, ['package'], { cwd: stage }, (error, stdout, stderr) =>
            error ? reject(new Error(`rc-apps package failed in ${stage}: ${error.message}\n${stdout}\n${stderr}`)) : resolve(),
        );
    });
    return path.join(stage, 'dist', `${manifest.nameSlug}_${manifest.version}.zip`);
}
