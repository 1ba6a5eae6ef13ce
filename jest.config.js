/* global process -- the e2e project exists only when RC_URL names a server */
/** @type {import('jest').Config} */
const transform = { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] };
const common = { transform, testEnvironment: 'node', modulePathIgnorePatterns: ['<rootDir>/build/', '<rootDir>/dist/'] };
const integrationSetup = '<rootDir>/test/integration/support/globalSetup.ts';
/** Every app answer an HTTP test receives is checked against docs/openapi.json (docs/openapi.md). */
const conformance = '<rootDir>/test/integration/support/conformanceSetup.ts';
/** Integration files slow enough to run on their own (`npm run test:slow`); `npm test` runs them too. */
const SLOW = ['<rootDir>/test/integration/deploy.test.ts', '<rootDir>/test/integration/package.test.ts'];
/**
 * The integration files that also run REST-only against a running server (`npm run test:e2e`, packages/workspace/README.md#running-the-suite-against-your-own-server); their workspace-only tests are skipped there, each with its reason.
 * Not listed: the files that test the workspace, its command line, packaging or deployment themselves (hostFidelity,
 * hostQuirks, workspace, cli, apiDocs, deploy, package).
 */
const E2E = ['methods', 'access', 'pushGet', 'examples', 'syncThreadMessages', 'replyEvents'].map(
    (file) => `<rootDir>/test/integration/${file}.test.ts`,
);
/** Talks to the server named by RC_URL; `npm run test:e2e` runs it one file at a time (the files share its settings). */
const e2e = {
    displayName: 'e2e',
    testMatch: E2E,
    setupFiles: ['<rootDir>/test/integration/support/e2eMode.ts'],
    setupFilesAfterEnv: [conformance],
    ...common,
};

module.exports = {
    // Integration files start a workspace and a Deno subprocess each; slow machines must not fail them.
    testTimeout: 120000,
    // Every run ends with its failures again, however few files it ran: a red run shows why on its last screen.
    reporters: [['default', { summaryThreshold: 0 }]],
    projects: [
        {
            displayName: 'unit',
            // The workspace package's own unit tests run with the app's.
            testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/packages/workspace/test/**/*.test.ts'],
            ...common,
        },
        // Endpoint classes called in-process with typed fake accessors: the order of checks, in milliseconds.
        { displayName: 'endpoint', testMatch: ['<rootDir>/test/endpoint/**/*.test.ts'], ...common },
        {
            displayName: 'integration',
            testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
            testPathIgnorePatterns: ['/node_modules/', ...SLOW],
            globalSetup: integrationSetup,
            setupFilesAfterEnv: [conformance],
            ...common,
        },
        {
            displayName: 'slow',
            testMatch: SLOW,
            globalSetup: integrationSetup,
            setupFilesAfterEnv: ['<rootDir>/test/integration/support/slowTimeout.ts', conformance],
            ...common,
        },
        {
            // Needs Debian packages (chromium, nginx-light): run by `npm run test:system`, never by `npm test`.
            displayName: 'system',
            testMatch: ['<rootDir>/test/system/**/*.test.ts'],
            globalSetup: integrationSetup,
            setupFilesAfterEnv: [conformance],
            ...common,
        },
        // Only with a server to talk to, so a plain `npx jest` never reaches out.
        ...(process.env.RC_URL ? [e2e] : []),
    ],
};
