import { readFileSync } from 'node:fs';
import { URL } from 'node:url';

import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** The app's sources (app-files.json): a file, or a folder of .ts files. */
const appSources = JSON.parse(readFileSync(new URL('./app-files.json', import.meta.url), 'utf8')).sources.map((entry) =>
    entry.endsWith('.ts') ? entry : `${entry}/**/*.ts`,
);

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
        // The app runs inside the Apps Engine's Deno sandbox: no Node APIs, no console (use the app logger), no workspace.
        // (Comes after the block above: its patterns replace those for the app's files.)
        files: appSources,
        rules: {
            'no-console': 'error',
            'no-restricted-imports': [
                'error',
                {
                    patterns: [
                        'node:*',
                        'fs',
                        'child_process',
                        '**/packages/workspace',
                        '**/packages/workspace/**',
                        '@push-sync/workspace',
                        '@push-sync/workspace/*',
                    ],
                },
            ],
        },
    },
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
