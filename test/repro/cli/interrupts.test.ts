/**
 * SIGINT and SIGTERM at each phase of `demo` and `compare`, on the built
 * executable as a real process: fetching a Debian package (apt-get download),
 * unpacking it into the cache, unpacking the user's own .deb, training in the
 * workers (signal to the parent only, or to the whole process group as Ctrl-C
 * does), rendering the report and committing it.
 *
 * Each phase is reached deterministically, without sleeping and hoping: fake
 * `apt-get` / `dpkg-deb` executables first on PATH leave a partial result,
 * send the signal to the toolkit themselves and then wait to be killed; the
 * training phase is signalled once the workers said they are ready (with far
 * more epochs left than the signal needs); the report phases are reached by a
 * `--require`d script that sends the signal from inside the vega renderer or
 * the first rename into the output folder.
 *
 * After each: the process ended by that signal (a shell shows 130 or 143),
 * promptly; no worker or external process of it is alive; the OS temp folder
 * (TMPDIR of the run), the cache and the user's folders hold no temporary
 * file or folder; the output folder holds the previous report whole, or the
 * new one whole, never a mix.
 * @fullRun built, debian-data
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {createHash} from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import 'tfjs-smelu';
import {fetchDebianPackage} from '../../../repro/src/data/debian_package';
import {childPids, startCli, stillAlive, treeNames, treeSnapshot} from '../../support/cli_process';
import {REPRO_ROOT} from '../../support/paths';
import {CACHE, convertSklearnClassification, saveModel, WINE_FEATURES} from '../compare/support';

const MANIFEST = 'tfjs-smelu-repro-manifest.json';
const DIGITS = [
  'demo', '--dataset', 'digits', '--activations', 'relu,smelu', '--replicas', '2', '--hidden', '8', '--bootstrap-draws',
  '50', '--jobs', '2', '--backend', 'cpu', '--no-download'
];
const TEMP_NAME = /\.tmp-|\.old-|\.download-|\.dslabs-|tfjs-smelu-repro-/;

let root: string;
let tmp: string;
let bin: string;

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-smelu-interrupts-'));
  tmp = path.join(root, 'tmp');  // the run's OS temp folder (TMPDIR), to see exactly what it leaves there
  bin = path.join(root, 'bin');
  fs.mkdirSync(tmp);
  fs.mkdirSync(bin);
});

afterEach(() => {
  fs.rmSync(root, {recursive: true, force: true});
});

/** A fake executable: `body` runs in sh; FAKE_PID_FILE gets its pid. */
function fakeExecutable(name: string, body: string): void {
  const file = path.join(bin, name);
  fs.writeFileSync(file, `#!/bin/sh\necho $$ > "$FAKE_PID_FILE"\n${body}\n`);
  fs.chmodSync(file, 0o755);
}

/** Leaves a partial result, signals the toolkit (its parent), then waits to be killed. */
const SIGNAL_PARENT_AND_WAIT = 'kill -s "$FAKE_SIGNAL" "$PPID"\nexec sleep 60';

function env(signal: 'INT'|'TERM'): NodeJS.ProcessEnv {
  return {
    PATH: `${bin}:${process.env.PATH}`,
    TMPDIR: tmp,
    FAKE_PID_FILE: path.join(root, 'fake.pid'),
    FAKE_SIGNAL: signal
  };
}

const fakePid = () => Number(fs.readFileSync(path.join(root, 'fake.pid'), 'utf8').trim());
const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** The checks every interrupted run must pass. */
async function expectCleanInterrupt(
    res: {code: number|null, signal: NodeJS.Signals|null}, stderr: string, signal: NodeJS.Signals,
    pids: number[]): Promise<void> {
  expect({code: res.code, signal: res.signal}).toEqual({code: null, signal});
  expect(stderr).not.toMatch(/Error|at .*\.cjs:\d+/);
  expect(await stillAlive(pids)).toEqual([]);
  expect(treeNames(tmp)).toEqual([]);
}

describe('fetching and unpacking data', () => {
  test(
      'SIGINT while apt-get downloads a package into the cache: apt-get stopped, no partial download left',
      async () => {
        const cache = path.join(root, 'cache');
        fakeExecutable('apt-get', `echo partial > "$2_9.9_all.deb"\n${SIGNAL_PARENT_AND_WAIT}`);
        const cli = startCli(
            [...DIGITS, '--epochs', '1', '--cache-dir', cache, '--out', path.join(root, 'out')], {env: env('INT')});
        const res = await cli.exit(30000);
        expect(cli.stderr())
            .toContain(
                'tfjs-smelu-repro demo: interrupted by SIGINT; stopped the workers and removed the temporary files.');
        await expectCleanInterrupt(res, cli.stderr(), 'SIGINT', [fakePid()]);
        expect(treeNames(cache)).toEqual(['debs']);
        expect(fs.existsSync(path.join(root, 'out'))).toBe(false);
      });

  test(
      'SIGTERM while dpkg-deb unpacks a cached package: dpkg-deb stopped, no half-unpacked tree in the cache',
      async () => {
        const cache = path.join(root, 'cache');
        const {debFile} = fetchDebianPackage('python3-sklearn', CACHE);
        fs.mkdirSync(path.join(cache, 'debs'), {recursive: true});
        fs.copyFileSync(path.join(CACHE, 'debs', debFile), path.join(cache, 'debs', debFile));
        fakeExecutable(
            'dpkg-deb',
            `mkdir -p "$3/usr/share" && head -c 200000 /dev/zero > "$3/usr/share/part.bin"\n${SIGNAL_PARENT_AND_WAIT}`);
        const cli = startCli(
            [...DIGITS, '--epochs', '1', '--cache-dir', cache, '--out', path.join(root, 'out')], {env: env('TERM')});
        const res = await cli.exit(30000);
        await expectCleanInterrupt(res, cli.stderr(), 'SIGTERM', [fakePid()]);
        expect(treeNames(cache).filter((n) => TEMP_NAME.test(n))).toEqual([]);
        expect(treeNames(cache)).toEqual(['debs', `debs/${debFile}`, 'unpacked']);
        expect(sha256(path.join(cache, 'debs', debFile))).toBe(sha256(path.join(CACHE, 'debs', debFile)));
      });

  test(
      'SIGINT while the user\'s .deb is unpacked: nothing beside the user\'s file, nothing in the OS temp folder',
      async () => {
        const {debFile} = fetchDebianPackage('r-cran-dslabs', CACHE);
        const data = path.join(root, 'data');
        fs.mkdirSync(data);
        fs.copyFileSync(path.join(CACHE, 'debs', debFile), path.join(data, debFile));
        fs.writeFileSync(path.join(data, 'notes.txt'), 'mine');
        const before = treeSnapshot(data);
        fakeExecutable(
            'dpkg-deb',
            `echo "$3" > "$FAKE_PID_FILE.target"\nmkdir -p "$3/usr/lib" && head -c 200000 /dev/zero > "$3/usr/lib/part.bin"\n${
                SIGNAL_PARENT_AND_WAIT}`);
        const cli = startCli(
            [
              'demo', '--quick', '--data-path', path.join(data, debFile), '--jobs', '2', '--backend', 'cpu', '--out',
              path.join(root, 'out')
            ],
            {env: env('INT')});
        const res = await cli.exit(30000);
        await expectCleanInterrupt(res, cli.stderr(), 'SIGINT', [fakePid()]);
        const target = fs.readFileSync(path.join(root, 'fake.pid.target'), 'utf8').trim();
        expect(target.startsWith(`${tmp}${path.sep}tfjs-smelu-repro-movielens-`))
            .toBe(true);  // unpacked in the OS temp folder
        expect(treeSnapshot(data)).toEqual(before);
      });
});

describe('training in the workers', () => {
  test('the user\'s .deb is unpacked once, by the parent; SIGTERM to the parent alone stops every worker', async () => {
    const {debFile} = fetchDebianPackage('r-cran-dslabs', CACHE);
    const data = path.join(root, 'data');
    fs.mkdirSync(data);
    fs.copyFileSync(path.join(CACHE, 'debs', debFile), path.join(data, debFile));
    const before = treeSnapshot(data);
    // A dpkg-deb that logs each call and then does the real work.
    fakeExecutable('dpkg-deb', `echo "$@" >> "$FAKE_PID_FILE.calls"\nexec /usr/bin/dpkg-deb "$@"`);
    const cli = startCli(
        [
          'demo', '--quick', '--data-path', path.join(data, debFile), '--jobs', '2', '--backend', 'cpu', '--epochs',
          '50', '--out', path.join(root, 'out')
        ],
        {env: env('TERM')});
    await cli.waitForStderr(/2 worker process\(es\)/, 120000);
    const workers = childPids(cli.child.pid!, 'worker.cjs');
    expect(workers).toHaveLength(2);
    const calls = fs.readFileSync(path.join(root, 'fake.pid.calls'), 'utf8').trim().split('\n');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(new RegExp(`^-x ${data}/${debFile} ${tmp}/tfjs-smelu-repro-movielens-\\w+$`));
    expect(cli.stderr()).toContain(`data: ${debFile}`);  // the report names the user's file, not the scratch copy
    cli.child.kill('SIGTERM');
    const res = await cli.exit(10000);
    await expectCleanInterrupt(res, cli.stderr(), 'SIGTERM', workers);
    expect(treeSnapshot(data)).toEqual(before);
    expect(fs.existsSync(path.join(root, 'out'))).toBe(false);
  }, 150000);

  test('Ctrl-C (SIGINT to the whole process group) during training: every process ends, no report', async () => {
    const cli = startCli(
        [...DIGITS, '--epochs', '500', '--cache-dir', CACHE, '--out', path.join(root, 'out')],
        {env: env('INT'), detached: true});
    await cli.waitForStderr(/2 worker process\(es\)/);
    const workers = childPids(cli.child.pid!, 'worker.cjs');
    expect(workers).toHaveLength(2);
    process.kill(-cli.child.pid!, 'SIGINT');
    const res = await cli.exit(10000);
    await expectCleanInterrupt(res, cli.stderr(), 'SIGINT', workers);
    expect(fs.existsSync(path.join(root, 'out'))).toBe(false);
  }, 60000);

  test('compare: SIGTERM to the parent during training stops the workers, no report', async () => {
    const wine = convertSklearnClassification('wine_data.csv', WINE_FEATURES, root).path;
    const model = await saveModel(
        tfl.sequential({
          layers: [
            tfl.layers.dense({units: 8, activation: 'relu', inputShape: [13], name: 'hidden'}),
            tfl.layers.dense({units: 3, activation: 'softmax', name: 'cultivar'}),
          ]
        }),
        path.join(root, 'wine-model'));
    const project = treeSnapshot(root);
    const cli = startCli(
        [
          'compare',    '--model',   model,           '--data',        wine,
          '--label',    'target',    '--standardize', '--activations', 'relu,smelu:1',
          '--replicas', '2',         '--epochs',      '2000',          '--jobs',
          '2',          '--backend', 'cpu',           '--out',         path.join(root, 'out')
        ],
        {env: env('TERM')});
    await cli.waitForStderr(/2 worker process\(es\)/);
    const workers = childPids(cli.child.pid!, 'worker.cjs');
    expect(workers).toHaveLength(2);
    cli.child.kill('SIGTERM');
    const res = await cli.exit(10000);
    expect(cli.stderr())
        .toContain(
            'tfjs-smelu-repro compare: interrupted by SIGTERM; stopped the workers and removed the temporary files.');
    await expectCleanInterrupt(res, cli.stderr(), 'SIGTERM', workers);
    expect(treeSnapshot(root)).toEqual(project);  // tmp/, bin/, the model and the CSV: nothing added or removed
  }, 60000);
});

describe('writing the report', () => {
  /**
   * Sends INJECT_SIGNAL from inside the parent at INJECT_PHASE: `render` (vega's toSVG) or `commit` (first rename into
   * INJECT_OUT).
   */
  const INJECT = `
if (process.send === undefined) {
  const signal = process.env.INJECT_SIGNAL;
  if (process.env.INJECT_PHASE === 'render') {
    const vega = require(process.env.INJECT_VEGA);
    const toSVG = vega.View.prototype.toSVG;
    vega.View.prototype.toSVG = function (...args) {
      process.kill(process.pid, signal);
      return toSVG.apply(this, args);
    };
  } else {
    const fs = require('fs');
    const rename = fs.renameSync;
    let sent = false;
    fs.renameSync = function (from, to) {
      if (!sent && String(to).startsWith(process.env.INJECT_OUT + require('path').sep)) {
        sent = true;
        process.kill(process.pid, signal);
      }
      return rename.apply(this, arguments);
    };
  }
}`;

  async function earlierReport(out: string): Promise<void> {
    const cli = startCli([...DIGITS, '--epochs', '1', '--cache-dir', CACHE, '--out', out], {env: {TMPDIR: tmp}});
    expect(await cli.exit(60000)).toEqual({code: 0, signal: null});
    fs.writeFileSync(path.join(out, 'notes.md'), 'mine');
  }

  function injected(phase: 'render'|'commit', signal: NodeJS.Signals, out: string): NodeJS.ProcessEnv {
    const script = path.join(root, 'inject.cjs');
    fs.writeFileSync(script, INJECT);
    return {
      TMPDIR: tmp,
      NODE_OPTIONS: `--require ${script}`,
      INJECT_PHASE: phase,
      INJECT_SIGNAL: signal,
      INJECT_OUT: out,
      INJECT_VEGA: require.resolve('vega', {paths: [REPRO_ROOT]}),
    };
  }

  test('SIGINT while the plots render: the earlier report stays whole and unchanged', async () => {
    const out = path.join(root, 'out');
    await earlierReport(out);
    const before = treeSnapshot(out);
    const cli = startCli(
        [...DIGITS, '--epochs', '1', '--seed', '2', '--cache-dir', CACHE, '--out', out],
        {env: injected('render', 'SIGINT', out)});
    const res = await cli.exit(60000);
    await expectCleanInterrupt(res, cli.stderr(), 'SIGINT', []);
    expect(treeSnapshot(out)).toEqual(before);
  }, 120000);

  test('SIGTERM during the commit: the commit finishes first, and the new report is whole', async () => {
    const out = path.join(root, 'out');
    await earlierReport(out);
    const earlier = JSON.parse(fs.readFileSync(path.join(out, MANIFEST), 'utf8'));
    const cli = startCli(
        [...DIGITS, '--epochs', '1', '--seed', '2', '--cache-dir', CACHE, '--out', out],
        {env: injected('commit', 'SIGTERM', out)});
    const res = await cli.exit(60000);
    await expectCleanInterrupt(res, cli.stderr(), 'SIGTERM', []);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, MANIFEST), 'utf8'));
    expect(manifest.writtenAt).not.toBe(earlier.writtenAt);
    // The demo's default is the shuffling dial: its report's files.
    expect(fs.readdirSync(out).sort()).toEqual([
      'notes.md', 'pd_ratio_vs_window.svg', 'report.html', 'results.json', 'table.md', MANIFEST
    ]);
    for (const f of manifest.files) expect(sha256(path.join(out, f.name))).toBe(f.sha256);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')).runs[0].config.seed).toBe(2);
    expect(fs.readFileSync(path.join(out, 'notes.md'), 'utf8')).toBe('mine');
  }, 120000);
});
