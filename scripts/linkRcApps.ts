/**
 * Postinstall step: points node_modules/.bin/rc-apps at scripts/rcApps.ts, so that `npx rc-apps …` in the project
 * root packages and deploys the bundled app (see there). npm links the bin to apps-cli on every install,
 * which is why this runs after each one; it is idempotent.
 */
import { rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';

import { ROOT } from './appPackage';

const BIN_LINK = path.join(ROOT, 'node_modules', '.bin', 'rc-apps');
const WRAPPER = path.join(ROOT, 'scripts', 'rcApps.ts');

rmSync(BIN_LINK, { force: true });
symlinkSync(path.relative(path.dirname(BIN_LINK), WRAPPER), BIN_LINK);
console.log(`linkRcApps: ${path.relative(ROOT, BIN_LINK)} -> ${path.relative(ROOT, WRAPPER)}`);
