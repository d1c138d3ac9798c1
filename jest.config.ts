import type { Config } from 'jest';

const tsJest: Config['transform'] = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
};

/**
 * Three projects: `unit` is everything quick that needs only loopback
 * sockets (the loader, matchers, peer, fixtures, fuzzing, the seed specs);
 * `proofs` fuzzes every fixture with the default number of runs and several
 * seeds (minutes); `containers` runs the specs against real servers in
 * containers and needs a Docker engine, which its global setup provisions.
 */
const config: Config = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform: tsJest,
      testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/fixtures/**/*.test.ts', '<rootDir>/test/unit/**/*.test.ts'],
      // The README's examples import the package by name, as a user's test would.
      moduleNameMapper: { '^tcpspec$': '<rootDir>/src/index.ts', '^tcpspec/jest$': '<rootDir>/src/jest/index.ts' },
      slowTestThreshold: 10,
    },
    {
      displayName: 'proofs',
      testEnvironment: 'node',
      transform: tsJest,
      testMatch: ['<rootDir>/test/proofs/**/*.test.ts'],
    },
    {
      // Packs the package, installs it into a fresh project and runs it there (npm's cache keeps it offline).
      displayName: 'package',
      testEnvironment: 'node',
      transform: tsJest,
      testMatch: ['<rootDir>/test/package/**/*.test.ts'],
    },
    {
      displayName: 'containers',
      testEnvironment: 'node',
      transform: tsJest,
      testMatch: ['<rootDir>/test/containers/**/*.test.ts'],
      globalSetup: '<rootDir>/test/containers/global-setup.ts',
      globalTeardown: '<rootDir>/test/containers/global-teardown.ts',
    },
  ],
  testTimeout: 60_000,
  // The fuzz proofs run fixtures side by side (test.concurrent); each mostly waits on sockets.
  maxConcurrency: 8,
  // Two test files at a time even on two cores (jest would take one): most of the suite waits on
  // sockets, fixtures and containers, and a second worker cut the run from 15 to 8.5 minutes here.
  maxWorkers: 2,
};

export default config;
