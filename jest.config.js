// One runner, three tiers: unit specs beside the code, integration specs against real
// Postgres and Redis, browser specs against the running product in Debian's Chromium.
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] };
const moduleNameMapper = {
  '^@vigil/core$': '<rootDir>/core/src',
  '^@vigil/core/server$': '<rootDir>/core/src/server',
};
const common = { rootDir: __dirname, testEnvironment: 'node', transform, moduleNameMapper };

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{core,api,workers,bench}/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{core,api,workers}/src/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
      testTimeout: 30000,
    },
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      testTimeout: 90000,
    },
  ],
};
