import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Folder of the installed @rocket.chat/apps-engine package (the runtime, not the app's typings). */
export function engineDir(): string {
    return path.dirname(require.resolve('@rocket.chat/apps-engine/package.json'));
}

export function engineVersion(): string {
    return (JSON.parse(readFileSync(path.join(engineDir(), 'package.json'), 'utf8')) as { version: string }).version;
}

export function runtimeDir(): string {
    return path.join(engineDir(), 'deno-runtime');
}

/**
 * The engine spawns plain `deno` through PATH, and npm's `node_modules/.bin/deno` is a Node wrapper,
 * so the folder holding the real binary has to go first on PATH (runtime.md §3).
 */
export function denoBinaryDir(): string {
    const denoPackage = path.dirname(require.resolve('deno/package.json'));
    if (existsSync(path.join(denoPackage, 'deno'))) {
        return denoPackage;
    }
    const platformPackage = path.join(path.dirname(denoPackage), '@deno', `${process.platform}-${process.arch}`);
    if (existsSync(path.join(platformPackage, 'deno'))) {
        return platformPackage;
    }
    throw new Error('The deno binary was not found: run `npm ci` (the deno package installs it in its postinstall)');
}
