/**
 * Makes @rocket.chat/apps-engine 1.62.0 start its Deno runtime offline (see packages/workspace/README.md).
 *
 * Runs as the package's postinstall, because everything it touches lives inside node_modules and is lost on
 * every install. Idempotent: a second run only re-checks the cache.
 *   1. replacement modules for the jsr `@std/*` imports and the single value import into the missing `src/`;
 *   2. import-map entries pointing at them in deno-runtime/deno.jsonc (the original is kept as deno.jsonc.orig);
 *   3. `deno cache` of the runtime's npm imports into the runtime's default DENO_DIR.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { denoBinaryDir, engineDir, engineVersion, runtimeDir } from '../runtime/paths';

const EXPECTED_ENGINE = '1.62.0';
const SHIM_DIR_NAME = 'push-sync-shims';

const shims: Record<string, string> = {
    'io.ts': `// Replaces jsr:@std/io writeAll (not reachable offline).
export async function writeAll(writer: { write(p: Uint8Array): Promise<number> }, data: Uint8Array): Promise<void> {
    let written = 0;
    while (written < data.byteLength) {
        written += await writer.write(data.subarray(written));
    }
}
`,
    'streams.ts': `// Replaces jsr:@std/streams toArrayBuffer (not reachable offline).
export async function toArrayBuffer(stream: ReadableStream<Uint8Array>): Promise<ArrayBuffer> {
    const chunks: Uint8Array[] = [];
    let length = 0;
    for await (const chunk of stream) {
        chunks.push(chunk);
        length += chunk.byteLength;
    }
    const out = new Uint8Array(length);
    let offset = 0;
    for (const chunk of chunks) {
        out.set(chunk, offset);
        offset += chunk.byteLength;
    }
    return out.buffer;
}
`,
    'parse-args.ts': `// Replaces jsr:@std/cli parseArgs: enough for "--subprocess <appId> --spawnId <n>".
type Options = { boolean?: string[]; string?: string[]; alias?: Record<string, string>; default?: Record<string, unknown> };
export function parseArgs(args: string[], options: Options = {}): Record<string, unknown> & { _: string[] } {
    const result: Record<string, unknown> & { _: string[] } = { _: [], ...(options.default ?? {}) };
    const booleans = new Set(options.boolean ?? []);
    const canonical = (name: string) => options.alias?.[name] ?? name;
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (!arg.startsWith('--')) {
            result._.push(arg);
            continue;
        }
        const [rawName, inline] = arg.slice(2).split(/=(.*)/s, 2);
        const name = canonical(rawName);
        if (inline !== undefined) {
            result[name] = inline;
        } else if (booleans.has(name) || i + 1 >= args.length || args[i + 1].startsWith('--')) {
            result[name] = true;
        } else {
            result[name] = args[++i];
        }
    }
    return result;
}
`,
    'AppsEngineException.ts': `// The import map points @rocket.chat/apps-engine/ at a src/ folder the npm package does not ship;
// this is the only value import the runtime makes from it, so re-export the compiled class.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const mod = require('../../definition/exceptions/AppsEngineException.js');
export const AppsEngineException = mod.AppsEngineException;
`,
};

function main(): void {
    const version = engineVersion();
    if (version !== EXPECTED_ENGINE) {
        throw new Error(
            `prepareRuntime: expected @rocket.chat/apps-engine ${EXPECTED_ENGINE}, found ${version}; the patch only fits that version (packages/workspace/README.md#troubleshooting)`,
        );
    }
    const shimDir = path.join(runtimeDir(), SHIM_DIR_NAME);
    mkdirSync(shimDir, { recursive: true });
    for (const [name, source] of Object.entries(shims)) {
        writeFileSync(path.join(shimDir, name), source);
    }

    const configPath = path.join(runtimeDir(), 'deno.jsonc');
    const originalPath = `${configPath}.orig`;
    if (!existsSync(originalPath)) {
        copyFileSync(configPath, originalPath);
    }
    // deno.jsonc as published is plain JSON apart from its extension
    const config = JSON.parse(readFileSync(originalPath, 'utf8')) as { imports: Record<string, string> };
    const shim = (file: string) => `./${SHIM_DIR_NAME}/${file}`;
    Object.assign(config.imports, {
        '@std/io': shim('io.ts'),
        '@std/streams': shim('streams.ts'),
        '@std/cli/parse-args': shim('parse-args.ts'),
        '@rocket.chat/apps-engine/definition/exceptions/AppsEngineException.ts': shim('AppsEngineException.ts'),
        'https://deno.land/std@0.216.0/io/write_all.ts': shim('io.ts'),
    });
    writeFileSync(configPath, `${JSON.stringify(config, null, '\t')}\n`);

    const denoDir = path.join(engineDir(), '.deno-cache');
    const started = Date.now();
    execFileSync('deno', ['cache', `--config=${configPath}`, path.join(runtimeDir(), 'main.ts')], {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: {
            ...process.env,
            PATH: `${denoBinaryDir()}${path.delimiter}${process.env.PATH ?? ''}`,
            DENO_DIR: process.env.DENO_DIR ?? denoDir,
            DENO_NO_PACKAGE_JSON: '1',
            DENO_TLS_CA_STORE: 'system',
            DENO_NO_UPDATE_CHECK: '1',
        },
    });
    console.log(`prepareRuntime: Apps Engine ${version} runtime ready for offline use (${Date.now() - started} ms)`);
}

main();
