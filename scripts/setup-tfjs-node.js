#!/usr/bin/env node
/**
 * Makes `require('@tensorflow/tfjs-node')` work, idempotently.
 *
 * package.json keeps tfjs-node's own install script from running
 * (`allowScripts`), because that script downloads libtensorflow and a prebuilt
 * addon and fails the whole `npm install` where the internet is out of reach.
 * This script provides the native addon instead:
 *
 *   1. If `tfjs_binding.node` already loads and runs an op: nothing to do.
 *   2. If a TensorFlow library is already in `deps/` (a previous run), rebuild
 *      only the addon.
 *   3. If the user names a local TensorFlow (TFJS_SMELU_TF_WHEEL or
 *      TFJS_SMELU_LIBTENSORFLOW), use it.
 *   4. Otherwise the normal route: tfjs-node's own `scripts/install.js`
 *      (downloads libtensorflow 2.9.1 + addon; fails fast offline), unless
 *      TFJS_SMELU_TF_DOWNLOAD=0.
 *   5. Otherwise the machine's TensorFlow CPU wheel (`tensorflow_cpu-*.whl`
 *      under TFJS_SMELU_WHEEL_DIRS, default /opt/pypi/files): its
 *      libtensorflow_cc.so.2 exports the C and eager C APIs the addon uses.
 *
 * Each route ends with the same check in a fresh process: load tfjs-node,
 * run `relu` and read the result back. Exit 0 only when that check passes.
 *
 * Environment:
 *   TFJS_SMELU_TF_WHEEL       path to a tensorflow / tensorflow_cpu wheel (.whl)
 *   TFJS_SMELU_LIBTENSORFLOW  directory of a libtensorflow C library
 *                             (lib/libtensorflow.so* + include/tensorflow/c/), or
 *                             an installed `tensorflow` Python package directory
 *   TFJS_SMELU_TF_DOWNLOAD=0  skip tfjs-node's own download route
 *   TFJS_SMELU_WHEEL_DIRS     ':'-separated folders searched for a wheel
 */
'use strict';
const cp = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const interrupts = require('./interrupts');

const TAG = 'setup-tfjs-node:';
const projectRoot = path.resolve(__dirname, '..');
const DEFAULT_WHEEL_DIRS = ['/opt/pypi/files'];
const DOWNLOAD_TIMEOUT_MS = 20 * 60 * 1000;
const LOCK_STALE_MS = 30 * 60 * 1000;

function log(message) {
  console.log(`${TAG} ${message}`);
}

class SetupError extends Error {}

function seconds(startMs) {
  return `${((Date.now() - startMs) / 1000).toFixed(1)} s`;
}

/** Locations inside the installed tfjs-node package. */
function locatePackage() {
  let pkgJson;
  try {
    pkgJson = require.resolve('@tensorflow/tfjs-node/package.json', {paths: [projectRoot]});
  } catch {
    throw new SetupError('@tensorflow/tfjs-node is not installed; run `npm install` (or `npm ci`) first.');
  }
  const dir = path.dirname(pkgJson);
  // node-pre-gyp picks the addon folder (lib/napi-v8 on Node ≥ 18); ask it, as tfjs-node does.
  const preGyp = require(require.resolve('@mapbox/node-pre-gyp', {paths: [dir]}));
  const bindingPath = preGyp.find(pkgJson);
  return {
    dir,
    pkgJson,
    bindingPath,
    depsLib: path.join(dir, 'deps', 'lib'),
    depsInclude: path.join(dir, 'deps', 'include'),
    version: require(pkgJson).version,
  };
}

/**
 * Loads tfjs-node in a child process (a failed dlopen can abort the process)
 * and runs one op. Returns {ok, detail}.
 */
function verify(pkg) {
  const probe = `
    const tf = require(${JSON.stringify(pkg.dir)});
    const y = tf.relu(tf.tensor1d([-1.5, 2.5])).dataSync();
    if (tf.getBackend() !== 'tensorflow' || y[0] !== 0 || y[1] !== 2.5) {
      throw new Error('relu on backend ' + tf.getBackend() + ' gave ' + Array.from(y));
    }
    console.log('TensorFlow ' + tf.backend().binding.TF_Version + ', tfjs-node ' + tf.version['tfjs-node']);
  `;
  const result = interrupts.spawnSync(process.execPath, ['-e', probe], {
    encoding: 'utf8',
    env: {...process.env, TF_CPP_MIN_LOG_LEVEL: '2'},
    timeout: 120000,
  });
  const output = `${result.stdout || ''}${result.stderr || ''}`.trim();
  if (result.status === 0) return {ok: true, detail: result.stdout.trim()};
  const lines = output.split('\n').filter((l) => l.trim() !== '');
  const reason = lines.find((l) => /^\s*\w*Error: /.test(l)) || lines.find((l) => /error:/i.test(l)) ||
      lines[lines.length - 1] || `exit ${result.status}${result.signal ? ` (${result.signal})` : ''}`;
  return {ok: false, detail: reason.trim()};
}

/** Where Node's own headers live (`<dir>/include/node/node_api.h`), so node-gyp downloads nothing. */
function findNodeHeadersDir() {
  const candidates = [process.env.npm_config_nodedir];
  try {
    candidates.push(
        cp.execSync('npm config get nodedir', {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim());
  } catch {
    // npm missing or the key unknown: fall through to Node's own prefix.
  }
  candidates.push(path.resolve(path.dirname(process.execPath), '..'));
  return candidates.find(
      (dir) => dir && dir !== 'undefined' && dir !== 'null' &&
          fs.existsSync(path.join(dir, 'include', 'node', 'node_api.h')));
}

/** npm's bundled node-gyp (npm is always there when this runs as a pretest step). */
function findNodeGyp() {
  const candidates = [];
  if (process.env.npm_execpath) {
    candidates.push(
        path.join(path.dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  }
  candidates.push(path.join(
      path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin',
      'node-gyp.js'));
  try {
    const npmCli = fs.realpathSync(cp.execSync('command -v npm', {encoding: 'utf8', shell: '/bin/sh'}).trim());
    candidates.push(path.join(path.dirname(npmCli), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  } catch {
    // no npm on PATH
  }
  candidates.push(path.join(projectRoot, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) {
    throw new SetupError(`node-gyp not found (looked in ${candidates.join(', ')}); install it with npm.`);
  }
  return found;
}

/** Compiles tfjs-node's binding.cc against the library in deps/ (≈10 s on 2 cores). */
function buildAddon(pkg) {
  const started = Date.now();
  const nodeGyp = findNodeGyp();
  const args = [
    nodeGyp,
    'rebuild',
    '--silent',
    '--module_name=tfjs_binding',
    `--module_path=${path.dirname(pkg.bindingPath)}`,
    `--napi_build_version=${path.basename(path.dirname(pkg.bindingPath)).replace('napi-v', '')}`,
  ];
  const nodedir = findNodeHeadersDir();
  if (nodedir) args.push(`--nodedir=${nodedir}`);
  log(`building the addon with node-gyp${nodedir ? ` (Node headers from ${nodedir})` : ''} ...`);
  const result = interrupts.spawnSync(process.execPath, args, {cwd: pkg.dir, encoding: 'utf8', env: process.env});
  if (result.status !== 0) {
    const tail = `${result.stdout || ''}${result.stderr || ''}`.trim().split('\n').slice(-15).join('\n');
    throw new SetupError(`node-gyp rebuild failed (exit ${result.status}):\n${tail}`);
  }
  if (!fs.existsSync(pkg.bindingPath)) {
    // Older gyp copies relative to the build folder; put it where node-pre-gyp looks.
    fs.mkdirSync(path.dirname(pkg.bindingPath), {recursive: true});
    fs.copyFileSync(path.join(pkg.dir, 'build', 'Release', 'tfjs_binding.node'), pkg.bindingPath);
  }
  log(`addon built in ${seconds(started)}: ${path.relative(projectRoot, pkg.bindingPath)}`);
}

function symlink(target, linkPath) {
  fs.rmSync(linkPath, {force: true, recursive: true});
  fs.symlinkSync(target, linkPath);
}

/**
 * Names the addon links and tfjs-node's scripts look for: `-ltensorflow`
 * needs libtensorflow.so, and `libtensorflow.so.2.9.1` makes tfjs-node's own
 * install script (`npm rebuild @tensorflow/tfjs-node`) treat the library as
 * present instead of downloading it.
 */
function addLibraryAliases(depsLib, ccName, frameworkName) {
  symlink(ccName, path.join(depsLib, 'libtensorflow.so'));
  symlink(frameworkName, path.join(depsLib, 'libtensorflow_framework.so'));
  symlink(ccName, path.join(depsLib, 'libtensorflow.so.2.9.1'));
  symlink(frameworkName, path.join(depsLib, 'libtensorflow_framework.so.2.9.1'));
}

/**
 * Headers that TensorFlow's C op and kernel API (tensorflow/c/ops.h,
 * kernels.h) includes beyond the addon's own: tfjs-smelu's native ops
 * (scripts/build-native-ops.js) compile against them.
 */
const KERNEL_API_MEMBERS = [
  'tensorflow/include/tsl/platform/platform.h',
  'tensorflow/include/tensorflow/core/common_runtime/next_pluggable_device/c/*',
];

/** Wheel members the addon needs (the two libraries and the C API headers), plus the kernel API's. */
const WHEEL_MEMBERS = [
  'tensorflow/libtensorflow_cc.so.2',
  'tensorflow/libtensorflow_framework.so.2',
  'tensorflow/include/tensorflow/c/*',
  'tensorflow/include/tensorflow/core/platform/ctstring*',
  'tensorflow/include/tsl/platform/ctstring*',
  'tensorflow/include/xla/tsl/c/*',
  ...KERNEL_API_MEMBERS,
];

function hasCommand(name) {
  return cp.spawnSync('/bin/sh', ['-c', `command -v ${name}`], {stdio: 'ignore'}).status === 0;
}

/** As root on Debian/Ubuntu, installs unzip with apt-get; true when it then exists. */
function installUnzip() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0 || !hasCommand('apt-get')) return false;
  log('installing unzip with apt-get ...');
  interrupts.spawnSync('apt-get', ['install', '-y', '-q', 'unzip'], {stdio: 'ignore', timeout: 300000});
  return hasCommand('unzip');
}

/** Extracts `members` (default WHEEL_MEMBERS) into `dest` with unzip (fast) or Python's zipfile. */
function extractWheel(wheel, dest, members = WHEEL_MEMBERS) {
  if (hasCommand('unzip')) {
    const result = interrupts.spawnSync('unzip', ['-o', '-q', wheel, ...members, '-d', dest], {encoding: 'utf8'});
    // unzip exits 11 when a pattern matches nothing; the checks below name what is missing.
    if (result.status !== 0 && result.status !== 11) {
      throw new SetupError(`unzip ${wheel} failed (exit ${result.status}): ${(result.stderr || '').trim()}`);
    }
    return 'unzip';
  }
  const python = ['python3', 'python'].find(hasCommand);
  if (!python) {
    if (installUnzip()) return extractWheel(wheel, dest, members);
    throw new SetupError(
        'neither `unzip` nor `python3` is available to unpack the wheel ' +
        '(apt-get install -y unzip).');
  }
  const script = `
import fnmatch, shutil, sys, zipfile
wheel, dest, patterns = sys.argv[1], sys.argv[2], sys.argv[3:]
with zipfile.ZipFile(wheel) as z:
    for info in z.infolist():
        if not info.is_dir() and any(fnmatch.fnmatch(info.filename, p) for p in patterns):
            z.extract(info, dest)
`;
  const result = interrupts.spawnSync(python, ['-c', script, wheel, dest, ...members], {encoding: 'utf8'});
  if (result.status !== 0) {
    throw new SetupError(`${python} could not unpack ${wheel}: ${(result.stderr || '').trim()}`);
  }
  return python;
}

/** Puts a wheel's libtensorflow_cc/framework and headers into deps/. */
function installFromWheel(pkg, wheel) {
  const started = Date.now();
  const depsDir = path.dirname(pkg.depsLib);
  const staging = fs.mkdtempSync(path.join(depsDir + '-staging-'));
  try {
    log(`unpacking the TensorFlow libraries from ${wheel} ...`);
    const tool = extractWheel(wheel, staging);
    const tfDir = path.join(staging, 'tensorflow');
    for (const required
             of ['libtensorflow_cc.so.2', 'libtensorflow_framework.so.2', 'include/tensorflow/c/c_api.h',
                 'include/tensorflow/c/eager/c_api.h']) {
      if (!fs.existsSync(path.join(tfDir, required))) {
        throw new SetupError(
            `${wheel} has no tensorflow/${required}; it is not a TensorFlow 2.x wheel this addon can use.`);
      }
    }
    fs.rmSync(depsDir, {recursive: true, force: true});
    fs.mkdirSync(pkg.depsLib, {recursive: true});
    for (const lib of ['libtensorflow_cc.so.2', 'libtensorflow_framework.so.2']) {
      fs.renameSync(path.join(tfDir, lib), path.join(pkg.depsLib, lib));
    }
    fs.renameSync(path.join(tfDir, 'include'), pkg.depsInclude);
    addLibraryAliases(pkg.depsLib, 'libtensorflow_cc.so.2', 'libtensorflow_framework.so.2');
    log(`unpacked with ${tool} in ${seconds(started)}`);
  } finally {
    fs.rmSync(staging, {recursive: true, force: true});
  }
}

/**
 * Links deps/ to a TensorFlow library already on disk (no copy): either a
 * libtensorflow C release (lib/ + include/) or an installed `tensorflow`
 * Python package (libtensorflow_cc.so.2 + include/).
 */
function installFromDirectory(pkg, dir) {
  const depsDir = path.dirname(pkg.depsLib);
  const abs = path.resolve(dir);
  const cRelease =
      fs.existsSync(path.join(abs, 'lib')) && fs.existsSync(path.join(abs, 'include', 'tensorflow', 'c', 'c_api.h'));
  const pythonPackage = fs.existsSync(path.join(abs, 'libtensorflow_cc.so.2')) &&
      fs.existsSync(path.join(abs, 'include', 'tensorflow', 'c', 'c_api.h'));
  if (!cRelease && !pythonPackage) {
    throw new SetupError(
        `TFJS_SMELU_LIBTENSORFLOW=${dir} holds neither lib/ + include/tensorflow/c/c_api.h ` +
        '(a libtensorflow release) nor libtensorflow_cc.so.2 + include/ (an installed tensorflow package).');
  }
  fs.rmSync(depsDir, {recursive: true, force: true});
  fs.mkdirSync(pkg.depsLib, {recursive: true});
  symlink(path.join(abs, 'include'), pkg.depsInclude);
  if (cRelease) {
    // libtensorflow.so, libtensorflow.so.2, ... : link every file so the SONAMEs resolve through the rpath.
    for (const name of fs.readdirSync(path.join(abs, 'lib'))) {
      symlink(path.join(abs, 'lib', name), path.join(pkg.depsLib, name));
    }
    if (!fs.existsSync(path.join(pkg.depsLib, 'libtensorflow.so'))) {
      throw new SetupError(`${abs}/lib has no libtensorflow.so.`);
    }
  } else {
    for (const lib of ['libtensorflow_cc.so.2', 'libtensorflow_framework.so.2']) {
      symlink(path.join(abs, lib), path.join(pkg.depsLib, lib));
    }
    addLibraryAliases(pkg.depsLib, 'libtensorflow_cc.so.2', 'libtensorflow_framework.so.2');
  }
  log(`linked deps/ to ${abs}`);
}

/** tfjs-node's own install script: downloads libtensorflow and the prebuilt addon. */
function tryDownloadRoute(pkg) {
  const started = Date.now();
  log('trying tfjs-node\'s own install script (downloads libtensorflow 2.9.1) ...');
  const binDir = path.join(projectRoot, 'node_modules', '.bin');
  const result = interrupts.spawnSync(process.execPath, [path.join('scripts', 'install.js')], {
    cwd: pkg.dir,
    encoding: 'utf8',
    timeout: DOWNLOAD_TIMEOUT_MS,
    env: {...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH || ''}`},
  });
  const output = `${result.stdout || ''}${result.stderr || ''}`;
  if (result.status === 0 && fs.existsSync(pkg.bindingPath)) {
    log(`download route finished in ${seconds(started)}`);
    return true;
  }
  const cause = (output.match(/(ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|ENETUNREACH)[^\n]*/) || [])[0] ||
      output.trim().split('\n').slice(-1)[0] || `exit ${result.status}`;
  log(`download route failed after ${seconds(started)} (${cause.trim()})`);
  return false;
}

/** The newest tensorflow(-cpu) wheel in the configured folders, if any. */
function findImageWheel() {
  const dirs = (process.env.TFJS_SMELU_WHEEL_DIRS || DEFAULT_WHEEL_DIRS.join(path.delimiter))
                   .split(path.delimiter)
                   .filter(Boolean);
  const wheels = [];
  for (const dir of dirs) {
    let names = [];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (/^tensorflow(_cpu)?-2\.[0-9.]+-.*manylinux.*x86_64\.whl$/.test(name) && os.arch() === 'x64') {
        wheels.push(path.join(dir, name));
      }
    }
  }
  const version = (p) => path.basename(p).split('-')[1].split('.').map(Number);
  wheels.sort((a, b) => {
    const [va, vb] = [version(a), version(b)];
    for (let i = 0; i < Math.max(va.length, vb.length); ++i) {
      if ((va[i] || 0) !== (vb[i] || 0)) return (vb[i] || 0) - (va[i] || 0);
    }
    return 0;
  });
  return wheels[0];
}

/** A lock file so that parallel `npm test` runs do not build into deps/ at the same time. */
function withLock(pkg, fn) {
  const lockPath = path.join(pkg.dir, '.tfjs-smelu-setup.lock');
  const deadline = Date.now() + LOCK_STALE_MS;
  for (;;) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), {flag: 'wx'});
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const holder = Number(fs.readFileSync(lockPath, 'utf8')) || 0;
      let alive = false;
      try {
        process.kill(holder, 0);
        alive = true;
      } catch {
        // holder gone
      }
      if (!alive || Date.now() > deadline) {
        fs.rmSync(lockPath, {force: true});
        continue;
      }
      log(`waiting for another setup (pid ${holder}) to finish ...`);
      cp.spawnSync('sleep', ['2']);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lockPath, {force: true});
  }
}

/**
 * A TensorFlow set up from a wheel by an earlier version of this script has
 * the addon's headers but not all of the kernel API's: copy those from the
 * same wheel, so that scripts/build-native-ops.js can compile. Leaves a
 * linked (TFJS_SMELU_LIBTENSORFLOW) or downloaded TensorFlow alone.
 */
function ensureKernelApiHeaders(pkg, tfVersion) {
  const include = pkg.depsInclude;
  const present = (member) => {
    const rel = member.replace(/^tensorflow\/include\//, '').replace(/\/\*$/, '');
    return fs.existsSync(path.join(include, rel));
  };
  if (KERNEL_API_MEMBERS.every(present)) return;
  if (!fs.existsSync(path.join(include, 'tensorflow', 'c', 'kernels.h')) ||
      !fs.existsSync(path.join(pkg.depsLib, 'libtensorflow_cc.so.2')) || fs.lstatSync(include).isSymbolicLink()) {
    return;
  }
  const wheel = process.env.TFJS_SMELU_TF_WHEEL || findImageWheel();
  if (!wheel || (tfVersion && !path.basename(wheel).includes(`-${tfVersion}-`))) return;
  const staging = fs.mkdtempSync(path.join(path.dirname(pkg.depsLib), 'headers-staging-'));
  try {
    extractWheel(wheel, staging, KERNEL_API_MEMBERS);
    const from = path.join(staging, 'tensorflow', 'include');
    if (fs.existsSync(from)) fs.cpSync(from, include, {recursive: true});
    log(`added the TensorFlow kernel API headers from ${path.basename(wheel)} to deps/include`);
  } finally {
    fs.rmSync(staging, {recursive: true, force: true});
  }
}

function checkOrFail(pkg, route) {
  const check = verify(pkg);
  if (!check.ok) throw new SetupError(`after ${route}, tfjs-node still does not load: ${check.detail}`);
  log(`ready (${route}): ${check.detail}`);
}

function setUp(pkg) {
  const started = Date.now();
  const first = verify(pkg);
  if (first.ok) {
    log(`tfjs-node already loads: ${first.detail}`);
    ensureKernelApiHeaders(pkg, (first.detail.match(/^TensorFlow (\S+),/) || [])[1]);
    return;
  }
  log(`tfjs-node does not load yet (${first.detail}); setting it up.`);

  // A library already in deps/ (e.g. the addon folder alone was removed): rebuild only.
  if (fs.existsSync(path.join(pkg.depsLib, 'libtensorflow.so')) &&
      fs.existsSync(path.join(pkg.depsInclude, 'tensorflow', 'c', 'c_api.h'))) {
    try {
      buildAddon(pkg);
      checkOrFail(pkg, 'rebuild against the library in deps/');
      log(`done in ${seconds(started)}`);
      return;
    } catch (e) {
      log(`rebuilding against deps/ did not work (${e.message.split('\n')[0]}); starting over.`);
    }
  }

  const wheelFromEnv = process.env.TFJS_SMELU_TF_WHEEL;
  const dirFromEnv = process.env.TFJS_SMELU_LIBTENSORFLOW;
  if (wheelFromEnv) {
    if (!fs.existsSync(wheelFromEnv)) throw new SetupError(`TFJS_SMELU_TF_WHEEL=${wheelFromEnv} does not exist.`);
    installFromWheel(pkg, wheelFromEnv);
    buildAddon(pkg);
    checkOrFail(pkg, `the wheel ${wheelFromEnv}`);
  } else if (dirFromEnv) {
    installFromDirectory(pkg, dirFromEnv);
    buildAddon(pkg);
    checkOrFail(pkg, `the library in ${dirFromEnv}`);
  } else {
    const downloaded = process.env.TFJS_SMELU_TF_DOWNLOAD !== '0' && tryDownloadRoute(pkg) && verify(pkg).ok;
    if (downloaded) {
      checkOrFail(pkg, 'tfjs-node\'s own install script');
    } else {
      const wheel = findImageWheel();
      if (!wheel) {
        const download =
            process.env.TFJS_SMELU_TF_DOWNLOAD === '0' ? 'was skipped (TFJS_SMELU_TF_DOWNLOAD=0)' : 'failed';
        throw new SetupError(
            `no TensorFlow library available: the download ${download} and no ` +
            `tensorflow_cpu-2.*.whl is in ${process.env.TFJS_SMELU_WHEEL_DIRS || DEFAULT_WHEEL_DIRS.join(':')}.\n` +
            'Set TFJS_SMELU_TF_WHEEL=/path/to/tensorflow_cpu-2.x-...-manylinux...x86_64.whl, or ' +
            'TFJS_SMELU_LIBTENSORFLOW=/path/to/libtensorflow (lib/ + include/), then run ' +
            '`node scripts/setup-tfjs-node.js` again.');
      }
      installFromWheel(pkg, wheel);
      buildAddon(pkg);
      checkOrFail(pkg, `the local wheel ${path.basename(wheel)}`);
    }
  }
  log(`done in ${seconds(started)}`);
}

function main() {
  try {
    const pkg = locatePackage();
    withLock(pkg, () => setUp(pkg));
    return 0;
  } catch (e) {
    if (e instanceof interrupts.Interrupted) return 1;  // its own line is printed on exit
    const message = e instanceof SetupError ? e.message : (e && e.stack) || String(e);
    console.error(`${TAG} FAILED: ${message}`);
    return 1;
  }
}

interrupts.install(TAG);
process.exitCode = interrupts.exitCode(main());
