import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { ROOT } from '../../../scripts/appPackage';

/** Each packaging takes about 8 s on an idle machine and several times that on a busy one. */
export const PACKAGING_TIMEOUT_MS = 300_000;

/**
 * A command typed in the project root, e.g. `npx rc-apps package`. Asynchronous, so that a workspace in the test's
 * own process keeps answering a deploy.
 */
export function inProjectRoot(command: string, args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
        execFile(command, args, { cwd: ROOT, encoding: 'utf8' }, (error, stdout, stderr) => {
            if (error) {
                reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`));
                return;
            }
            resolve(stdout);
        });
    });
}

/** `npx rc-apps <args>` in the project root, as every Rocket.Chat app developer types it. */
export const npxRcApps = (args: string[]) => inProjectRoot('npx', ['rc-apps', ...args]);

const sha256 = (file: string) =>
    createHash('sha256')
        .update(readFileSync(path.join(ROOT, file)))
        .digest('hex');

/**
 * What rc-apps must leave as it found it: the git status, and the manifest and package files byte for byte (as
 * hashes, so that a failure prints two lines, not the lock file). Do not edit the tree while these tests run.
 */
export function projectState(): { gitStatus: string; sha256: { [file: string]: string } } {
    const gitStatus = execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: ROOT, encoding: 'utf8' });
    const files = ['app.json', 'package.json', 'package-lock.json'];
    return { gitStatus, sha256: Object.fromEntries(files.map((file) => [file, sha256(file)])) };
}
