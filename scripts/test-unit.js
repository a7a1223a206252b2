#!/usr/bin/env node
/**
 * `npm run test:unit`: the fast tier. Runs jest's `unit` project (the suites
 * without a `@fullRun` tag, test/support/tiers.js) from the sources, with no
 * set-up step: no apt (an `apt-get` that refuses is first on PATH), no
 * network, no build, no browser, no tfjs-node. First it prints the suites it
 * leaves to the full run (`npm test`) and why. Arguments go to jest
 * (`npm run test:unit -- test/repro`).
 */
'use strict';
const {spawnSync} = require('child_process');
const path = require('path');

const {FULL_RUN_NEEDS, suitesByTier} = require('../test/support/tiers');

const root = path.resolve(__dirname, '..');
const {unit, fullRun} = suitesByTier(root);

console.log(
    `test:unit runs ${unit.length} suites from the sources; it leaves ${fullRun.length} to the full run ` +
    '(npm test):');
const width = Math.max(...fullRun.map(({file}) => path.relative(root, file).length));
for (const {file, needs} of fullRun) {
  console.log(`  ${path.relative(root, file).padEnd(width)}  ${needs.join(', ')}`);
}
console.log('What they need:');
for (const [need, reason] of Object.entries(FULL_RUN_NEEDS)) console.log(`  ${need}: ${reason}`);
console.log('');

const env = {
  ...process.env,
  PATH: [path.join(root, 'test', 'support', 'unit_tier_bin'), process.env.PATH].filter(Boolean).join(path.delimiter),
};
const jest = require.resolve('jest/bin/jest', {paths: [root]});
const result = spawnSync(
    process.execPath, [jest, '--selectProjects', 'unit', ...process.argv.slice(2)], {cwd: root, env, stdio: 'inherit'});
if (result.error != null) {
  console.error(`test:unit: could not start jest: ${result.error.message}`);
  process.exitCode = 1;
} else {
  process.exitCode = result.status ?? 1;
}
