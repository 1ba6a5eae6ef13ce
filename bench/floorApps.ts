/**
 * Packages a benchmark floor app (bench/floor-apps/<name>/: app.json, icon, one dependency-free class file) with
 * `rc-apps package`, from a staged copy under build/, as scripts/appPackage.ts stages Push Sync.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { REAL_RC_APPS, REQUIRED_API_VERSION, ROOT } from '../scripts/appPackage';

/** Returns the zip's path. `folder` is the app's folder, absolute or relative to the repository root. */
export async function packageFloorApp(folder: string): Promise<string> {
    const source = path.resolve(ROOT, folder);
    const manifest = JSON.parse(readFileSync(path.join(source, 'app.json'), 'utf8')) as { nameSlug: string; version: string };
    const stage = path.join(ROOT, 'build', 'floor-apps', manifest.nameSlug);
    rmSync(stage, { recursive: true, force: true });
    mkdirSync(path.dirname(stage), { recursive: true });
    cpSync(source, stage, { recursive: true });
    // rc-apps reads the engine version from package.json and loads TypeScript and the engine from node_modules.
    const stagePackage = {
        name: manifest.nameSlug,
        version: manifest.version,
        private: true,
        devDependencies: { '@rocket.chat/apps-engine': REQUIRED_API_VERSION },
    };
    writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(stagePackage, null, 2)}\n`);
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
    await new Promise<void>((resolve, reject) => {
        // The CLI itself, not node_modules/.bin/rc-apps: that is this project's wrapper, which packages Push Sync.
        execFile(process.execPath, [REAL_RC_APPS, 'package'], { cwd: stage }, (error, stdout, stderr) => {
            if (error) {
                reject(new Error(`rc-apps package (${folder}) failed: ${error.message}\n${stdout}\n${stderr}`));
                return;
            }
            resolve();
        });
    });
    const zip = path.join(stage, 'dist', `${manifest.nameSlug}_${manifest.version}.zip`);
    if (!existsSync(zip)) {
        throw new Error(`rc-apps package (${folder}): no ${zip}`);
    }
    return zip;
}
