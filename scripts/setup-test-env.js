#!/usr/bin/env node
/**
 * Prepares everything the test suite needs beyond `npm install`, idempotently:
 *  - a Chromium for the browser suites (scripts/ensure-chromium.js),
 *  - the native addon of @tensorflow/tfjs-node (scripts/setup-tfjs-node.js),
 *  - tfjs-smelu's native TensorFlow ops for the `tensorflow` backend
 *    (scripts/build-native-ops.js; compiled on a fresh clone, "up to date"
 *    afterwards). Where TensorFlow's kernel API headers are missing it says so
 *    in one line and the set-up goes on (the native-ops test suite then fails
 *    with that reason); a compile error stops it.
 * Each step prints what it did; any failure stops the tests with its message.
 */
'use strict';
const {spawnSync} = require('child_process');
const path = require('path');

const STEPS = [['ensure-chromium.js'], ['setup-tfjs-node.js'], ['build-native-ops.js', '--optional']];

for (const [step, ...args] of STEPS) {
  const script = path.join(__dirname, step);
  const result = spawnSync(process.execPath, [script, ...args], {stdio: 'inherit'});
  if (result.status !== 0) {
    console.error(`setup-test-env: ${step} failed (exit ${result.status}); the tests cannot run.`);
    process.exit(result.status || 1);
  }
}
