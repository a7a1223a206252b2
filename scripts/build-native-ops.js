#!/usr/bin/env node
/**
 * Builds tfjs-smelu's native TensorFlow ops for the `tensorflow` backend
 * (native/src → native/build/tfjs_smelu_ops.node), idempotently.
 *
 * The library registers fused SmeLU and g-SmeLU ops and CPU kernels with the
 * TensorFlow that @tensorflow/tfjs-node loads, through TensorFlow's C op and
 * kernel API (tensorflow/c/ops.h, tensorflow/c/kernels.h). It is compiled on
 * this machine, against:
 *   - TensorFlow's headers: TFJS_SMELU_TF_INCLUDE, else tfjs-node's deps/include
 *     (scripts/setup-tfjs-node.js puts the kernel API headers there when it
 *     installs TensorFlow from a wheel; Google's libtensorflow C tarball, which
 *     tfjs-node downloads by itself, does not ship them);
 *   - tfjs-node's libtensorflow (deps/lib), linked by soname: at run time the
 *     library attaches to the TensorFlow tfjs-node has loaded;
 *   - Node's own headers (node_api.h), with a C++17 compiler (CXX, g++ or clang++).
 * When any of these is missing it prints one line saying what, removes
 * nothing, and the tensorflow backend keeps its composite kernels.
 *
 * After compiling, a child process loads tfjs-node and the library and checks
 * one op's values; a library that fails this is deleted.
 *
 * Usage: node scripts/build-native-ops.js [--optional] [--force] [--out DIR]
 *   --optional  exit 0 when a prerequisite is missing (set-up steps)
 *   --force     rebuild even when the library is up to date
 *   --out DIR   build into DIR instead of native/build
 * `npx tfjs-smelu native build` runs the same code (src/cli/native.ts).
 *
 * Exit status: 0 built or up to date (or prerequisites missing with
 * --optional); 1 otherwise.
 */
'use strict';
const cp = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const interrupts = require('./interrupts');

const TAG = 'build-native-ops:';
const PACKAGE_ROOT = path.resolve(__dirname, '..');
const SOURCE_DIR = path.join(PACKAGE_ROOT, 'native', 'src');
const DEFAULT_OUT_DIR = path.join(PACKAGE_ROOT, 'native', 'build');
const LIBRARY_NAME = 'tfjs_smelu_ops.node';
const INFO_NAME = 'build-info.json';
/** The version of the ops' signatures, from native/src/ops.h (kOpsAbiVersion), checked in the built library. */
const NATIVE_OPS_ABI_VERSION =
    Number(/constexpr int kOpsAbiVersion = (\d+);/.exec(fs.readFileSync(path.join(SOURCE_DIR, 'ops.h'), 'utf8'))?.[1]);
/** Headers our sources include directly; their own includes are found by the compiler. */
const REQUIRED_HEADERS = ['tensorflow/c/kernels.h', 'tensorflow/c/ops.h', 'tensorflow/c/c_api.h'];
const COMPILE_FLAGS = [
  '-std=c++17',
  '-O3',
  '-fPIC',
  '-pthread',
  '-fvisibility=hidden',
  '-ffp-contract=off',
  '-fno-trapping-math',
  '-fno-unswitch-loops',
  '-fno-thread-jumps',
  '-fopenmp-simd',
  '-DNDEBUG',
];

/** A prerequisite is missing: nothing was built, and nothing is wrong with the package. */
class Unavailable extends Error {}

function seconds(startMs) {
  return `${((Date.now() - startMs) / 1000).toFixed(1)} s`;
}

function hasCommand(name) {
  return cp.spawnSync('/bin/sh', ['-c', `command -v ${name}`], {stdio: 'ignore'}).status === 0;
}

/** tfjs-node's package folder, from this package or the current project. */
function locateTfjsNode() {
  let pkgJson;
  try {
    pkgJson = require.resolve('@tensorflow/tfjs-node/package.json', {paths: [PACKAGE_ROOT, process.cwd()]});
  } catch {
    throw new Unavailable('@tensorflow/tfjs-node is not installed, so there is no TensorFlow to build against.');
  }
  const dir = path.dirname(pkgJson);
  return {dir, lib: path.join(dir, 'deps', 'lib'), include: path.join(dir, 'deps', 'include')};
}

/** The folder with libtensorflow_framework and libtensorflow (by their unversioned names). */
function findLibraryDir(tfjsNode) {
  const ext = process.platform === 'darwin' ? 'dylib' : 'so';
  const names = [`libtensorflow_framework.${ext}`, `libtensorflow.${ext}`];
  if (names.every((n) => fs.existsSync(path.join(tfjsNode.lib, n)))) return tfjsNode.lib;
  throw new Unavailable(
      `tfjs-node's TensorFlow library is not in ${tfjsNode.lib} (${names.join(', ')}); ` +
      'run `node scripts/setup-tfjs-node.js` or reinstall @tensorflow/tfjs-node first.');
}

function findIncludeDir(tfjsNode) {
  const dir = process.env.TFJS_SMELU_TF_INCLUDE || tfjsNode.include;
  const missing = REQUIRED_HEADERS.filter((h) => !fs.existsSync(path.join(dir, h)));
  if (missing.length > 0) {
    throw new Unavailable(
        `TensorFlow's C kernel API headers are missing (${missing.join(', ')} not in ${dir}); ` +
        'the tensorflow backend keeps its composite kernels. TFJS_SMELU_TF_INCLUDE=<a TensorFlow ' +
        'include folder, e.g. a tensorflow wheel\'s tensorflow/include> builds them.');
  }
  return dir;
}

/** Where Node's own headers live (`<dir>/include/node/node_api.h`). */
function findNodeIncludeDir() {
  const home = os.homedir();
  const candidates = [
    () => process.env.npm_config_nodedir,
    () => path.resolve(path.dirname(process.execPath), '..'),
    () => path.join(home, '.cache', 'node-gyp', process.versions.node),
    () => path.join(home, '.node-gyp', process.versions.node),
    () => cp.execSync('npm config get nodedir', {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim(),
  ];
  for (const candidate of candidates) {
    let dir;
    try {
      dir = candidate();
    } catch {
      continue;  // no npm
    }
    if (dir && dir !== 'undefined' && dir !== 'null' &&
        fs.existsSync(path.join(dir, 'include', 'node', 'node_api.h'))) {
      return path.join(dir, 'include', 'node');
    }
  }
  throw new Unavailable(
      'Node\'s headers (include/node/node_api.h) were not found; install them ' +
      '(e.g. `npx node-gyp install`) or set npm_config_nodedir.');
}

function findCompiler() {
  const compiler = [process.env.CXX, 'g++', 'c++', 'clang++'].find((c) => c && hasCommand(c.split(' ')[0]));
  if (!compiler) throw new Unavailable('no C++ compiler found (set CXX, or install g++ or clang++).');
  return compiler;
}

/**
 * Runs `script` in a fresh Node with tfjs-node loadable (a failed dlopen can
 * abort a process, so never in this one). Returns {ok, stdout, detail}.
 */
function runProbe(script, timeoutMs = 180000) {
  const result = interrupts.spawnSync(process.execPath, ['-e', script], {
    cwd: PACKAGE_ROOT,
    encoding: 'utf8',
    env: {...process.env, TF_CPP_MIN_LOG_LEVEL: '2'},
    timeout: timeoutMs,
  });
  const stdout = (result.stdout || '').trim();
  if (result.status === 0) return {ok: true, stdout};
  const lines = `${result.stdout || ''}${result.stderr || ''}`.split('\n').map((l) => l.trim()).filter(Boolean);
  const detail = lines.find((l) => /^\w*Error: /.test(l)) || lines[lines.length - 1] ||
      `exit ${result.status}${result.signal ? ` (${result.signal})` : ''}`;
  return {ok: false, stdout, detail};
}

function tensorflowVersion(tfjsNode) {
  const probe = runProbe(`
    const tf = require(${JSON.stringify(tfjsNode.dir)});
    process.stdout.write(tf.backend().binding.TF_Version);
  `);
  if (!probe.ok) {
    throw new Unavailable(
        `@tensorflow/tfjs-node does not load (${probe.detail}); run \`node scripts/setup-tfjs-node.js\` first.`);
  }
  return probe.stdout;
}

function sourceFiles() {
  return fs.readdirSync(SOURCE_DIR).filter((f) => /\.(cc|h)$/.test(f)).sort();
}

/** Everything the library depends on: if this matches build-info.json, it is up to date. */
function buildKey(parts) {
  const hash = crypto.createHash('sha256');
  for (const file of sourceFiles()) hash.update(file).update(fs.readFileSync(path.join(SOURCE_DIR, file)));
  hash.update(JSON.stringify(parts));
  return hash.digest('hex').slice(0, 16);
}

/** Identifies the TensorFlow library in deps/lib without loading it (its real path, size and time). */
function libraryStamp(libDir) {
  const ext = process.platform === 'darwin' ? 'dylib' : 'so';
  return ['libtensorflow_framework', 'libtensorflow'].map((name) => {
    const real = fs.realpathSync(path.join(libDir, `${name}.${ext}`));
    const stat = fs.statSync(real);
    return `${real}:${stat.size}:${stat.mtimeMs}`;
  });
}

function readInfo(outDir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(outDir, INFO_NAME), 'utf8'));
  } catch {
    return null;
  }
}

/** Compiles each .cc in parallel, then links; throws with the compiler's first error. */
async function compile({compiler, includeDirs, libDir, tfVersion, outFile}) {
  const objDir = fs.mkdtempSync(path.join(path.dirname(outFile), '.obj-'));
  const run = (args) => new Promise((resolve) => {
    const child = interrupts.track(cp.spawn(
        compiler.split(' ')[0], [...compiler.split(' ').slice(1), ...args], {stdio: ['ignore', 'pipe', 'pipe']}));
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('error', (e) => resolve({status: -1, output: e.message}));
    child.on('close', (status) => resolve({status, output}));
  });
  try {
    const defines = [`-DTFJS_SMELU_BUILT_FOR_TF_VERSION="${tfVersion}"`];
    const includes = includeDirs.map((d) => `-I${d}`);
    const sources = sourceFiles().filter((f) => f.endsWith('.cc'));
    const objects = sources.map((f) => path.join(objDir, f.replace(/\.cc$/, '.o')));
    const results = await Promise.all(sources.map(
        (f, i) => run([...COMPILE_FLAGS, ...defines, ...includes, '-c', path.join(SOURCE_DIR, f), '-o', objects[i]])));
    const failed = results.find((r) => r.status !== 0);
    if (failed) throw compileError(failed.output);
    const linkFlags = process.platform === 'darwin' ?
        ['-bundle', '-undefined', 'dynamic_lookup', `-Wl,-rpath,${libDir}`] :
        ['-shared', `-Wl,-rpath,${libDir}`, '-Wl,--as-needed'];
    const tmpFile = `${outFile}.tmp-${process.pid}`;
    try {
      const link = await run([
        ...objects, '-pthread', ...linkFlags, `-L${libDir}`, '-ltensorflow_framework', '-ltensorflow', '-o', tmpFile
      ]);
      if (link.status !== 0) throw compileError(link.output);
      if (interrupts.received()) throw new Error(`interrupted by ${interrupts.received()}`);
      fs.renameSync(tmpFile, outFile);
    } finally {
      fs.rmSync(tmpFile, {force: true});
    }
  } finally {
    fs.rmSync(objDir, {recursive: true, force: true});
  }
}

/** A missing header is a missing prerequisite; anything else is a real failure. */
function compileError(output) {
  const lines = output.split('\n');
  const missing =
      lines.find((l) => /fatal error: .*No such file or directory|fatal error: '.*' file not found/.test(l));
  if (missing) {
    const header = (missing.match(/fatal error: '?([^:']+)'?/) || [])[1] || missing.trim();
    return new Unavailable(
        `TensorFlow's C kernel API headers are incomplete (${header} is missing); ` +
        'the tensorflow backend keeps its composite kernels.');
  }
  const first = lines.find((l) => /error/i.test(l)) || lines.filter(Boolean).slice(-1)[0] || 'unknown error';
  return new Error(`compiling the native ops failed: ${first.trim()}\n${lines.slice(0, 20).join('\n')}`);
}

/** Loads tfjs-node and the library in a child and runs one op of each kind. */
function verify(tfjsNode, libraryFile) {
  return runProbe(`
    const tf = require(${JSON.stringify(tfjsNode.dir)});
    const addon = {exports: {}};
    process.dlopen(addon, ${JSON.stringify(libraryFile)});
    const backend = tf.backend(), b = backend.binding;
    const run = (op, attrs, tensors) => {
      const out = b.executeOp(op, attrs, backend.getInputTensorIds(tensors), 1)[0];
      return Array.from(backend.createOutputTensor(out).dataSync());
    };
    const x = tf.tensor1d([-3, -1, 0, 1, 3]);
    const y = run('TfjsSmeLU', [{name: 'beta', type: b.TF_ATTR_FLOAT, value: [2, 0]}], [x]);
    // g-SmeLU with α, g₋, g₊, t as attr values and β as a tensor (native/src/ops.h).
    const g = run('TfjsGeneralizedSmeLU', [
      {name: 'axis', type: b.TF_ATTR_INT, value: 0},
      {name: 'N', type: b.TF_ATTR_INT, value: 1},
      {name: 'param_values', type: b.TF_ATTR_FLOAT, value: [1, 0, -0.5, 1, 0]},
      {name: 'tensor_param_mask', type: b.TF_ATTR_INT, value: 2},
    ], [x, tf.scalar(2)]);
    const expected = [[0, 0.125, 0.5, 1.125, 3], [1, 0, -0.25, 0, 1.75]];
    if (JSON.stringify([y, g]) !== JSON.stringify(expected)) {
      throw new Error('wrong values: ' + JSON.stringify([y, g]) + ', expected ' + JSON.stringify(expected));
    }
    if (addon.exports.abiVersion !== ${NATIVE_OPS_ABI_VERSION}) {
      throw new Error('op signatures ' + addon.exports.abiVersion + ', expected ${NATIVE_OPS_ABI_VERSION}');
    }
    if (addon.exports.callCounts().TfjsSmeLU !== 1) throw new Error('the op did not count its call');
  `);
}

/**
 * Builds (or confirms) the library. Returns {status, message, libraryFile}
 * with status 'built' | 'up-to-date' | 'unavailable'; throws on a real failure.
 */
async function buildNativeOps({force = false, outDir = DEFAULT_OUT_DIR, log = () => {}} = {}) {
  const started = Date.now();
  const libraryFile = path.join(outDir, LIBRARY_NAME);
  try {
    if (!['linux', 'darwin'].includes(process.platform)) {
      throw new Unavailable(`native ops are built on Linux and macOS only (this is ${process.platform}).`);
    }
    const tfjsNode = locateTfjsNode();
    const libDir = findLibraryDir(tfjsNode);
    const includeDir = findIncludeDir(tfjsNode);
    const nodeInclude = findNodeIncludeDir();
    const compiler = findCompiler();
    const key =
        buildKey({includeDir, libDir, nodeInclude, compiler, flags: COMPILE_FLAGS, tensorflow: libraryStamp(libDir)});
    const info = readInfo(outDir);
    if (!force && info && info.key === key && fs.existsSync(libraryFile)) {
      return {
        status: 'up-to-date',
        libraryFile,
        message:
            `${path.relative(process.cwd(), libraryFile) || libraryFile} is up to date (TensorFlow ${info.tfVersion}).`
      };
    }
    const tfVersion = tensorflowVersion(tfjsNode);
    fs.mkdirSync(outDir, {recursive: true});
    log(`compiling the native ops against TensorFlow ${tfVersion} (${includeDir}) ...`);
    fs.rmSync(path.join(outDir, INFO_NAME), {force: true});
    await compile(
        {compiler, includeDirs: [SOURCE_DIR, nodeInclude, includeDir], libDir, tfVersion, outFile: libraryFile});
    let check;
    try {
      check = verify(tfjsNode, libraryFile);
    } catch (e) {
      // Interrupted while checking: a library that was not checked is not left in place.
      fs.rmSync(libraryFile, {force: true});
      throw e;
    }
    if (!check.ok) {
      fs.rmSync(libraryFile, {force: true});
      throw new Error(`the built library does not work with this TensorFlow (${check.detail}); removed it.`);
    }
    const builtInfo = {key, tfVersion, includeDir, libDir, compiler, builtAt: new Date().toISOString()};
    fs.writeFileSync(path.join(outDir, INFO_NAME), JSON.stringify(builtInfo, null, 2) + '\n');
    return {
      status: 'built',
      libraryFile,
      message: `built ${path.relative(process.cwd(), libraryFile) || libraryFile} in ${seconds(started)} ` +
          `(TensorFlow ${tfVersion}): the tensorflow backend now runs SmeLU and g-SmeLU as fused native ops.`
    };
  } catch (e) {
    if (e instanceof Unavailable) return {status: 'unavailable', libraryFile, message: e.message};
    throw e;
  }
}

function parseArgs(argv) {
  const options = {optional: false, force: false, outDir: DEFAULT_OUT_DIR};
  for (let i = 0; i < argv.length; ++i) {
    const arg = argv[i];
    if (arg === '--optional')
      options.optional = true;
    else if (arg === '--force')
      options.force = true;
    else if (arg === '--out')
      options.outDir = path.resolve(argv[++i] || '.');
    else if (arg === '--help' || arg === '-h')
      options.help = true;
    else
      throw new Error(`unknown argument ${JSON.stringify(arg)} (known: --optional, --force, --out DIR)`);
  }
  return options;
}

async function main(argv, print = console.log) {
  let options;
  try {
    options = parseArgs(argv);
  } catch (e) {
    print(`${TAG} ${e.message}`);
    return 1;
  }
  if (options.help) {
    print('Usage: node scripts/build-native-ops.js [--optional] [--force] [--out DIR]');
    return 0;
  }
  try {
    const result = await buildNativeOps({...options, log: (line) => print(`${TAG} ${line}`)});
    // A signal sent to this process alone during the last synchronous check is handled here, before "built".
    await interrupts.settle();
    if (interrupts.received()) return 1;
    print(`${TAG} ${result.message}`);
    return result.status === 'unavailable' && !options.optional ? 1 : 0;
  } catch (e) {
    // An interrupt's own line is printed on exit (interrupts.js); the failure it caused is not news.
    if (!interrupts.received()) print(`${TAG} FAILED: ${e.message}`);
    return 1;
  }
}

module.exports = {
  buildNativeOps,
  main,
  LIBRARY_NAME,
  DEFAULT_OUT_DIR
};

if (require.main === module) {
  interrupts.install(TAG);
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = interrupts.exitCode(code);
  });
}
