/**
 * `npm run deploy -- --url <server> --username <user> --password <password>`: stages the bundled app
 * (see appPackage.ts) and runs `rc-apps deploy` there, against a real server or the local workspace.
 * rc-apps installs the app, or updates it when it is already installed.
 */
import { prepareStage, rcApps } from './appPackage';

prepareStage();
rcApps(['deploy', ...process.argv.slice(2)]);
