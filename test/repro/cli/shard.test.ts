/**
 * Runs past one machine, end to end through the built executable: a `--quick`
 * shuffling dial on MovieLens (real dslabs data, cpu backend) and a `compare`
 * of a small saved model on a generated CSV, each run once whole and as 3
 * shards in 3 separate processes, then joined by `merge`: the merged
 * results.json equals the single run's apart from the run-specific fields
 * (startedAt, seconds, run), and table.md and the plots are the same bytes.
 * Every bad `--shard` exits with 2 and one line naming the flag and the
 * value, writing nothing; merge refuses mixed configurations, code, data or
 * backends, a missing shard, a shard given twice and a folder that holds no
 * partial result, each with one line, exit 2 and nothing written.
 * @fullRun built, debian-data
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {spawn, spawnSync} from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import 'tfjs-smelu';
import {PARTIAL_FILE, readPartial, writePartial} from '../../../repro/src/report/partial';
import {REPRO_ROOT} from '../../support/paths';
import {saveModel, toCsv} from '../compare/support';

const CLI = path.join(REPRO_ROOT, 'dist', 'cli.cjs');
const CACHE = path.join(os.tmpdir(), 'tfjs-smelu-test-cache');
const DATA = ['--cache-dir', CACHE, '--no-download'];
/** A small dial: 2 windows × 2 activations × 1 group × 2 replicas = 8 replica jobs, 3 shards of 3, 3 and 2. */
const DIAL = [
  'demo', '--quick', '--windows', '64,full', '--activations', 'relu,smelu', '--groups', '1', '--backend', 'cpu', ...DATA
];

let dir: string;

/** The fields of results.json that describe how a run was executed, not what it measured; removed at every depth. */
const RUN_SPECIFIC = new Set(['startedAt', 'seconds', 'run']);
function withoutRunFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutRunFields);
  if (value == null || typeof value !== 'object') return value;
  return Object.fromEntries(
      Object.entries(value).filter(([k]) => !RUN_SPECIFIC.has(k)).map(([k, v]) => [k, withoutRunFields(v)]));
}
const results = (folder: string) =>
    JSON.parse(fs.readFileSync(path.join(folder, 'results.json'), 'utf8')) as Record<string, unknown>;

function cli(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], {encoding: 'utf8', cwd: dir});
}

/**
 * Runs the commands as separate processes at the same time (as a cluster's nodes would); resolves with their exit
 * codes.
 */
function inParallel(commands: string[][]): Promise<{status: number | null, stderr: string}[]> {
  return Promise.all(commands.map(
      (args) => new Promise<{status: number | null, stderr: string}>((resolve) => {
        const child = spawn(process.execPath, [CLI, ...args], {cwd: dir, stdio: ['ignore', 'ignore', 'pipe']});
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => void (stderr += c.toString()));
        child.on('close', (status) => resolve({status, stderr}));
      })));
}

/** A refusal: exit 2, one line on stderr that matches `message`, nothing at `out`. */
function expectRefused(res: {status: number|null, stderr: string}, message: RegExp, out: string) {
  expect({status: res.status, firstLine: res.stderr.split('\n')[0]})
      .toEqual({status: 2, firstLine: expect.stringMatching(message)});
  expect(fs.existsSync(path.join(dir, out))).toBe(false);
}

beforeAll(() => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' (npm test builds it first).`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-smelu-shard-'));
});

afterAll(() => {
  fs.rmSync(dir, {recursive: true, force: true});
});

describe('the shuffling dial in 3 shards', () => {
  // The runs' wall time grows with the machine's load: they get 10 minutes, not jest's 2.
  beforeAll(async () => {
    const single = cli([...DIAL, '--jobs', '2', '--out', 'single']);
    expect({status: single.status, stderr: single.status === 0 ? '' : single.stderr}).toEqual({status: 0, stderr: ''});
    const shards =
        await inParallel([1, 2, 3].map((k) => [...DIAL, '--jobs', '1', '--shard', `${k}/3`, '--out', `part-${k}`]));
    for (const s of shards)
      expect({status: s.status, stderr: s.status === 0 ? '' : s.stderr}).toEqual({status: 0, stderr: ''});
  }, 600000);

  test('each shard writes partial.json and its manifest, with the jobs i ≡ K−1 (mod 3) of the 8', () => {
    for (const k of [1, 2, 3]) {
      expect(fs.readdirSync(path.join(dir, `part-${k}`)).sort()).toEqual([
        PARTIAL_FILE, 'tfjs-smelu-repro-manifest.json'
      ]);
      const partial = readPartial(path.join(dir, `part-${k}`));
      expect(partial.shard).toEqual({index: k, count: 3});
      expect(partial.jobs).toBe(8);
      expect(partial.outputs.map((o) => o.job)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].filter((i) => i % 3 === k - 1));
      expect(partial.backend).toBe('cpu');
    }
  });

  test(
      'merge writes the single run\'s results.json (run-specific fields aside), table.md and plot, bit for bit', () => {
        const res = cli(['merge', 'part-3', 'part-1', 'part-2', '--out', 'merged']);
        expect({status: res.status, stderr: res.status === 0 ? '' : res.stderr}).toEqual({status: 0, stderr: ''});
        expect(res.stdout).toMatch(/Verdict per window/);
        expect(fs.readdirSync(path.join(dir, 'merged')).sort())
            .toEqual(fs.readdirSync(path.join(dir, 'single')).sort());
        const merged = results(path.join(dir, 'merged')), single = results(path.join(dir, 'single'));
        expect(merged.kind).toBe('shuffle-dial');
        expect(withoutRunFields(merged)).toEqual(withoutRunFields(single));
        // Not vacuous: the runs carry per-pair values, and the windows' PDs differ.
        const runs = merged.runs as {variants: {relativePD: {values: number[]}}[]}[];
        expect(runs[1].variants[0].relativePD.values[0]).toBeGreaterThan(runs[0].variants[0].relativePD.values[0]);
        for (const f of ['table.md', 'pd_ratio_vs_window.svg']) {
          expect(fs.readFileSync(path.join(dir, 'merged', f), 'utf8'))
              .toBe(fs.readFileSync(path.join(dir, 'single', f), 'utf8'));
        }
        // The run-specific fields say where the merged numbers came from.
        expect((merged.run as {shards: {shard: string}[]}).shards.map((s) => s.shard)).toEqual(['1/3', '2/3', '3/3']);
      });

  test(
      'merge refuses a missing shard, a shard given twice, a report folder, and partials of other runs; writing nothing',
      () => {
        expectRefused(
            cli(['merge', 'part-1', 'part-3', '--out', 'm1']), /^tfjs-smelu-repro merge: shard 2\/3 is missing: /,
            'm1');
        fs.cpSync(path.join(dir, 'part-2'), path.join(dir, 'part-2-copy'), {recursive: true});
        expectRefused(
            cli(['merge', 'part-1', 'part-2', 'part-2-copy', 'part-3', '--out', 'm2']),
            /^tfjs-smelu-repro merge: shard 2\/3 is given twice \('part-2' and 'part-2-copy'\)\.$/, 'm2');
        expectRefused(
            cli(['merge', 'part-1', 'single', '--out', 'm3']),
            /^tfjs-smelu-repro merge: 'single' is not a partial result folder of tfjs-smelu-repro \(no partial\.json/,
            'm3');

        // Partials of other runs: the same shard rewritten (with a valid manifest) as if from another configuration,
        // build, data set or backend.
        const original = readPartial(path.join(dir, 'part-2'));
        const variants: [string, (p: typeof original) => void, RegExp][] = [
          [
            'config',
            (p) => {
              p.configuration = {...p.configuration, windows: null};
              p.fingerprint = {...p.fingerprint, configuration: '0'.repeat(64)};
            },
            /^tfjs-smelu-repro merge: 'other-config' and 'part-1' are shards of different configurations \(windows: .* vs null\)\.$/
          ],
          [
            'code',
            (p) => {
              p.code = {...p.code, build: 'f'.repeat(64)};
              p.fingerprint = {...p.fingerprint, code: '1'.repeat(64)};
            },
            /^tfjs-smelu-repro merge: 'other-code' and 'part-1' were written by different code \(tfjs-smelu-repro [0-9.]+, build f{12}, tfjs-core [0-9.]+ vs tfjs-smelu-repro [0-9.]+, build [0-9a-f]{12}, tfjs-core [0-9.]+\); run every shard with the same build\.$/
          ],
          [
            'data',
            (p) => {
              p.fingerprint = {...p.fingerprint, data: '2'.repeat(64)};
            },
            /^tfjs-smelu-repro merge: 'other-data' and 'part-1' were trained on different data \(data SHA-256 222222222222… vs /
          ],
          [
            'backend',
            (p) => {
              p.backend = 'tensorflow';
            },
            /^tfjs-smelu-repro merge: 'other-backend' ran on backend 'tensorflow' but 'part-1' on 'cpu'/
          ],
        ];
        for (const [name, change, message] of variants) {
          const p = readPartial(path.join(dir, 'part-2'));
          change(p);
          writePartial(p, path.join(dir, `other-${name}`));
          expectRefused(
              cli(['merge', 'part-1', `other-${name}`, 'part-3', '--out', `m-${name}`]), message, `m-${name}`);
        }
        // An edited partial.json no longer matches its manifest.
        fs.cpSync(path.join(dir, 'part-3'), path.join(dir, 'edited'), {recursive: true});
        fs.appendFileSync(path.join(dir, 'edited', PARTIAL_FILE), ' ');
        expectRefused(
            cli(['merge', 'part-1', 'part-2', 'edited', '--out', 'm4']),
            /^tfjs-smelu-repro merge: 'edited': partial\.json changed since tfjs-smelu-repro wrote it/, 'm4');
        expect(original.outputs).toHaveLength(3);
      });

  test('a shard is refused a folder that holds a report (whose files it would orphan) before training', () => {
    const before = fs.readdirSync(path.join(dir, 'single')).sort();
    const res = cli([...DIAL, '--shard', '1/3', '--out', 'single']);
    expect({status: res.status, firstLine: res.stderr.split('\n')[0]}).toEqual({
      status: 2,
      firstLine: expect.stringMatching(
          /^tfjs-smelu-repro demo: --out 'single' holds a report \(.*\), not a partial result; nothing was written/)
    });
    expect(fs.readdirSync(path.join(dir, 'single')).sort()).toEqual(before);
  });
});

test(
    'bad --shard values and a shard without an explicit backend: exit 2, one line naming --shard and the value, nothing written',
    () => {
      const cases: [string[], RegExp][] = [
        [
          ['--shard', '3/2'],
          /--shard '3\/2': the shard K must be between 1 and N = 2 \(K counts from 1\), but got 3\.$/
        ],
        [['--shard', '0/4'], /--shard '0\/4': the shard K must be between 1 and N = 4 .* but got 0\.$/],
        [['--shard', '1/0'], /--shard '1\/0': the number of shards N must be an integer ≥ 1, but got 0\.$/],
        [['--shard', 'abc'], /--shard must be K\/N with integers 1 ≤ K ≤ N \(shard K of N\), but got 'abc'\.$/],
        [['--shard', '1/9'], /--shard '1\/9': the run has 8 replica jobs, so it splits into at most 8 shards\.$/],
      ];
      for (const [flags, message] of cases) {
        expectRefused(
            cli([...DIAL, ...flags, '--out', 'bad']), new RegExp(`^tfjs-smelu-repro demo: ${message.source}`), 'bad');
      }
      const auto = cli(['demo', '--quick', '--shard', '1/2', '--out', 'bad']);
      expectRefused(
          auto, /^tfjs-smelu-repro demo: --shard '1\/2' needs --backend tensorflow, cpu or wasm, not 'auto'/, 'bad');
      const compare = cli([
        'compare', '--model', 'm', '--data', 'd.csv', '--label', 'y', '--shard', '2/1', '--backend', 'cpu', '--out',
        'bad'
      ]);
      expectRefused(
          compare, /^tfjs-smelu-repro compare: --shard '2\/1': the shard K must be between 1 and N = 1/, 'bad');
    });

test(
    'compare of a small saved model on a generated CSV, in 3 shards, merged: the single run\'s results.json',
    async () => {
      await tf.setBackend('cpu');
      // y = 1 when a weighted sum of 4 features is positive: a task a small MLP learns in a few epochs.
      let state = 12345;
      const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5;
      const rows = Array.from({length: 240}, () => {
        const x = [next(), next(), next(), next()].map((v) => Math.round(v * 1000) / 1000);
        return [...x, x[0] + 2 * x[1] - x[2] + 0.5 * x[3] > 0 ? 1 : 0];
      });
      fs.writeFileSync(path.join(dir, 'train.csv'), toCsv(['a', 'b', 'c', 'd', 'y'], rows));
      await saveModel(
          tfl.sequential({
            layers: [
              tfl.layers.dense({units: 8, activation: 'relu', inputShape: [4]}),
              tfl.layers.dense({units: 1, activation: 'sigmoid'}),
            ]
          }),
          path.join(dir, 'model'));
      const args = [
        'compare', '--model', 'model', '--data', 'train.csv', '--label', 'y', '--activations', 'relu,smelu:1',
        '--replicas', '2', '--epochs', '3', '--bootstrap-draws', '100', '--backend', 'cpu'
      ];
      const single = cli([...args, '--jobs', '2', '--out', 'c-single']);
      expect({status: single.status, stderr: single.status === 0 ? '' : single.stderr})
          .toEqual({status: 0, stderr: ''});
      const shards =
          await inParallel([1, 2, 3].map((k) => [...args, '--jobs', '1', '--shard', `${k}/3`, '--out', `c-part-${k}`]));
      for (const s of shards)
        expect({status: s.status, stderr: s.status === 0 ? '' : s.stderr}).toEqual({status: 0, stderr: ''});
      expect(readPartial(path.join(dir, 'c-part-3')).outputs.map((o) => o.job)).toEqual([2]);
      const res = cli(['merge', 'c-part-1', 'c-part-2', 'c-part-3', '--out', 'c-merged']);
      expect({status: res.status, stderr: res.status === 0 ? '' : res.stderr}).toEqual({status: 0, stderr: ''});
      const merged = results(path.join(dir, 'c-merged')), one = results(path.join(dir, 'c-single'));
      expect((merged.compare as {swap: unknown[]}).swap.length).toBeGreaterThan(0);
      expect(withoutRunFields(merged)).toEqual(withoutRunFields(one));
      expect(fs.readFileSync(path.join(dir, 'c-merged', 'table.md'), 'utf8'))
          .toBe(fs.readFileSync(path.join(dir, 'c-single', 'table.md'), 'utf8'));
      // A compare shard and a dial shard are not one run.
      expectRefused(
          cli(['merge', 'c-part-1', 'part-2', '--out', 'm5']),
          /^tfjs-smelu-repro merge: 'part-2' is a shard of a 'demo' run, but 'c-part-1' of a 'compare' run\.$/, 'm5');
    },
    600000);

test('--help: the usage lists merge; demo, compare and merge explain --shard and merge', () => {
  const usage = cli(['--help']);
  expect(usage.stdout).toMatch(/^ {2}merge {4}join the partial results of a run's shards \(--shard K\/N\)/m);
  for (const command of ['demo', 'compare']) {
    const help = cli([command, '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--shard <K\/N> {12}run shard K of N \(K = 1\.\.N\) of the replica jobs/);
    expect(help.stdout).toContain('\'tfjs-smelu-repro merge\'');
  }
  const merge = cli(['merge', '--help']);
  expect(merge.status).toBe(0);
  expect(merge.stdout).toMatch(/^Usage: tfjs-smelu-repro merge <partial-dir>\.\.\. --out <dir>/);
  expect(merge.stdout).toContain('startedAt,\nseconds and run');
  expectRefused(
      cli(['merge', '--out', 'mx']), /^tfjs-smelu-repro merge: name the partial result folders to join/, 'mx');
  expectRefused(cli(['merge', 'part-1']), /^tfjs-smelu-repro merge: --out is required/, 'part-1-never');
});
