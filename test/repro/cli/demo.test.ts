/**
 * `tfjs-smelu-repro demo` end to end: a `--quick` MovieLens run of one regime
 * and a `--quick` run of the shuffling dial (real dslabs data, cpu backend, 2
 * worker processes) of the built executable, a digits run through `run()`,
 * the presets' final configurations (`--print-config`), `--help`, and every
 * kind of bad input (non-zero exit, nothing written).
 * @fullRun built, debian-data
 */

import {spawnSync} from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import type {ExperimentResult} from 'tfjs-smelu-repro';
import {run} from '../../../repro/src/cli/demo';
import type {DialResult} from '../../../repro/src/experiment/dial';
import {REPRO_ROOT} from '../../support/paths';

const CACHE = path.join(os.tmpdir(), 'tfjs-smelu-test-cache');
const CLI = path.join(REPRO_ROOT, 'dist', 'cli.cjs');

/** Every temp folder made here: removed after the file's tests, also when a test timed out before its own cleanup. */
const tempDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-smelu-demo-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, {recursive: true, force: true});
});

/** Runs the command in process, capturing what it prints. */
async function runDemo(args: string[]): Promise<{code: number, out: string, err: string}> {
  const out: string[] = [], err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    const code = await run(args);
    return {code, out: out.join('\n'), err: err.join('\n')};
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

const common = ['--backend', 'cpu', '--cache-dir', CACHE, '--no-download'];

test(
    '--quick MovieLens run of one regime (--shuffle batch) writes results.json, report.html, table.md and three SVG plots',
    () => {
      if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npx tsup' (npm test builds it first).`);
      const dir = tempDir();
      const out = path.join(dir, 'report');
      // The built executable (3× faster than inside jest's module sandbox), on the always-available cpu backend.
      const res = spawnSync(
          process.execPath,
          [
            CLI, 'demo', '--quick', '--shuffle', 'batch', '--activations', 'relu,smelu:0.5', '--jobs', '2', '--out',
            out, ...common
          ],
          {encoding: 'utf8'});
      expect({status: res.status, stderr: res.status === 0 ? '' : res.stderr}).toEqual({status: 0, stderr: ''});
      const stdout = res.stdout;
      expect(fs.readdirSync(out).sort()).toEqual([
        'pd_by_activation.svg', 'pd_vs_loss.svg', 'report.html', 'results.json', 'table.md',
        'tfjs-smelu-repro-manifest.json', 'topKSwap_by_activation.svg'
      ]);
      // Nothing else is left next to the output folder (no temporary folders).
      expect(fs.readdirSync(dir)).toEqual(['report']);

      const result = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as ExperimentResult;
      expect(result.workload.name).toBe('movielens');
      expect(result.workload.source).toMatch(/r-cran-dslabs/);
      expect(result.backend).toBe('cpu');
      expect(result.config.replicas).toBe(2);
      expect(result.config).toMatchObject({
        regime: {init: 'same', order: 'different'},
        shuffle: 'batch',
        norm: 'layer',
        normPlacement: 'after',
        groups: 1,
        interval: 'bootstrap'
      });
      expect(result.run).toMatchObject({preset: 'quick', workers: 2, jobs: 2});
      expect(result.primaryMetric).toBe('relativePD');
      expect(result.bootstrap.resampled).toMatch(/eval examples only/);
      expect(result.variants.map((v) => [v.activation, v.beta])).toEqual([['relu', null], ['smelu', 0.5]]);
      for (const v of result.variants) {
        expect(v.relativePD!.values).toHaveLength(1);   // 2 replicas → 1 pair
        expect(v.relativePD!.mean).toBeGreaterThan(0);  // different seeds do differ
        expect(v.relativePD!.mean).toBeLessThanOrEqual(2);
        expect(v.evalLoss.values).toHaveLength(2);
        expect(v.evalLoss.mean).toBeGreaterThan(0.3);
        expect(v.evalLoss.mean).toBeLessThan(1);
        expect(v.auc!.mean).toBeGreaterThan(0.5);  // better than chance after one epoch
        expect(v.topKSwap!.mean).toBeGreaterThanOrEqual(0);
        expect(v.topKSwap!.mean).toBeLessThanOrEqual(1);
      }
      expect(result.variants[0].lossChangeVsReluPct).toBe(0);
      expect(result.variants[0].relativePDRatioVsRelu).toBe(1);
      expect(result.variants[1].relativePDRatioVsRelu)
          .toBeCloseTo(result.variants[1].relativePD!.mean / result.variants[0].relativePD!.mean, 10);
      const ratio = result.variants[1].vsRelu!.pdRatio;
      expect(ratio.lo).toBeLessThanOrEqual(ratio.estimate);
      expect(ratio.hi).toBeGreaterThanOrEqual(ratio.estimate);
      // The top-k swap rate, a value per replica pair, next to relative PD: its mean, its ratio to ReLU's and a verdict
      // line; with 2 replicas the bootstrap has one pair to draw, so it has no interval (JSON writes the NaN bounds as
      // null).
      const topK = result.variants.map((v) => v.intervals.bootstrap!.means.pd.topKSwap);
      expect(topK.map((i) => i.estimate)).toEqual(result.variants.map((v) => v.topKSwap!.mean));
      expect(topK.map((i) => [i.lo, i.hi])).toEqual([[null, null], [null, null]]);
      const topKRatio = result.variants[1].vsReluByMetric!.topKSwap!;
      expect(topKRatio.pdRatio.estimate)
          .toBeCloseTo(result.variants[1].topKSwap!.mean / result.variants[0].topKSwap!.mean, 10);
      expect(topKRatio.pd).toBe('not resolved');
      expect(result.verdict).toHaveLength(2);
      expect(result.verdict[0]).toMatch(/^SmeLU β=0\.5: relative PD \d\.\d\d× ReLU's \(95% CI/);
      expect(result.verdict[1]).toMatch(/^SmeLU β=0\.5: top-10 swap \d\.\d\d× ReLU's, not resolved \(no interval: /);

      const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
      expect(html).toMatch(/<table>[\s\S]*ReLU[\s\S]*SmeLU[\s\S]*<\/table>/);
      expect(html).toContain(result.verdict[0].replace(/'/g, '&#39;'));
      expect(html).toMatch(/Final configuration[\s\S]*&#34;preset&#34;: &#34;quick&#34;/);
      expect((html.match(/<svg/g) ?? []).length).toBe(3);
      expect(fs.readFileSync(path.join(out, 'topKSwap_by_activation.svg'), 'utf8')).toContain('top-10 swap');
      for (const svg of ['pd_vs_loss.svg', 'pd_by_activation.svg']) {
        const text = fs.readFileSync(path.join(out, svg), 'utf8');
        expect(text.startsWith('<svg')).toBe(true);
        expect(text).toContain('relative PD');
      }
      // Error bars: the PD–loss plot draws the intervals as rules.
      expect(fs.readFileSync(path.join(out, 'pd_vs_loss.svg'), 'utf8')).toContain('95% CI');
      expect(fs.readFileSync(path.join(out, 'table.md'), 'utf8'))
          .toMatch(/PD \/ ReLU \[95% CI\][\s\S]*- SmeLU β=0\.5: relative PD/);
      // The table printed at the end.
      expect(stdout).toMatch(/activation\s+β\s+eval loss/);
      expect(stdout).toMatch(/SmeLU\s+0\.5/);
      expect(stdout).toMatch(/Verdict \(95% bootstrap intervals/);
      fs.rmSync(dir, {recursive: true});
    });

test(
    '--quick run of the shuffling dial on cpu: W = 1 gives PD exactly 0, within-batch windows nearly 0; one report with a table and a verdict per window',
    () => {
      if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npx tsup' (npm test builds it first).`);
      const dir = tempDir();
      const out = path.join(dir, 'dial');
      const res = spawnSync(
          process.execPath,
          [
            CLI, 'demo', '--quick', '--windows', '1,64,1024,full', '--activations', 'relu,smelu,linear', '--groups',
            '2', '--jobs', '2', '--out', out, ...common
          ],
          {encoding: 'utf8'});
      expect({status: res.status, stderr: res.status === 0 ? '' : res.stderr}).toEqual({status: 0, stderr: ''});
      expect(fs.readdirSync(out).sort()).toEqual([
        'pd_ratio_vs_window.svg', 'report.html', 'results.json', 'table.md', 'tfjs-smelu-repro-manifest.json'
      ]);
      expect(fs.readdirSync(dir)).toEqual(['dial']);
      const dial = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as DialResult;
      expect(dial.kind).toBe('shuffle-dial');
      expect(dial.windows.map((w) => [w.window, w.shuffle, w.label])).toEqual([
        [1, 'window:1', '1'], [64, 'window:64', '64'], [1024, 'window:1024', '1,024'], [null, 'example', 'full']
      ]);
      expect(dial.runs.map((r) => r.config.shuffle)).toEqual(['window:1', 'window:64', 'window:1024', 'example']);
      for (const r of dial.runs) {
        // Every window runs the same experiment with the same seeds: only the shuffle mode differs.
        expect({...r.config, shuffle: null}).toEqual({...dial.runs[0].config, shuffle: null});
        expect(r.layout).toEqual({groups: 2, replicasPerGroup: 2, pairs: [[0, 1], [2, 3]]});
        expect(r.variants.map((v) => v.label)).toEqual(['ReLU', 'SmeLU β=1', 'Linear']);
        expect(Object.keys(r.variants[1].intervals).sort()).toEqual([
          'bootstrap', 'group-bootstrap', 'group-log-t', 'group-t'
        ]);
      }
      // W = 1: every replica of a group trains on the shared order, so the replicas are identical: every PD is exactly
      // 0.
      for (const v of dial.runs[0].variants) {
        expect({label: v.label, pd: v.relativePD!.values, swap: v.topKSwap!.values})
            .toEqual({label: v.label, pd: [0, 0], swap: [0, 0]});
      }
      // W = 64 divides the batch (256): the same batches, each summed in its own order. The dense layers' cpu kernels
      // accumulate in float64, but the embedding's gradient (a scatter-add) sums a batch's repeated ids one by one in
      // float32, in example order: the replicas differ, by far less than with any reshuffle across batches.
      const fullPD = (i: number) => dial.runs[3].variants[i].relativePD!.mean;
      dial.runs[1].variants.forEach((v, i) => expect(v.relativePD!.mean).toBeLessThan(0.01 * fullPD(i)));
      // Windows over several batches, and the full reshuffle: the replicas differ.
      for (const r of dial.runs.slice(2))
        for (const v of r.variants) expect(Math.min(...v.relativePD!.values)).toBeGreaterThan(0);
      // The full window is the `example` mode: the same ReLU replicas as a single run with --shuffle example.
      const one = spawnSync(
          process.execPath,
          [
            CLI, 'demo', '--quick', '--shuffle', 'example', '--activations', 'relu', '--groups', '2', '--jobs', '2',
            '--out', path.join(dir, 'one'), ...common
          ],
          {encoding: 'utf8'});
      expect(one.status).toBe(0);
      const single = JSON.parse(fs.readFileSync(path.join(dir, 'one', 'results.json'), 'utf8')) as ExperimentResult;
      expect(single.variants[0].relativePD!.values).toEqual(dial.runs[3].variants[0].relativePD!.values);
      expect(single.variants[0].evalLoss.values).toEqual(dial.runs[3].variants[0].evalLoss.values);

      // A verdict per window and activation, in window order, printed and in the report.
      // W = 1: one line (nothing to compare); after it, per window and activation, relative PD's line and the top-10
      // swap's.
      expect(dial.verdict).toHaveLength(13);
      expect(dial.verdict[0]).toMatch(/^W = 1: ReLU's replicas agree exactly/);
      expect(dial.verdict[9]).toMatch(/^W = full: SmeLU β=1: relative PD \d\.\d\d× ReLU's \(95% CI/);
      expect(dial.verdict[10]).toMatch(/^W = full: SmeLU β=1: top-10 swap \d\.\d\d× ReLU's/);
      expect(res.stdout).toMatch(/window W\s+activation\s+β\s+eval loss/);
      expect(res.stdout).toMatch(/^full\s+Linear/m);
      expect(res.stdout).toContain(dial.verdict[12]);
      const table = fs.readFileSync(path.join(out, 'table.md'), 'utf8');
      expect(table).toMatch(/^\| window W \| activation \| β \|/);
      expect(table).toContain('- W = 1: the shared order itself');
      expect(table).toContain('- W = 64: within a batch (4 windows per batch: same batches, own summation order)');
      expect(table).toContain('- W = 1,024: 4 batches');
      expect(table).toContain(`- ${dial.verdict[12]}`);
      const svg = fs.readFileSync(path.join(out, 'pd_ratio_vs_window.svg'), 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      for (const text
               of ['shuffle window W', 'relative PD / ReLU\'s', '% change of eval loss vs ReLU',
                   'top-10 swap rate / ReLU\'s', '1,024', 'full'])
        expect(svg).toContain(text);
      const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
      expect((html.match(/<svg/g) ?? []).length).toBe(1);
      expect(html).toContain(dial.verdict[6].replace(/'/g, '&#39;'));
      fs.rmSync(dir, {recursive: true});
    });

test('digits run through run() (multiclass: accuracy, half-L1 headline) into an empty output folder', async () => {
  const dir = tempDir();
  const out = path.join(dir, 'digits');
  fs.mkdirSync(out);
  const {code, err} = await runDemo([
    '--dataset', 'digits', '--quick', '--shuffle', 'batch', '--activations', 'relu,smelu,linear', '--epochs', '2',
    '--replicas', '3', '--hidden', '32', '--jobs', '2', '--out', out, ...common
  ]);
  expect({code, err: code === 0 ? '' : err}).toEqual({code: 0, err: ''});
  expect(fs.readdirSync(out).sort()).toEqual([
    'pd_by_activation.svg', 'pd_vs_loss.svg', 'report.html', 'results.json', 'table.md',
    'tfjs-smelu-repro-manifest.json'
  ]);
  const result = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as ExperimentResult;
  expect(result.workload.kind).toBe('multiclass');
  expect(result.primaryMetric).toBe('halfL1');
  expect(result.bootstrap.resampled).toMatch(/^replicas \(with replacement/);
  for (const v of result.variants) {
    expect(v.accuracy!.mean).toBeGreaterThan(0.5);
    expect(v.halfL1!.mean).toBeGreaterThan(0);
    expect(v.pd.estimate).toBeCloseTo(v.halfL1!.mean, 10);
    expect(v.trueClassRelativePD!.mean).toBeGreaterThan(0);
    expect(v.auc).toBeUndefined();
    expect(v.topKSwap).toBeUndefined();
  }
  expect(result.variants.map((v) => v.vsRelu == null)).toEqual([true, false, false]);
  expect(result.verdict).toHaveLength(2);
  fs.rmSync(dir, {recursive: true});
});

/** The final configuration the command would run with (nothing is trained or written). */
async function printConfig(args: string[]) {
  const {code, out, err} = await runDemo([...args, '--print-config']);
  expect({code, err: code === 0 ? '' : err}).toEqual({code: 0, err: ''});
  return JSON.parse(out);
}

describe('presets: the final configuration', () => {
  test(
      'default: the shuffling dial in the source\'s regime on MovieLens: ReLU, SmeLU, linear; 4 init groups × 2 replicas, 1 epoch',
      async () => {
        const c = await printConfig([]);
        expect(c.preset).toBe('default');
        expect(c.config).toMatchObject({
          replicas: 2,
          groups: 4,
          epochs: 1,
          batchSize: 256,
          learningRate: 0.002,
          seed: 1,
          regime: {init: 'same', order: 'different'},
          shuffle: 'window:64',
          norm: 'layer',
          normPlacement: 'after',
          topK: 10,
          bootstrapDraws: 2000,
          interval: 'group-log-t',
        });
        expect(c.dial.map((d: {shuffle: string}) => d.shuffle)).toEqual([
          'window:64', 'window:1024', 'window:16384', 'example'
        ]);
        expect(c.variants.map((v: {label: string}) => v.label)).toEqual(['ReLU', 'SmeLU β=1', 'Linear']);
        expect(c.workload).toMatchObject({kind: 'movielens', options: {}});
        // The windows follow the batch size (a quarter of it, 4 and 64 batches), and the data set's.
        const b = await printConfig(['--batch-size', '100']);
        expect(b.dial.map((d: {shuffle: string}) => d.shuffle)).toEqual([
          'window:25', 'window:400', 'window:6400', 'example'
        ]);
        const f = await printConfig(['--dataset', 'fashion-mnist']);
        expect(f.dial.map((d: {shuffle: string}) => d.shuffle)).toEqual([
          'window:32', 'window:512', 'window:8192', 'example'
        ]);
        const w = await printConfig(['--windows', '1,256,full']);
        expect(w.dial.map((d: {shuffle: string}) => d.shuffle)).toEqual(['window:1', 'window:256', 'example']);
      });

  test(
      'batch-shuffle: the default before the dial, one regime, six activations, 1 × 4 replicas, 2 epochs', async () => {
        const c = await printConfig(['--preset', 'batch-shuffle']);
        expect(c.dial).toBeUndefined();
        expect(c.config).toMatchObject({
          replicas: 4,
          groups: 1,
          epochs: 2,
          batchSize: 256,
          learningRate: 0.002,
          seed: 1,
          regime: {init: 'same', order: 'different'},
          shuffle: 'batch',
          norm: 'layer',
          normPlacement: 'after',
          topK: 10,
          bootstrapDraws: 2000,
          interval: 'bootstrap',
        });
        expect(c.variants.map((v: {label: string}) => v.label)).toEqual([
          'ReLU', 'SmeLU β=1', 'GELU β=1', 'Swish β=1', 'Softplus β=1', 'Linear'
        ]);
        expect((await printConfig(['--preset', 'batch-shuffle', '--dataset', 'fashion-mnist'])).config)
            .toMatchObject({epochs: 3, replicas: 4});
        // --shuffle picks one regime with the default's other settings.
        const one = await printConfig(['--shuffle', 'window:512']);
        expect(one.dial).toBeUndefined();
        expect(one.config).toMatchObject({shuffle: 'window:512', groups: 4, replicas: 2, epochs: 1});
      });

  test('reference: the matched setup of the Keras cross-check, and flags given with it override it', async () => {
    const c = await printConfig(['--preset', 'reference']);
    expect(c.dial).toBeUndefined();
    expect(c.config).toMatchObject({
      replicas: 4,
      groups: 1,
      epochs: 3,
      batchSize: 256,
      learningRate: 0.002,
      regime: {init: 'same', order: 'different'},
      shuffle: 'example',
      norm: 'none',
    });
    expect(c.variants).toHaveLength(6);
    expect(c.workload).toMatchObject({
      kind: 'movielens',
      options: {genres: false, embeddingInit: 'normal', embeddingDim: 16, hidden: [64, 32]}
    });
    const o = await printConfig(
        ['--preset', 'reference', '--epochs', '1', '--shuffle', 'batch', '--genres', 'on', '--replicas', '6']);
    const dial =
        await printConfig(['--preset', 'reference', '--windows', '64,full', '--groups', '4', '--replicas', '2']);
    expect(dial.dial.map((d: {label: string}) => d.label)).toEqual(['64', 'full']);
    expect(dial.config).toMatchObject({groups: 4, replicas: 2, epochs: 3, norm: 'none'});
    expect(o.preset).toBe('reference');
    expect(o.config).toMatchObject({epochs: 1, shuffle: 'batch', replicas: 6, norm: 'none', batchSize: 256});
    expect(o.workload.options).toMatchObject({genres: true, embeddingInit: 'normal'});
    expect(o.workload.options.splitSeed).toBeUndefined();
    const split = await printConfig(['--preset', 'reference', '--split-seed', '3']);
    expect(split.workload.options).toMatchObject({splitSeed: 3, genres: false});
    expect((await printConfig(['--dataset', 'digits', '--split-seed', '2'])).workload.options).toMatchObject({
      splitSeed: 2
    });
  });

  test('quick, full and sweep keep working; fashion-mnist has its own defaults', async () => {
    expect((await printConfig(['--quick'])).config).toMatchObject({replicas: 2, groups: 1, epochs: 1});
    expect((await printConfig(['--quick'])).dial).toHaveLength(4);
    expect((await printConfig(['--quick'])).workload.options).toMatchObject({maxRatings: 10000, rankingCandidates: 50});
    expect((await printConfig(['--full'])).config).toMatchObject({replicas: 2, groups: 8, epochs: 2});
    expect((await printConfig(['--preset', 'full', '--dataset', 'digits'])).config)
        .toMatchObject({groups: 8, epochs: 40});
    const sweep = await printConfig(['--sweep', '--activations', 'relu,smelu']);
    expect(sweep.variants.map((v: {beta: number|null}) => v.beta)).toEqual([null, 0.25, 0.5, 1, 2, 4]);
    const fashion = await printConfig(['--dataset', 'fashion-mnist']);
    expect(fashion.config).toMatchObject({epochs: 3, batchSize: 128, learningRate: 0.001, replicas: 2, groups: 4});
    expect(fashion.workload).toMatchObject({kind: 'fashion-mnist'});
    expect((await printConfig(['--dataset', 'fashion-mnist', '--quick'])).workload.options)
        .toMatchObject({maxTrain: 5000, maxEval: 1000});
    expect((await printConfig(['--jobs', '3'])).jobs).toBe(3);
  });

  test('the shuffling dial, init groups and the interval method', async () => {
    expect((await printConfig(['--groups', '1'])).config).toMatchObject({groups: 1, interval: 'bootstrap'});
    const c = await printConfig([
      '--preset', 'reference', '--shuffle', 'window:256', '--groups', '8', '--replicas', '2', '--interval', 'group-t'
    ]);
    expect(c.config).toMatchObject({shuffle: 'window:256', groups: 8, replicas: 2, interval: 'group-t', epochs: 3});
  });
});

describe('bad input: clear message, non-zero exit, no output folder', () => {
  const cases: [string, string[], number, RegExp][] = [
    [
      'unknown activation', ['--activations', 'relu,smeluu'], 2,
      /unknown activation 'smeluu'. Known activations: relu, smelu/
    ],
    [
      'unknown dataset', ['--dataset', 'imagenet'], 2,
      /--dataset must be one of movielens, digits, fashion-mnist, but got 'imagenet'/
    ],
    [
      'unknown preset', ['--preset', 'fast'], 2,
      /--preset must be one of default, quick, full, sweep, batch-shuffle, reference, but got 'fast'/
    ],
    [
      'two presets', ['--preset', 'reference', '--quick'], 2,
      /choose one preset, but got --preset reference and --quick/
    ],
    [
      'reference on another dataset', ['--preset', 'reference', '--dataset', 'digits'], 2,
      /--preset reference is defined for movielens only, but got --dataset 'digits'/
    ],
    ['jobs 0', ['--jobs', '0'], 2, /--jobs must be an integer ≥ 1, but got '0'/],
    ['jobs not an integer', ['--jobs', '1.5'], 2, /--jobs must be an integer ≥ 1, but got '1\.5'/],
    ['jobs not a number', ['--jobs', 'many'], 2, /--jobs must be an integer ≥ 1, but got 'many'/],
    ['epochs not a number', ['--epochs', 'x'], 2, /--epochs must be an integer ≥ 1, but got 'x'/],
    ['negative learning rate', ['--learning-rate=-1'], 2, /--learning-rate must be a finite number > 0, but got '-1'/],
    [
      'unknown norm placement', ['--norm-placement', 'middle'], 2,
      /--norm-placement must be one of before, after, but got 'middle'/
    ],
    ['genres on digits', ['--dataset', 'digits', '--genres', 'off'], 2, /--genres applies to --dataset movielens only/],
    ['negative split seed', ['--split-seed=-1'], 2, /--split-seed must be an integer ≥ 0, but got '-1'/],
    [
      'split seed on fashion-mnist', ['--dataset', 'fashion-mnist', '--split-seed', '1'], 2,
      /--split-seed applies to --dataset movielens and digits only .* but the dataset is 'fashion-mnist'/
    ],
    ['β = 0', ['--activations', 'smelu:0'], 2, /β in 'smelu:0' must be a finite number > 0, but got '0'/],
    [
      'negative β list', ['--activations', 'relu,swish', '--beta', 'swish=1,-2'], 2,
      /β of 'swish' must be a finite number > 0, but got '-2'/
    ],
    [
      'β list for an activation not run', ['--beta', 'gelu=2'], 2,
      /^tfjs-smelu-repro demo: --beta gives βs for 'gelu', which is not among the activations \(relu, smelu, linear\): add it with --activations\.$/m
    ],
    ['β for relu', ['--beta', 'relu=1'], 2, /activation 'relu' takes no β/],
    ['one replica', ['--replicas', '1'], 2, /--replicas must be an integer ≥ 2, but got '1'/],
    [
      'unknown backend', ['--backend', 'webgl'], 2,
      /--backend must be one of auto, tensorflow, cpu, wasm, but got 'webgl'/
    ],
    ['unknown flag', ['--colour'], 2, /^tfjs-smelu-repro demo: unknown option '--colour'\.$/m],
    ['flag without its value', ['--replicas'], 2, /^tfjs-smelu-repro demo: --replicas needs a value\.$/m],
    ['value given to a switch', ['--quick=yes'], 2, /^tfjs-smelu-repro demo: --quick does not take a value\.$/m],
    [
      'positional argument', ['movielens'], 2,
      /^tfjs-smelu-repro demo: unexpected argument 'movielens': every option is a --flag\.$/m
    ],
    ['bad hidden width', ['--hidden', '64,0'], 2, /--hidden must be an integer ≥ 1, but got '0'/],
    ...['window:0', 'window:-1', 'window:abc', 'window:1.5', 'window:', 'window', 'fast'].map(
        (value): [string, string[], number, RegExp] =>
            [`--shuffle ${value}`, [`--shuffle=${value}`], 2,
             new RegExp(
                 `^tfjs-smelu-repro demo: --shuffle must be one of example, batch, none or window:W \\(W an integer ≥ 1\\), but got '${
                     value}'\\.$`,
                 'm')]),
    ...['0', '-1', 'abc', '1.5', '64,,full', 'full,64,full'].map(
        (value): [string, string[], number, RegExp] =>
            [`--windows ${value}`, [`--windows=${value}`], 2,
             value === 'full,64,full' ?
                 /^tfjs-smelu-repro demo: the shuffling dial lists the window full twice\.$/m :
                 new RegExp(
                     `^tfjs-smelu-repro demo: --windows must list integers ≥ 1 or 'full' \\(e\\.g\\. 64,1024,full\\), but got '.*' in '${
                         value.replace('.', '\\.')}'\\.$`,
                     'm')]),
    [
      'windows and shuffle', ['--windows', '64,full', '--shuffle', 'batch'], 2,
      /^tfjs-smelu-repro demo: give either --windows \(the shuffling dial\) or --shuffle \(one regime\), but got --windows '64,full' and --shuffle 'batch'\.$/m
    ],
    ['zero groups', ['--groups', '0'], 2, /^tfjs-smelu-repro demo: --groups must be an integer ≥ 1, but got '0'\.$/m],
    ['groups not an integer', ['--groups', '2.5'], 2, /--groups must be an integer ≥ 1, but got '2\.5'/],
    [
      'unknown interval method', ['--interval', 'jackknife'], 2,
      /^tfjs-smelu-repro demo: --interval must be one of bootstrap, group-bootstrap, group-t, group-log-t, but got 'jackknife'\.$/m
    ],
    [
      'group interval with one group', ['--interval', 'group-t', '--groups', '1'], 2,
      /^tfjs-smelu-repro demo: --interval group-t needs --groups ≥ 2 \(independent init groups\), but got --groups 1\.$/m
    ],
    ['missing data path', ['--data-path', '/nonexistent/ml'], 2, /--data-path '\/nonexistent\/ml' does not exist/],
  ];
  test.each(cases)('%s', async (_name, args, exitCode, message) => {
    const dir = tempDir();
    const out = path.join(dir, 'out');
    const {code, err} = await runDemo([...args, '--out', out]);
    expect(code).toBe(exitCode);
    expect(err).toMatch(message);
    expect(fs.readdirSync(dir)).toEqual([]);
    fs.rmSync(dir, {recursive: true});
  });

  test('malformed data file → exit 1, nothing written', async () => {
    const dir = tempDir();
    const data = path.join(dir, 'ml');
    fs.mkdirSync(data);
    fs.writeFileSync(path.join(data, 'ratings.csv'), 'userId,movieId,rating,timestamp\n1,2,x,3\n');
    fs.writeFileSync(path.join(data, 'movies.csv'), 'movieId,title,genres\n2,A,Drama\n');
    const {code, err} =
        await runDemo(['--quick', '--data-path', data, '--out', path.join(dir, 'out'), '--backend', 'cpu']);
    expect(code).toBe(1);
    expect(err).toMatch(/ratings\.csv row 2 has a bad value 'x'/);
    expect(fs.readdirSync(dir)).toEqual(['ml']);
    fs.rmSync(dir, {recursive: true});
  });

  test('an output folder that cannot be created, or a file → exit 2 before any training', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, 'x');
    const {code, err} = await runDemo(['--quick', '--out', path.join(file, 'out'), ...common]);
    expect(code).toBe(2);
    expect(err).toMatch(/^tfjs-smelu-repro demo: --out '.*a-file\/out' cannot be created: .*a-file is not a folder\.$/);
    const {code: code2, err: err2} = await runDemo(['--quick', '--out', file, ...common]);
    expect(code2).toBe(2);
    expect(err2).toMatch(/^tfjs-smelu-repro demo: --out '.*a-file' exists and is not a folder\.$/);
    expect(fs.readdirSync(dir)).toEqual(['a-file']);
    fs.rmSync(dir, {recursive: true});
  });
});

test('the built executable lists every flag with --help', () => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npx tsup' (npm test builds it first).`);
  const res = spawnSync(process.execPath, [CLI, 'demo', '--help'], {encoding: 'utf8'});
  expect(res.status).toBe(0);
  for (const flag
           of ['--dataset', '--data-path', '--cache-dir', '--activations', '--beta', '--replicas', '--epochs', '--seed',
               '--init', '--order', '--shuffle', '--norm', '--norm-placement', '--genres', '--embedding-init',
               '--split-seed', '--top-k', '--hidden', '--embedding-dim', '--bootstrap-draws', '--jobs', '--backend',
               '--out', '--print-config', '--preset', '--quick', '--sweep', '--groups', '--interval', 'window:W',
               'group-bootstrap', 'group-t', '--windows', 'batch-shuffle', '--full', 'reference', 'fashion-mnist']) {
    expect(res.stdout).toContain(flag);
  }
  expect(res.stdout).toContain('relu, smelu, gelu, swish, softplus');
  expect(res.stdout).toContain('(default\n                           relu,smelu,linear)');
  const bad = spawnSync(process.execPath, [CLI, 'demo', '--replicas', '0'], {encoding: 'utf8'});
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/--replicas must be an integer ≥ 2, but got '0'/);
});
