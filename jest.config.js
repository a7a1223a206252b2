const {suitesByTier} = require('./test/support/tiers');

/** An absolute path as an exact-match jest path pattern. */
const exactly = (file) => `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;

// Two projects, read from the suites' `@fullRun` tags (test/support/tiers.js): `unit`, the fast tier
// (`npm run test:unit` selects it), and `full-run`. `npm test` runs both: every suite, once.
const {unit, fullRun} = suitesByTier(__dirname);

/** @type {import('jest').Config} */
const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
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
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [{
    ...shared,
    displayName: 'unit',
    testRegex: unit.map(exactly),
    // The fast tier has no browser and no tfjs-node: a suite that imports them without its tag fails, saying so.
    moduleNameMapper: {
      ...shared.moduleNameMapper,
      '^(playwright-core|@tensorflow/tfjs-node)$': '<rootDir>/test/support/full_run_only.js',
    },
  }, {
    ...shared,
    displayName: 'full-run',
    testRegex: fullRun.map(({file}) => exactly(file)),
  }],
  // Removes the scratch consumer project shared by the test/package tests.
  globalTeardown: '<rootDir>/test/package/global_teardown.js',
  testTimeout: 120000,
  verbose: false,
};
