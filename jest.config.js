/** @type {import('jest').Config} */
const transform = { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] };

module.exports = {
    projects: [
        {
            displayName: 'unit',
            testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
            transform,
            testEnvironment: 'node',
        },
        {
            displayName: 'integration',
            testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
            transform,
            testEnvironment: 'node',
            // Each file starts its own workspace (one AppManager per process) and Deno subprocess.
            testTimeout: 60000,
            globalSetup: '<rootDir>/test/integration/globalSetup.ts',
        },
    ],
};
