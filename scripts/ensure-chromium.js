#!/usr/bin/env node
/**
 * Makes sure a system Chromium is available for the browser test suites.
 *
 * Order: the CHROMIUM_PATH environment variable (must point at an executable),
 * then /usr/bin/chromium; otherwise, when running as root on a Debian/Ubuntu
 * machine, `apt-get update && apt-get install -y chromium`. Anything else fails
 * with a message that says what to do. Idempotent and instant when Chromium is
 * already there. Browser builds downloaded by playwright/puppeteer are not used:
 * they cannot be fetched on machines without general internet access.
 *
 * Prints the path it found. `require('./ensure-chromium').findChromium()`
 * returns that path (or null) without installing anything.
 */
'use strict';
const {spawnSync} = require('child_process');
const fs = require('fs');

const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The Chromium to use, or null. A set but invalid CHROMIUM_PATH is an error. */
function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) {
      throw new Error(`CHROMIUM_PATH is set to ${JSON.stringify(fromEnv)}, which is not an executable file.`);
    }
    return fromEnv;
  }
  return SYSTEM_PATHS.find(isExecutable) || null;
}

function run(command, args) {
  console.log(`ensure-chromium: running ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: {...process.env, DEBIAN_FRONTEND: 'noninteractive'},
  });
  if (result.error) throw new Error(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with status ${result.status}`);
}

function installWithApt() {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !isExecutable('/usr/bin/apt-get')) {
    throw new Error(
        'Chromium is needed for the browser tests but was not found at ' + SYSTEM_PATHS.join(' or ') +
        ', and it cannot be installed automatically here (' + (isRoot ? 'no apt-get' : 'not running as root') +
        '). Install it (Debian/Ubuntu: ' +
        '`sudo apt-get install -y chromium`) or set CHROMIUM_PATH to a Chromium executable.');
  }
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', 'chromium']);
}

function main() {
  let found = findChromium();
  if (found == null) {
    installWithApt();
    found = findChromium();
    if (found == null) {
      throw new Error('apt-get installed chromium, but no executable appeared at ' + SYSTEM_PATHS.join(' or '));
    }
  }
  console.log(`ensure-chromium: using ${found}`);
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    console.error(`ensure-chromium: ${e.message}`);
    process.exit(1);
  }
}

module.exports = {findChromium};
