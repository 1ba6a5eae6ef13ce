/**
 * `npm run test:e2e -- --url <server> [--user <admin> --password <password>] [--app-id <id>] [jest options]`: runs the
 * `e2e` Jest project REST-only against a running Rocket.Chat that has the app installed (packages/workspace/README.md#running-the-suite-against-your-own-server). Each flag sets the environment variable it names; variables already set are
 * the defaults. Unknown options go to Jest (e.g. `-t push.get`).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';

const USAGE = `Usage: npm run test:e2e -- --url <server> [options] [jest options]

Runs the integration files that work REST-only against a running Rocket.Chat with Push Sync installed.
Workspace-only tests are skipped, each with its reason.

Options (each sets an environment variable, which is also read when the flag is absent):
  --url <url>            the server, e.g. https://chat.example.com              RC_URL
  --user <username>      an admin with manage-apps                                RC_ADMIN_USER
  --password <password>  that admin's password                                    RC_ADMIN_PASSWORD
  --user-id <id>         instead of user/password: the admin's user id           RC_ADMIN_USER_ID
  --token <token>        and a personal access token (admins with 2FA)            RC_ADMIN_TOKEN
  --app-id <id>          the installed app's id (default: app.json's id)          RC_APP_ID
  --help                 print this text and exit`;

const FLAGS = {
    url: 'RC_URL',
    user: 'RC_ADMIN_USER',
    password: 'RC_ADMIN_PASSWORD',
    'user-id': 'RC_ADMIN_USER_ID',
    token: 'RC_ADMIN_TOKEN',
    'app-id': 'RC_APP_ID',
} as const;

function main(): number {
    const { values, tokens } = parseArgs({
        options: {
            help: { type: 'boolean', default: false },
            ...Object.fromEntries(Object.keys(FLAGS).map((flag) => [flag, { type: 'string' as const }])),
        },
        strict: false,
        tokens: true,
    });
    if (values.help) {
        console.log(USAGE);
        return 0;
    }
    const env = { ...process.env };
    for (const [flag, variable] of Object.entries(FLAGS)) {
        const value = values[flag];
        if (typeof value === 'string') {
            env[variable] = value;
        }
    }
    if (!env.RC_URL) {
        console.error(`--url (or RC_URL) is required.\n\n${USAGE}`);
        return 2;
    }
    // What parseArgs did not recognise goes to Jest, in its order.
    const jestArgs = tokens.flatMap((token) => {
        if (token.kind === 'positional') return [token.value];
        if (token.kind === 'option' && !(token.name in FLAGS) && token.name !== 'help') {
            return token.value === undefined ? [token.rawName] : [token.rawName, token.value];
        }
        return [];
    });
    const jest = require.resolve('jest/bin/jest');
    const result = spawnSync(
        process.execPath,
        // One file at a time: the files change the same server's settings.
        [jest, '--selectProjects', 'e2e', '--runInBand', '--verbose', ...jestArgs],
        { cwd: path.resolve(__dirname, '..'), env, stdio: 'inherit' },
    );
    return result.status ?? 1;
}

process.exitCode = main();
