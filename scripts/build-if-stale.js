#!/usr/bin/env node
/**
 * The `prepare` script: makes a clone of the repository work like an
 * installed package. `npm install` and `npm ci` in a clone (and npm's install
 * of a git dependency) run it; installs from the registry never do (the
 * tarballs ship dist/).
 *
 * It runs `npm run build` (both packages: dist/ and repro/dist/) unless every
 * built file listed in BUILT is newer than every build input in INPUTS, so
 * the two runs npm makes in one install (once for the node_modules/tfjs-smelu
 * link, once for the project itself) and a later `npm install` with nothing
 * changed cost no second build. An interrupted build leaves outputs missing
 * or old, so the next run builds again.
 *
 * `require('./build-if-stale').staleReason(root)` returns why a build is
 * needed (one line), or null when the build is up to date.
 */
'use strict';
const {spawnSync} = require('child_process');
const fs = require('fs');
const path = require('path');

/** What the build reads: the sources and configurations of both packages (paths relative to the root). */
const INPUTS = [
  'src',
  'repro/src',
  'scripts/browser_bundle.ts',
  'package.json',
  'repro/package.json',
  'tsup.config.ts',
  'repro/tsup.config.ts',
  'tsconfig.json',
  'repro/tsconfig.json',
];

/** Built files the executables and the package entries need (paths relative to the root). */
const BUILT = [
  'dist/index.cjs',
  'dist/index.mjs',
  'dist/index.d.ts',
  'dist/cli.cjs',
  'repro/dist/index.cjs',
  'repro/dist/index.mjs',
  'repro/dist/index.d.ts',
  'repro/dist/cli.cjs',
  'repro/dist/worker.cjs',
];

/** The newest modification time (ms) of the files under `file`, with the file that has it. */
function newestInput(file) {
  const stat = fs.statSync(file, {throwIfNoEntry: false});
  if (stat == null) return {mtimeMs: -Infinity, file: null};
  if (!stat.isDirectory()) return {mtimeMs: stat.mtimeMs, file};
  let newest = {mtimeMs: stat.mtimeMs, file};  // a deleted or renamed source changes its folder's time
  for (const name of fs.readdirSync(file)) {
    const candidate = newestInput(path.join(file, name));
    if (candidate.mtimeMs > newest.mtimeMs) newest = candidate;
  }
  return newest;
}

/** Why `root` needs a build (one line), or null when every built file is newer than every input. */
function staleReason(root) {
  let oldest = {mtimeMs: Infinity, file: null};
  for (const relative of BUILT) {
    const stat = fs.statSync(path.join(root, relative), {throwIfNoEntry: false});
    if (stat == null) return `${relative} is missing`;
    if (stat.mtimeMs < oldest.mtimeMs) oldest = {mtimeMs: stat.mtimeMs, file: relative};
  }
  let newest = {mtimeMs: -Infinity, file: null};
  for (const relative of INPUTS) {
    const candidate = newestInput(path.join(root, relative));
    if (candidate.mtimeMs > newest.mtimeMs) newest = candidate;
  }
  if (newest.mtimeMs >= oldest.mtimeMs) {
    return `${path.relative(root, newest.file)} is not older than ${oldest.file}`;
  }
  return null;
}

/** The command that runs npm: the npm running this script when there is one. */
function npmCommand() {
  const npmCli = process.env.npm_execpath;
  return npmCli != null && /\.[cm]?js$/.test(npmCli) ? [process.execPath, npmCli] : ['npm'];
}

function main() {
  const root = path.resolve(__dirname, '..');
  const reason = staleReason(root);
  if (reason == null) {
    console.log('build-if-stale: dist/ and repro/dist/ are up to date.');
    return 0;
  }
  try {
    require.resolve('tsup/package.json', {paths: [root]});
  } catch {
    // `npm install --omit=dev` in a clone: nothing to build with. The executables say what to do.
    console.log(
        `build-if-stale: not built (${reason}), and tsup (a dev dependency) is not installed; ` +
        `'npm install' with dev dependencies, then 'npm run build', build both packages.`);
    return 0;
  }
  console.log(`build-if-stale: building both packages (${reason}).`);
  const [command, ...args] = npmCommand();
  const result = spawnSync(command, [...args, 'run', 'build'], {cwd: root, stdio: 'inherit'});
  if (result.status !== 0) {
    const why = result.error?.message ?? `exit ${result.status ?? result.signal}`;
    console.error(`build-if-stale: 'npm run build' failed (${why}); the executables will not run until it succeeds.`);
    return 1;
  }
  return 0;
}

module.exports = {
  staleReason,
  INPUTS,
  BUILT
};

if (require.main === module) process.exitCode = main();
