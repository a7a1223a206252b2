/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type checking is done once by `npm run typecheck` (pretest); ts-jest only transpiles.
    '^.+\\.ts$': ['ts-jest', {isolatedModules: true, diagnostics: false}],
  },
  setupFiles: ['<rootDir>/test/jest.setup.ts'],
  testTimeout: 120000,
  verbose: false,
};
