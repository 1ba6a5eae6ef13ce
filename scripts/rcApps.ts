#!/usr/bin/env -S node --import tsx
/**
 * The project's `rc-apps` command: `npx rc-apps package`, `npx rc-apps deploy --url … --username … --password …`
 * and `npm run deploy -- …` all land here (the postinstall links node_modules/.bin/rc-apps to this file).
 *
 * apps-compiler 0.1.7 would compile every .ts file of the project root (tests, workspace, bench included), ship
 * them all, leave the npm dependencies out and rewrite app.json. So the commands that compile run the real rc-apps
 * in the staged app folder instead (appPackage.ts); the others run it unchanged here (README, "Packaging").
 */
import path from 'node:path';

import { packageApp, runRealRcApps, withStagedApp } from './appPackage';

/** apps-cli 1.9.0 command names and aliases that compile the app. */
const PACKAGE_COMMANDS = new Set(['package', 'p', 'pack']);
const STAGED_COMMANDS = new Set(['deploy', 'submit']);

/** Commands that cannot work on a staged copy; they stop before touching any file. */
const UNSUPPORTED_COMMANDS: Record<string, string> = {
    watch:
        'rc-apps watch would watch a staged copy of the app, not your sources. ' +
        'Run `npx rc-apps deploy --url … --username … --password …` again after each change instead.',
};

/** Runs one rc-apps command line; returns the process exit code. */
export function runRcApps(args: string[]): number {
    const [command = ''] = args;
    const unsupported = UNSUPPORTED_COMMANDS[command];
    if (unsupported !== undefined) {
        console.error(`rc-apps ${command}: ${unsupported}`);
        return 2;
    }
    if (PACKAGE_COMMANDS.has(command) && !args.includes('--help') && !args.includes('-h')) {
        const zip = packageApp(args.slice(1));
        console.log(
            `App packaged up at: ${path.relative(process.cwd(), zip)} (the path above was a staging folder, now removed)`,
        );
        return 0;
    }
    if (STAGED_COMMANDS.has(command)) {
        return withStagedApp((stageDir) => runRealRcApps(args, stageDir));
    }
    return runRealRcApps(args, process.cwd());
}

if (require.main === module) {
    try {
        process.exitCode = runRcApps(process.argv.slice(2));
    } catch (error) {
        console.error(`rc-apps: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = 1;
    }
}
