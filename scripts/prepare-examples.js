#!/usr/bin/env node
/**
 * Gets a clone ready for `npm run example:*`, idempotently:
 *  - the native addon of @tensorflow/tfjs-node (scripts/setup-tfjs-node.js)
 *    and tfjs-smelu's fused TensorFlow ops (scripts/build-native-ops.js
 *    --optional). Where either cannot be set up it says so and the examples
 *    run on the cpu backend instead;
 *  - the JavaScript builds of both packages (`npm run build:js`): the examples
 *    import `tfjs-smelu` and `tfjs-smelu-repro` by name, and the workspace
 *    resolves those names to dist/ and repro/dist/. The build's own output
 *    is shown only when it fails.
 *
 *   node scripts/prepare-examples.js [--no-tfjs-node]
 */
'use strict';
const {spawnSync} = require('child_process');
const path = require('path');

const ROOT = path.join(__dirname, '..');

if (!process.argv.includes('--no-tfjs-node')) {
  const run = (script, ...args) =>
      spawnSync(process.execPath, [path.join(__dirname, script), ...args], {stdio: 'inherit'}).status === 0;
  if (!run('setup-tfjs-node.js') || !run('build-native-ops.js', '--optional')) {
    console.log('prepare-examples: the examples will use the cpu backend (see the line above for why).');
  }
}

const start = Date.now();
const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
const build = spawnSync(npm[0], [...npm[1], 'run', 'build:js'], {cwd: ROOT, encoding: 'utf8'});
if (build.status !== 0) {
  process.stdout.write(build.stdout ?? '');
  process.stderr.write(build.stderr ?? '');
  console.error(`prepare-examples: 'npm run build:js' failed (exit ${build.status ?? build.error?.message}).`);
  process.exit(1);
}
console.log(`prepare-examples: built dist/ and repro/dist/ in ${((Date.now() - start) / 1000).toFixed(1)} s.`);
