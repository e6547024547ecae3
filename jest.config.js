// One runner, three tiers: unit specs beside the code, integration specs against real
// Postgres and Redis, browser specs against the running product in Debian's Chromium.
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] };
// Packages are imported by name, from their sources.
const moduleNameMapper = {
  '^@vigil/(contracts|data|engine|simulator)$': '<rootDir>/packages/$1/src',
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
    {
      ...common,
      displayName: 'unit',
      // apps/api is an ES module package: unit specs are compiled to CommonJS (those of apps/api
      // test its framework-free files and must not import Nest, which is ESM-only), and `./x.js`
      // specifiers resolve to the sources. One tsconfig for the whole project: ts-jest keeps one
      // configuration per project, whichever file a worker compiles first.
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test-cjs.json' }] },
      moduleNameMapper: { ...moduleNameMapper, '^(\\.{1,2}/.*)\\.js$': '$1' },
      testMatch: ['<rootDir>/{packages,apps}/*/src/**/*.spec.ts', '<rootDir>/bench/src/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{packages,apps}/*/src/**/*.int-spec.ts', '<rootDir>/test/**/*.int-spec.ts'],
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
