import { readFileSync } from 'node:fs';
import { URL } from 'node:url';

import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** The app's sources (app-files.json): a file, or a folder of .ts files. */
const appSources = JSON.parse(readFileSync(new URL('./app-files.json', import.meta.url), 'utf8')).sources.map((entry) =>
    entry.endsWith('.ts') ? entry : `${entry}/**/*.ts`,
);

/** No Node APIs in the sandbox, and the app never imports the workspace. */
const SANDBOX_BANS = [
    { group: ['node:*', 'fs', 'child_process'], message: 'The app runs in the Deno sandbox: no Node APIs.' },
    {
        group: ['**/workspace', '**/workspace/**', '**/packages/**', '@push-sync/workspace', '@push-sync/workspace/*'],
        message: 'The app never imports the workspace.',
    },
];

function appImports(files, patterns = []) {
    return { files, rules: { 'no-restricted-imports': ['error', { patterns: [...SANDBOX_BANS, ...patterns] }] } };
}

export default tseslint.config(
    { ignores: ['node_modules/', 'build/', 'dist/', 'coverage/'] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ['**/*.ts'],
        rules: {
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
            '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
            eqeqeq: ['error', 'always', { null: 'ignore' }],
            'no-console': 'off',
        },
    },
    {
        // Outside the workspace package, only its public entry (packages/workspace/index.ts) may be imported.
        files: ['**/*.ts'],
        ignores: ['packages/workspace/**'],
        rules: {
            'no-restricted-imports': [
                'error',
                {
                    patterns: [
                        {
                            group: ['**/packages/workspace', '**/packages/workspace/**', '@push-sync/workspace/*'],
                            message: "Import the workspace's public entry: '@push-sync/workspace'.",
                        },
                    ],
                },
            ],
        },
    },
    {
        // The app runs inside the Apps Engine's Deno sandbox: no Node APIs, no console (use the app logger), no
        // workspace. (After the block above: the per-folder rules below replace its patterns for the app's files.)
        files: appSources,
        rules: { 'no-console': 'error' },
    },
    // Imports run one way (docs/architecture.md#the-shape-of-the-app): lib ← host, storage ← handlers ← endpoints ←
    // PushSyncApp.ts. Each folder's rule repeats the sandbox's bans: a later rule replaces an earlier one's options.
    appImports(['PushSyncApp.ts', 'endpoints/**/*.ts']),
    appImports(
        ['handlers/**/*.ts'],
        [{ group: ['../endpoints', '../endpoints/**'], message: 'handlers/ never imports endpoints/.' }],
    ),
    ...['host', 'storage'].map((folder) =>
        appImports(
            [`${folder}/**/*.ts`],
            [
                {
                    group: ['../*', '!../lib', '!../lib/**'],
                    message: `${folder}/ imports only lib/ (and the engine's definitions).`,
                },
            ],
        ),
    ),
    appImports(
        ['lib/*.ts'],
        [
            { group: ['../*'], message: 'lib/ imports only lib/.' },
            { group: ['./*/*'], message: 'Import a lib/ subfolder through its index, never its internals.' },
        ],
    ),
    appImports(
        ['lib/*/**/*.ts'],
        [
            { group: ['../../*'], message: 'lib/ imports only lib/.' },
            { group: ['../*/*'], message: 'Import another lib/ subfolder through its index, never its internals.' },
        ],
    ),
    {
        files: ['**/*.js', '**/*.cjs'],
        languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' } },
    },
    {
        files: ['test/**/*.ts'],
        rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
    },
    prettier,
);
