import type { Config } from 'jest';

const tsJest: Config['transform'] = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
};

/**
 * Two projects: `unit` is everything that needs only loopback sockets (the
 * loader, matchers, peer, fixtures, fuzzing, the seed specs); `containers`
 * runs the specs against real servers in containers and needs a Docker engine,
 * which its global setup provisions.
 */
const config: Config = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform: tsJest,
      testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/fixtures/**/*.test.ts', '<rootDir>/test/unit/**/*.test.ts'],
      slowTestThreshold: 10,
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
};

export default config;
