/**
 * Builds the app zip that admins install: `dist/<nameSlug>_<version>.zip`, made by `rc-apps package`.
 *
 * rc-apps 1.9.0 (apps-compiler 0.1.7) compiles every .ts file in its folder and cannot bring npm dependencies
 * into the zip, while the engine's Deno runtime only lets an app require the engine itself and a few built-ins.
 * So we first bundle the app with esbuild into one self-contained class file, stage it in a folder under build/
 * with the manifest, icon and translations, and run the real rc-apps there. Staging also keeps tests, the workspace
 * and docs out of the zip, and the compiler's rewrites of app.json away from the committed one (README, "Packaging").
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
    copyFileSync,
    cpSync,
    existsSync,
    mkdirSync,
    mkdtempSync,
    readdirSync,
    readFileSync,
    renameSync,
    rmSync,
    symlinkSync,
    statSync,
    writeFileSync,
} from 'node:fs';
import path from 'node:path';

import { buildSync } from 'esbuild';
import ts from 'typescript';

export const ROOT = path.resolve(__dirname, '..');
const BUILD_DIR = path.join(ROOT, 'build');
const DIST_DIR = path.join(ROOT, 'dist');
const HASH_FILE = path.join(DIST_DIR, '.source-hash');
const RC_APPS_CONFIG = path.join(ROOT, '.rcappsconfig');

/** The engine range the zip declares (docs/architecture.md#host-facts-a-maintainer-needs: versions); rc-apps rewrites it unless package.json agrees. */
export const REQUIRED_API_VERSION = '^1.59.0';

/** The app's files (app-files.json): sources, type declarations and the files zipped next to the bundle. */
export interface AppFiles {
    sources: string[];
    declarations: string[];
    assets: string[];
}

export const APP_FILES = JSON.parse(readFileSync(path.join(ROOT, 'app-files.json'), 'utf8')) as AppFiles;

/**
 * What the zip is built from: the app's sources and assets, and the lock file (the npm packages bundled with them).
 * Everything else in the repository (tests, workspace, docs, bench) stays out.
 */
const APP_SOURCES = [...APP_FILES.sources, ...APP_FILES.assets, 'package-lock.json'];

export interface AppManifest {
    id: string;
    name: string;
    nameSlug: string;
    version: string;
    classFile: string;
    iconFile: string;
    requiredApiVersion: string;
    implements?: string[];
    permissions?: Array<{ name: string }>;
}

export function readManifest(): AppManifest {
    return JSON.parse(readFileSync(path.join(ROOT, 'app.json'), 'utf8')) as AppManifest;
}

export function zipPath(manifest: AppManifest = readManifest()): string {
    return path.join(DIST_DIR, `${manifest.nameSlug}_${manifest.version}.zip`);
}

function listFiles(entry: string): string[] {
    const full = path.join(ROOT, entry);
    if (!existsSync(full)) {
        return [];
    }
    if (!statSync(full).isDirectory()) {
        return [entry];
    }
    return readdirSync(full)
        .sort()
        .flatMap((child) => listFiles(path.join(entry, child)));
}

/** Hash of everything that ends up in the zip, so `npm start` rebuilds only when the app changed. */
export function sourceHash(): string {
    const hash = createHash('sha256');
    for (const file of APP_SOURCES.flatMap(listFiles)) {
        hash.update(file)
            .update('\0')
            .update(readFileSync(path.join(ROOT, file)))
            .update('\0');
    }
    return hash.digest('hex');
}

/** The interfaces the App class implements, found the way apps-compiler finds them (its `implements` list). */
function implementedInterfaces(classFile: string): string[] {
    const source = ts.createSourceFile(classFile, readFileSync(path.join(ROOT, classFile), 'utf8'), ts.ScriptTarget.ES2017, true);
    const names: string[] = [];
    source.forEachChild((node) => {
        if (ts.isClassDeclaration(node)) {
            for (const clause of node.heritageClauses ?? []) {
                if (clause.token === ts.SyntaxKind.ImplementsKeyword) {
                    names.push(...clause.types.map((type) => type.getText(source)));
                }
            }
        }
    });
    return names;
}

/** One file holding the app and its npm dependencies; only the engine stays external. */
function bundleClassFile(manifest: AppManifest): string {
    const className = path.basename(manifest.classFile, '.ts');
    const result = buildSync({
        entryPoints: [path.join(ROOT, manifest.classFile)],
        // Module paths in the bundle are relative to this folder: the same zip whatever folder packaging runs from.
        absWorkingDir: ROOT,
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'node',
        // TypeScript (in rc-apps) lowers to ES2017 afterwards; an older target here would turn the class into an expression.
        target: 'es2022',
        external: ['@rocket.chat/apps-engine', '@rocket.chat/apps-engine/*'],
        // Libraries pick their build from NODE_ENV; neither the Deno runtime nor rc-apps' check sandbox has `process`.
        define: { 'process.env.NODE_ENV': '"production"' },
        minifySyntax: true,
        legalComments: 'inline',
        logLevel: 'error',
    });
    // esbuild turns bundled classes into `var X = class extends Y {` and drops `implements`; rc-apps reads the
    // implemented interfaces from a class declaration to fill app.json, and events are delivered only for those.
    const declaration = new RegExp(`^var ${className} = class extends ([\\w$]+) \\{$`, 'm');
    const interfaces = implementedInterfaces(manifest.classFile);
    const clause = interfaces.length > 0 ? ` implements ${interfaces.join(', ')}` : '';
    const bundled = result.outputFiles[0].text;
    if (!declaration.test(bundled)) {
        throw new Error(`appPackage: class ${className} not found in the bundle`);
    }
    const code = bundled.replace(declaration, `class ${className} extends $1${clause} {`);
    return `// @ts-nocheck -- generated by scripts/appPackage.ts from the type-checked sources; do not edit\n${code}`;
}

/**
 * What rc-apps needs next to an app's sources in a staged folder (Push Sync's, or a benchmark floor app's): a
 * package.json naming the engine version the zip declares, and the project's node_modules.
 */
export function prepareForCompiler(stageDir: string, manifest: Pick<AppManifest, 'nameSlug' | 'version'>): void {
    // rc-apps reads the engine version from here and rewrites app.json unless both coerce to the same version.
    const stagePackage = {
        name: manifest.nameSlug,
        version: manifest.version,
        private: true,
        devDependencies: { '@rocket.chat/apps-engine': REQUIRED_API_VERSION },
    };
    writeFileSync(path.join(stageDir, 'package.json'), `${JSON.stringify(stagePackage, null, 2)}\n`);
    // The compiler loads TypeScript and the engine's definitions from <app folder>/node_modules.
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(stageDir, 'node_modules'), 'dir');
}

function stage(manifest: AppManifest, stageDir: string): void {
    copyFileSync(path.join(ROOT, 'app.json'), path.join(stageDir, 'app.json'));
    copyFileSync(path.join(ROOT, manifest.iconFile), path.join(stageDir, manifest.iconFile));
    cpSync(path.join(ROOT, 'i18n'), path.join(stageDir, 'i18n'), { recursive: true });
    writeFileSync(path.join(stageDir, manifest.classFile), bundleClassFile(manifest));
    prepareForCompiler(stageDir, manifest);
    // `rc-apps deploy` reads its default url and credentials from the app folder's .rcappsconfig.
    if (existsSync(RC_APPS_CONFIG)) {
        copyFileSync(RC_APPS_CONFIG, path.join(stageDir, '.rcappsconfig'));
    }
}

/** apps-cli's own entry point: node_modules/.bin/rc-apps is this project's wrapper (scripts/rcApps.ts). */
export const REAL_RC_APPS = require.resolve('@rocket.chat/apps-cli/bin/run');

/** Runs the real rc-apps in `cwd`; returns its exit code. */
export function runRealRcApps(args: string[], cwd: string, { echo = true }: { echo?: boolean } = {}): number {
    const result = spawnSync(process.execPath, [REAL_RC_APPS, ...args], { cwd, stdio: echo ? 'inherit' : 'pipe' });
    if (result.error) {
        throw result.error;
    }
    if (!echo && result.status !== 0) {
        // Kept back on success (it names the staging folder, removed right after); shown when it explains a failure.
        process.stderr.write(Buffer.concat([result.stdout, result.stderr]));
    }
    return result.status ?? 1;
}

/**
 * Stages the app (bundle + manifest) in a folder of its own under build/, runs `work` there, and removes it:
 * several packagings at once (parallel test files) never share a stage.
 */
export function withStagedApp<T>(work: (stageDir: string, manifest: AppManifest) => T): T {
    const manifest = readManifest();
    const appPackage = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    if (appPackage.version !== manifest.version) {
        throw new Error(`appPackage: app.json version ${manifest.version} differs from package.json ${appPackage.version}`);
    }
    mkdirSync(BUILD_DIR, { recursive: true });
    const stageDir = mkdtempSync(path.join(BUILD_DIR, 'app-'));
    try {
        stage(manifest, stageDir);
        return work(stageDir, manifest);
    } finally {
        rmSync(stageDir, { recursive: true, force: true });
    }
}

/**
 * `rcAppsFlags`: flags for `rc-apps package` itself (e.g. `--verbose`). `echo: false` keeps rc-apps' own output back
 * unless it fails: that output names the staging folder's zip, which is gone once this returns.
 */
export function packageApp(rcAppsFlags: string[] = [], { echo = true }: { echo?: boolean } = {}): string {
    return withStagedApp((stageDir, manifest) => {
        const status = runRealRcApps(['package', ...rcAppsFlags], stageDir, { echo });
        if (status !== 0) {
            throw new Error(`appPackage: rc-apps package failed (exit code ${status})`);
        }
        const staged = JSON.parse(readFileSync(path.join(stageDir, 'app.json'), 'utf8')) as AppManifest;
        if (staged.requiredApiVersion !== REQUIRED_API_VERSION) {
            throw new Error(`appPackage: rc-apps rewrote requiredApiVersion to ${staged.requiredApiVersion}`);
        }
        mkdirSync(DIST_DIR, { recursive: true });
        // Copy, then rename: a workspace or test reading the previous zip never sees a half-written one.
        const partial = path.join(stageDir, 'dist', `${path.basename(zipPath(manifest))}.partial`);
        copyFileSync(path.join(stageDir, 'dist', path.basename(zipPath(manifest))), partial);
        renameSync(partial, zipPath(manifest));
        writeFileSync(HASH_FILE, sourceHash());
        return zipPath(manifest);
    });
}

/** Packages only when the app's sources changed since the last build; says so with the path of the zip it leaves. */
export function ensurePackaged(): string {
    const zip = zipPath();
    if (existsSync(zip) && existsSync(HASH_FILE) && readFileSync(HASH_FILE, 'utf8') === sourceHash()) {
        return zip;
    }
    return reportPackaged(packageApp([], { echo: false }));
}

function reportPackaged(zip: string): string {
    console.log(`Packaged ${path.relative(ROOT, zip)}`);
    return zip;
}

if (require.main === module) {
    reportPackaged(packageApp([], { echo: false }));
}
