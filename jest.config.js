/** @type {import('jest').Config} */
const transform = { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] };

module.exports = {
    // Integration files start a workspace and a Deno subprocess each; slow machines must not fail them.
    testTimeout: 120000,
    projects: [
        {
            displayName: 'unit',
            testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
            transform,
            testEnvironment: 'node',
            modulePathIgnorePatterns: ['<rootDir>/build/', '<rootDir>/dist/'],
        },
        {
            displayName: 'integration',
            testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
            transform,
            testEnvironment: 'node',
            globalSetup: '<rootDir>/test/integration/globalSetup.ts',
            // Every app answer is checked against docs/openapi.json.
            setupFilesAfterEnv: ['<rootDir>/test/integration/conformanceSetup.ts'],
            modulePathIgnorePatterns: ['<rootDir>/build/', '<rootDir>/dist/'],
        },
        {
            // Needs Debian packages (chromium, nginx-light): run by `npm run test:system`, never by `npm test`.
            displayName: 'system',
            testMatch: ['<rootDir>/test/system/**/*.test.ts'],
            transform,
            testEnvironment: 'node',
            globalSetup: '<rootDir>/test/integration/globalSetup.ts',
            setupFilesAfterEnv: ['<rootDir>/test/integration/conformanceSetup.ts'],
            modulePathIgnorePatterns: ['<rootDir>/build/', '<rootDir>/dist/'],
        },
    ],
};
