/**
 * The native ops' set-up and loading, end to end in child processes:
 * scripts/build-native-ops.js's one-line fallback when TensorFlow's kernel
 * API headers are missing or incomplete (nothing built, composite kept), its
 * idempotence, the lazy loader's silent fallback on a library that does not
 * load, loading from the ES module build, and `tfjs-smelu native status`.
 * The built packages (dist/) are used as an installed user would use them.
 * @fullRun tfjs-node, built, packed
 */
import {spawn, spawnSync, SpawnSyncReturns} from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import {REPO_ROOT} from '../../support/paths';

const BUILD_SCRIPT = path.join(REPO_ROOT, 'scripts', 'build-native-ops.js');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.cjs');
const LIBRARY = path.join(REPO_ROOT, 'native', 'build', 'tfjs_smelu_ops.node');
const TFJS_NODE_INCLUDE = path.join(REPO_ROOT, 'node_modules', '@tensorflow', 'tfjs-node', 'deps', 'include');

function run(args: string[], env: Record<string, string> = {}, input?: string): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, args, {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    input,
    timeout: 300_000,
    env: {...process.env, TF_CPP_MIN_LOG_LEVEL: '2', ...env},
  });
}

/** Our own output lines (TensorFlow's informational lines on stderr left out). */
function ownLines(text: string): string[] {
  return text.split('\n').filter(
      (l) => l.trim() !== '' && !/^(WARNING: All log messages|I0000|To enable the following)/.test(l));
}

let scratch = '';
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-smelu-native-'));
  for (const file of [CLI, LIBRARY]) {
    if (!fs.existsSync(file)) {
      throw new Error(
          `${path.relative(REPO_ROOT, file)} is missing: run \`npm run build\` and ` +
          '`node scripts/build-native-ops.js` first (npm test\'s pretest does both).');
    }
  }
});
afterAll(() => fs.rmSync(scratch, {recursive: true, force: true}));

describe('scripts/build-native-ops.js', () => {
  it('prints one line and builds nothing when tensorflow/c/kernels.h is missing (--optional: exit 0)', () => {
    const include = path.join(scratch, 'include-without-kernels-h');
    fs.mkdirSync(path.join(include, 'tensorflow', 'c'), {recursive: true});
    fs.copyFileSync(
        path.join(TFJS_NODE_INCLUDE, 'tensorflow', 'c', 'c_api.h'), path.join(include, 'tensorflow', 'c', 'c_api.h'));
    const out = path.join(scratch, 'out-1');
    const optional = run([BUILD_SCRIPT, '--optional', '--out', out], {TFJS_SMELU_TF_INCLUDE: include});
    expect(optional.status).toBe(0);
    const lines = ownLines(optional.stdout + optional.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(
        `build-native-ops: TensorFlow's C kernel API headers are missing (tensorflow/c/kernels.h, ` +
        `tensorflow/c/ops.h not in ${include}); the tensorflow backend keeps its composite kernels. ` +
        'TFJS_SMELU_TF_INCLUDE=<a TensorFlow include folder, e.g. a tensorflow wheel\'s tensorflow/include> builds them.');
    expect(fs.existsSync(out)).toBe(false);
    // Without --optional (the CLI's `native build`), the same line and exit 1.
    const required = run([BUILD_SCRIPT, '--out', out], {TFJS_SMELU_TF_INCLUDE: include});
    expect(required.status).toBe(1);
    expect(ownLines(required.stdout + required.stderr)).toEqual(lines);
  });

  it('names the missing header when kernels.h is there but what it includes is not', () => {
    // What a libtensorflow C tarball with kernels.h and ops.h but without TensorFlow's
    // platform headers would give: the compiler stops at the first missing include.
    const include = path.join(scratch, 'include-incomplete');
    fs.cpSync(
        path.join(TFJS_NODE_INCLUDE, 'tensorflow', 'c'), path.join(include, 'tensorflow', 'c'), {recursive: true});
    const out = path.join(scratch, 'out-2');
    const result = run([BUILD_SCRIPT, '--optional', '--force', '--out', out], {TFJS_SMELU_TF_INCLUDE: include});
    expect(result.status).toBe(0);
    const lines = ownLines(result.stdout + result.stderr);
    expect(lines[lines.length - 1])
        .toMatch(
            /^build-native-ops: TensorFlow's C kernel API headers are incomplete \(\S+\.h is missing\); the tensorflow backend keeps its composite kernels\.$/);
    expect(fs.existsSync(path.join(out, 'tfjs_smelu_ops.node'))).toBe(false);
  });

  it('stops cleanly on SIGINT while compiling: exit 130, one line, no object folder or half-linked library',
     async () => {
       const out = path.join(scratch, 'out-interrupted');
       const child = spawn(process.execPath, [BUILD_SCRIPT, '--force', '--out', out], {cwd: REPO_ROOT});
       let output = '';
       const compiling = new Promise<void>((resolve) => {
         const onData = (d: Buffer) => {
           output += d;
           if (output.includes('compiling the native ops')) resolve();
         };
         child.stdout.on('data', onData);
         child.stderr.on('data', onData);
       });
       const exited = new Promise<number|null>((resolve) => child.on('close', (code) => resolve(code)));
       await compiling;
       // Only the script is signalled (as `kill` would): it must stop its compilers itself.
       await new Promise((resolve) => setTimeout(resolve, 1000));
       child.kill('SIGINT');
       expect(await exited).toBe(130);
       const lines = ownLines(output);
       expect(lines.slice(lines.findIndex((l) => l.includes('compiling the native ops')) + 1)).toEqual([
         'build-native-ops: interrupted by SIGINT; stopped, leaving nothing half-written.'
       ]);
       expect(fs.readdirSync(out)).toEqual([]);
     });

  it('is idempotent: a second run finds the library up to date', () => {
    const result = run([BUILD_SCRIPT]);
    expect(result.status).toBe(0);
    expect(ownLines(result.stdout)).toEqual([
      expect.stringMatching(/^build-native-ops: native\/build\/tfjs_smelu_ops\.node is up to date \(TensorFlow 2\.\d+/),
    ]);
  });
});

describe('loading the native ops from the built package', () => {
  const program = (entry: string) => `
    const tf = require('@tensorflow/tfjs-node');
    const s = require(${JSON.stringify(entry)});
    const y = s.smelu(tf.tensor1d([-3, -1, 0, 1, 3]), 2).arraySync();
    const g = s.generalizedSmelu(tf.tensor1d([-3, 3]), {alpha: 1, beta: 2, gNeg: -0.5}).arraySync();
    console.log(JSON.stringify([y, g]));
  `;
  const expected = JSON.stringify([[0, 0.125, 0.5, 1.125, 3], [1, 1.75]]);
  /** How many times the native ops ran in a child that loads the library itself at exit. */
  const withCounts = (code: string) => `${code}
    const m = {exports: {}};
    process.dlopen(m, ${JSON.stringify(LIBRARY)});
    const c = m.exports.callCounts();
    console.log('native calls', c.TfjsSmeLU + c.TfjsGeneralizedSmeLU);
  `;

  it('uses the native ops from dist/index.cjs', () => {
    const result = run(['-e', withCounts(program(path.join(REPO_ROOT, 'dist', 'index.cjs')))]);
    expect(result.status).toBe(0);
    expect(ownLines(result.stdout)).toEqual([expected, 'native calls 2']);
  });

  it('uses the native ops from the ES module build (dist/index.mjs) too', () => {
    const esm = `
      import tf from '@tensorflow/tfjs-node';
      import * as s from ${JSON.stringify(path.join(REPO_ROOT, 'dist', 'index.mjs'))};
      const y = s.smelu(tf.tensor1d([-3, -1, 0, 1, 3]), 2).arraySync();
      const m = {exports: {}};
      process.dlopen(m, ${JSON.stringify(LIBRARY)});
      console.log(JSON.stringify(y), 'native calls', m.exports.callCounts().TfjsSmeLU);
    `;
    const result = run(['--input-type=module', '-e', esm]);
    expect(result.status).toBe(0);
    expect(ownLines(result.stdout)).toEqual(['[0,0.125,0.5,1.125,3] native calls 1']);
  });

  it('falls back to the composite, silently, when the library does not load', () => {
    const bogus = path.join(scratch, 'not-a-library.node');
    fs.writeFileSync(bogus, 'this is not a shared object\n');
    const env = {TFJS_SMELU_NATIVE_OPS: bogus};
    const result = run(['-e', program(path.join(REPO_ROOT, 'dist', 'index.cjs'))], env);
    expect(result.status).toBe(0);
    expect(ownLines(result.stdout + result.stderr)).toEqual([expected]);
    const status = run([CLI, 'native', 'status'], env);
    expect(status.status).toBe(1);
    expect(ownLines(status.stdout)).toEqual([expect.stringMatching(
        new RegExp(`^native TensorFlow ops: not used \\(TensorFlow 2\\.\\d+\\.\\d+\\): ${
            bogus.replace(/[.]/g, '\\.')} did not load \\(.*\\)$`))]);
    // TFJS_SMELU_NATIVE_OPS=0 turns them off.
    const off = run([CLI, 'native', 'status'], {TFJS_SMELU_NATIVE_OPS: '0'});
    expect(ownLines(off.stdout)).toEqual([expect.stringContaining('turned off by TFJS_SMELU_NATIVE_OPS=0')]);
  });

  it('`tfjs-smelu native status` reports the built library', () => {
    const result = run([CLI, 'native', 'status']);
    expect(result.status).toBe(0);
    const version = /\d+\.\d+\.\d+/.exec(result.stdout)?.[0];
    expect(ownLines(result.stdout)).toEqual([
      `native TensorFlow ops: loaded from ${LIBRARY} (TensorFlow ${version}); ` +
          'the tensorflow backend runs SmeLU and g-SmeLU as fused ops.',
    ]);
    const help = run([CLI, 'native', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: tfjs-smelu native <build\|status>/);
    const bad = run([CLI, 'native', 'compile']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown command 'compile'/);
  });
});

describe('an installed tfjs-smelu (npm pack → node_modules)', () => {
  it('builds its native ops with `tfjs-smelu native build` and uses them', () => {
    const project = path.join(scratch, 'project');
    const installed = path.join(project, 'node_modules', 'tfjs-smelu');
    fs.mkdirSync(installed, {recursive: true});
    // --ignore-scripts: pack the dist/ the pretest built (the `prepare` script would rebuild a stale one mid-run).
    const pack = spawnSync(
        'npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', scratch],
        {cwd: REPO_ROOT, encoding: 'utf8'});
    expect(pack.status).toBe(0);
    const tarball = path.join(scratch, pack.stdout.trim().split('\n').pop()!);
    expect(spawnSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']).status).toBe(0);
    // The package ships its sources and build script, never a built library.
    expect(fs.existsSync(path.join(installed, 'native', 'src', 'kernels.cc'))).toBe(true);
    expect(fs.existsSync(path.join(installed, 'scripts', 'build-native-ops.js'))).toBe(true);
    expect(fs.existsSync(path.join(installed, 'native', 'build'))).toBe(false);
    // tfjs and tfjs-node as the project installed them (here: this repository's copies).
    fs.symlinkSync(
        path.join(REPO_ROOT, 'node_modules', '@tensorflow'), path.join(project, 'node_modules', '@tensorflow'));
    const cli = path.join(installed, 'dist', 'cli.cjs');
    const runIn = (args: string[]) => spawnSync(process.execPath, args, {
      cwd: project,
      encoding: 'utf8',
      timeout: 600_000,
      env: {...process.env, TF_CPP_MIN_LOG_LEVEL: '2'},
    });
    const before = runIn([cli, 'native', 'status']);
    expect(before.status).toBe(1);
    expect(ownLines(before.stdout)[0])
        .toMatch(
            /^native TensorFlow ops: not used .*: not built \(no .*node_modules\/tfjs-smelu\/native\/build\/tfjs_smelu_ops\.node/);
    const build = runIn([cli, 'native', 'build']);
    expect({status: build.status, out: ownLines(build.stdout).pop()}).toEqual({
      status: 0,
      out: expect.stringMatching(/^build-native-ops: built .*tfjs_smelu_ops\.node in [0-9.]+ s \(TensorFlow 2\./),
    });
    const after = runIn([cli, 'native', 'status']);
    expect(after.status).toBe(0);
    expect(ownLines(after.stdout)[0]).toContain(path.join(installed, 'native', 'build', 'tfjs_smelu_ops.node'));
  }, 900_000);  // a full compile: about a minute on 2 idle cores
});
