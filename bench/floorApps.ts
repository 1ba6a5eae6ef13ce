/**
 * Packages a benchmark floor app (bench/floor-apps/<name>/: app.json, icon, one dependency-free class file) with
 * `rc-apps package`, from a staged copy under build/, as scripts/appPackage.ts stages Push Sync.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

import { prepareForCompiler, REAL_RC_APPS, ROOT } from '../scripts/appPackage';

/** Returns the zip's path. `folder` is the app's folder, absolute or relative to the repository root. */
export async function packageFloorApp(folder: string): Promise<string> {
    const source = path.resolve(ROOT, folder);
    const manifest = JSON.parse(readFileSync(path.join(source, 'app.json'), 'utf8')) as { nameSlug: string; version: string };
    const stage = path.join(ROOT, 'build', 'floor-apps', manifest.nameSlug);
    rmSync(stage, { recursive: true, force: true });
    mkdirSync(path.dirname(stage), { recursive: true });
    cpSync(source, stage, { recursive: true });
    prepareForCompiler(stage, manifest);
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
