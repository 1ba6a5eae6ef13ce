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

/** npm's platform package names for Deno (the `deno` package's optional dependencies). */
function platformPackage(): string {
    const platform = process.platform === 'win32' ? 'win32' : process.platform;
    const libc = process.platform === 'linux' ? '-glibc' : '';
    return `@deno/${platform}-${process.arch}${libc}`;
}

/**
 * The folder of the real Deno 2.3.1 binary. The engine spawns plain `deno` through PATH and passes the child only
 * PATH and DENO_DIR, so this folder goes first on PATH (packages/workspace/README.md). The binary comes from npm's platform package
 * (only linux-x64 is in our registry, so it is the one optional dependency); elsewhere a `deno` already on PATH is used.
 */
export function denoBinaryDir(): string {
    try {
        const folder = path.dirname(require.resolve(`${platformPackage()}/package.json`));
        if (existsSync(path.join(folder, 'deno'))) {
            return folder;
        }
    } catch {
        // Not installed for this platform: fall through to PATH.
    }
    for (const folder of (process.env.PATH ?? '').split(path.delimiter)) {
        if (folder && existsSync(path.join(folder, process.platform === 'win32' ? 'deno.exe' : 'deno'))) {
            return folder;
        }
    }
    throw new Error(
        `No Deno binary: ${platformPackage()} is not installed for this platform and no deno is on PATH (install Deno 2.3.1)`,
    );
}
