/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type checking is done once by `npm run typecheck` (pretest); ts-jest only transpiles.
    '^.+\\.ts$': ['ts-jest', {isolatedModules: true, diagnostics: false}],
  },
  // Tests import both packages by name, from source (one module graph, as a user's app has).
  moduleNameMapper: {
    '^tfjs-smelu$': '<rootDir>/src/index.ts',
    '^tfjs-smelu/(core|tfjs|node)$': '<rootDir>/src/$1.ts',
    '^tfjs-smelu-repro$': '<rootDir>/repro/src/index.ts',
    '^tfjs-smelu-repro/node$': '<rootDir>/repro/src/node.ts',
  },
  setupFiles: ['<rootDir>/test/support/jest.setup.ts'],
  // Removes the scratch consumer project shared by the test/package tests.
  globalTeardown: '<rootDir>/test/package/global_teardown.js',
  testTimeout: 120000,
  verbose: false,
};
