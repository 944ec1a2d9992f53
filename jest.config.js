// Two projects: fast unit tests of pure code, and end-to-end tests that boot real guests.
const common = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
};
export default {
  projects: [
    {
      ...common,
      displayName: 'unit',
      // Jest's 5 s default is itself a limit on speed: on a shared, busy machine a test that spawns
      // a host tool can take seconds. The tests wait for events, never for a duration.
      testTimeout: 30_000,
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      // test/fixtures/ holds helpers that build guest images for the e2e tests, never tests.
      testPathIgnorePatterns: ['/test/e2e/', '/test/fixtures/'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/e2e/setup.ts'],
    },
  ],
};
