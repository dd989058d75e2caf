import type { Config } from 'jest';

// NestJS 12 is ESM-only, so Jest runs in ESM mode (see README, Testing).
const config: Config = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  testTimeout: 30_000,
  maxWorkers: 2,
  // Each ESM test file leaves its modules in V8's compilation cache for the life of the worker
  // (jestjs/jest#11956, #14605): about 60 MB a file of NestJS apps, 3 GB by the end of a worker's
  // share, and Jest's 'failed to exit gracefully' when it is finally stopped. A worker past this
  // after a file is replaced by a fresh one.
  workerIdleMemoryLimit: '512MB',
};

export default config;
