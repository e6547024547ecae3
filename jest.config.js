// One runner, three tiers: unit specs beside the code, integration specs against real
// Postgres and Redis, browser specs against the running product in Debian's Chromium.
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] };
const moduleNameMapper = {
  '^@vigil/core$': '<rootDir>/core/src',
  '^@vigil/core/server$': '<rootDir>/core/src/server',
  '^@vigil/core/defaults$': '<rootDir>/core/src/defaults',
};
const common = { rootDir: __dirname, testEnvironment: 'node', transform, moduleNameMapper };
// Suites that need Postgres clone a template database that is migrated once per run.
const withDatabase = {
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
};

module.exports = {
  // Integration and browser suites start real processes; testTimeout is global in Jest, not per project.
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{core,api,workers,bench}/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{core,workers}/src/**/*.int-spec.ts', '<rootDir>/test/**/*.int-spec.ts'],
      ...withDatabase,
    },
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      ...withDatabase,
    },
  ],
};
