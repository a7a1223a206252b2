/**
 * Every Node example in examples/, run the way its README says (a real
 * `node` process on the built packages, which it imports by name) in
 * `--smoke` mode (a few batches), on the backend it picks by default
 * (`tensorflow`, as npm test sets tfjs-node up). Checks the exit code, the
 * lines a reader looks for, values that can be checked independently
 * (hand-computed SmeLU values, accuracies above chance, counts), and that no
 * tensor is left when the example ends. Then the
 * bad-input paths: no data, a backend the machine cannot provide, bad flags.
 * @fullRun built, tfjs-node, debian-data
 */
import {spawnSync} from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import {REPO_ROOT} from '../support/paths';

const HIDE_TFJS_NODE = path.join(__dirname, 'hide_tfjs_node.mjs');
const COUNT_TENSORS = path.join(__dirname, 'count_tensors_at_exit.mjs');

interface Run {
  status: number|null;
  stdout: string;
  stderr: string;
}

/** Runs examples/<folder>/<script> with `args` from the repository root, as `npm run example:*` does. */
function runExample(script: string, args: string[], options: {hideTfjsNode?: boolean} = {}): Run {
  const nodeArgs = ['--import', COUNT_TENSORS, ...(options.hideTfjsNode ? ['--import', HIDE_TFJS_NODE] : [])];
  const result = spawnSync(process.execPath, [...nodeArgs, path.join('examples', script), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 300_000,
    env: {...process.env, TF_CPP_MIN_LOG_LEVEL: '2'},
  });
  if (result.error) throw result.error;
  return {status: result.status, stdout: result.stdout, stderr: result.stderr};
}

/** Numbers in `text` matched by `pattern`'s first group, everywhere it matches. */
function numbers(text: string, pattern: RegExp): number[] {
  return [...text.matchAll(new RegExp(pattern.source, 'gm'))].map((m) => Number(m[1]));
}

/** The run succeeded, printed no error and disposed every tensor it made; its output, for the test to read. */
function succeeded(run: Run): string {
  expect({status: run.status, stderr: run.stderr.split('\n').filter((l) => !isTensorflowLog(l)).join('\n')})
      .toEqual({status: 0, stderr: ''});
  expect(run.stdout).toMatch(/\ntensors left at exit: 0\n$/);
  return run.stdout;
}

/**
 * Lines that tfjs itself prints: TensorFlow's two informational lines at load
 * (which TF_CPP_MIN_LOG_LEVEL cannot hide), and tfjs's banner suggesting
 * tfjs-node when the cpu backend runs in Node.
 */
function isTensorflowLog(line: string): boolean {
  return line === '' || /^WARNING: All log messages before absl::InitializeLog\(\)/.test(line) ||
      /^I0000 /.test(line) || /^=+$/.test(line) ||
      line.startsWith('Hi, looks like you are running TensorFlow.js in Node.js.');
}

beforeAll(() => {
  for (const dist of [path.join(REPO_ROOT, 'dist', 'index.mjs'), path.join(REPO_ROOT, 'repro', 'dist', 'node.mjs')]) {
    if (!fs.existsSync(dist)) throw new Error(`${dist} is missing: run 'npm run build' first (npm test does).`);
  }
});

test('quickstart: the op, its gradient and a fit with both ways of using SmeLU', () => {
  const out = succeeded(runExample('quickstart/quickstart.js', []));
  // Hand-computed: f(x) = (x + 2)² / 8 on |x| < 2, and f′(x) = (x + 2) / 4 there.
  expect(out).toContain('smelu(x, beta=2)      = [ 0, 0.125, 0.5, 1.125, 3 ]');
  expect(out).toContain('d smelu / dx          = [ 0, 0.25, 0.5, 0.75, 1 ]');
  const [first, last] = out.match(/^training loss: epoch 1 ([\d.]+) → epoch 60 ([\d.]+)$/m)!.slice(1).map(Number);
  expect(last).toBeLessThan(first / 2);
});

test('fashion-mnist-cnn: ReLU and SmeLU CNNs per epoch, test accuracy, and a model that reloads identically', () => {
  const out = succeeded(runExample('fashion-mnist-cnn/train.js', ['--smoke']));
  expect(out).toMatch(
      /^512 training images .* 256 test images, from Debian package dataset-fashion-mnist_.*; backend tensorflow,/m);
  expect(out).toMatch(
      /^epoch 1\/1 {2}relu {2}loss [\d.]+ acc [\d.]+ val_acc [\d.]+ +[\d.]+ s {2}\| {2}smelu loss [\d.]+ acc [\d.]+ val_acc [\d.]+ +[\d.]+ s$/m);
  const [relu, smelu] =
      out.match(/^test accuracy \(256 images\): ReLU (0\.\d{4}), SmeLU (0\.\d{4})$/m)!.slice(1).map(Number);
  // Ten classes: chance is 0.1. Even a few batches do far better.
  expect(relu).toBeGreaterThan(0.2);
  expect(smelu).toBeGreaterThan(0.2);
  expect(out).toMatch(/^time per epoch \(median\): ReLU [\d.]+ s, SmeLU [\d.]+ s \(SmeLU\/ReLU [\d.]+×\)$/m);
  expect(out).toMatch(
      /^saved the SmeLU model and loaded it back: its predictions on the 256 test images match \(max \|difference\| 0\)$/m);
});

test('movielens-recommender: two replicas per activation, a top 10 by title, and the replicas\' overlap', () => {
  const out = succeeded(runExample('movielens-recommender/train.js', ['--smoke']));
  expect(out).toMatch(
      /^3600 training and 400 test ratings by 671 users of 9066 movies \(Debian package r-cran-dslabs_/m);
  for (const replica of ['relu  replica 1', 'relu  replica 2', 'smelu replica 1', 'smelu replica 2']) {
    expect(out).toMatch(new RegExp(`^${replica}: test RMSE after each epoch [\\d.]+$`, 'm'));
  }
  const titles = [...out.matchAll(/^ +(\d+)\. [* ] (.+)$/gm)];
  expect(titles.map((m) => Number(m[1]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  // Titles as MovieLens writes them, with the year; ten different movies.
  for (const [, , title] of titles) expect(title).toMatch(/^.+ \(\d{4}\)$/);
  expect(new Set(titles.map((m) => m[2])).size).toBe(10);
  const marked = titles.filter((m) => m[0].includes('. * ')).length;
  const overlaps = out.match(
      /^ {2}(?:ReLU |SmeLU): top-10 overlap (\d+)\/10 for user 1, ([\d.]+)\/10 on average over 671 users; test RMSE [\d.]+ and [\d.]+; relative PD [\d.]+$/gm);
  expect(overlaps).toHaveLength(2);
  // The stars in the list are SmeLU's overlap for user 1.
  expect(Number(overlaps![1].match(/overlap (\d+)\/10/)![1])).toBe(marked);
  for (const mean of numbers(out, / ([\d.]+)\/10 on average/)) expect(mean).toBeGreaterThanOrEqual(0);
  for (const mean of numbers(out, / ([\d.]+)\/10 on average/)) expect(mean).toBeLessThanOrEqual(10);
});

test(
    'swap-fine-tune: accuracy before the swap, right after it and after fine-tuning, for each β, with a control',
    () => {
      const out = succeeded(runExample('swap-fine-tune/train.js', ['--smoke', '--betas', '0.5,2']));
      const before = Number(out.match(/^ReLU MLP trained for 1 epoch: test accuracy (0\.\d{4})$/m)![1]);
      expect(before).toBeGreaterThan(0.2);
      expect(out).toMatch(/^swapActivations replaced 2 activations:$/m);
      expect(out).toContain(
          'dense_Dense1: activation \'relu\' -> activation \'linear\' + SmeLU layer \'dense_Dense1_smelu\' (beta=0.5)');
      expect(out).toMatch(/^SmeLU, β = 0\.5 +0\.\d{4} +0\.\d{4}$/m);
      expect(out).toMatch(/^SmeLU, β = 2 +0\.\d{4} +0\.\d{4}$/m);
      // The control row's "right after" is the unswapped model's accuracy.
      expect(Number(out.match(/^ReLU \(control, not swapped\) +(0\.\d{4}) +0\.\d{4}$/m)![1])).toBe(before);
    });

test('learned-smoothness: test accuracy of ReLU, SmeLU and g-SmeLU, and the learned widths per channel', () => {
  const out = succeeded(runExample('learned-smoothness/train.js', ['--smoke']));
  const accuracies = out.match(
      /^test accuracy \(256 images\): ReLU (0\.\d{4}), SmeLU with fixed β = 1 (0\.\d{4}), g-SmeLU with learned α and β (0\.\d{4})$/m);
  for (const accuracy of accuracies!.slice(1)) expect(Number(accuracy)).toBeGreaterThan(0.2);
  const rows = [...out.matchAll(/^activation([12]) ([αβ]) \((\d+) channels\) +([\d. ]+)$/gm)];
  expect(rows.map((m) => `${m[1]} ${m[2]} ${m[3]}`)).toEqual(['1 β 256', '1 α 256', '2 β 128', '2 α 128']);
  for (const row of rows) {
    const [min, p10, median, p90, max, mean] = row[4].trim().split(/ +/).map(Number);
    // Ordered quantiles of widths that the layer keeps ≥ its 1e-3 floor, near the start value after a few steps.
    expect([min, p10, median, p90, max]).toEqual([min, p10, median, p90, max].sort((a, b) => a - b));
    expect(min).toBeGreaterThanOrEqual(1e-3);
    expect(mean).toBeGreaterThanOrEqual(min);
    expect(mean).toBeLessThanOrEqual(max);
    expect(Math.abs(median - 1)).toBeLessThan(0.1);
  }
});

test('custom-training-loop: steps per second of ReLU, SmeLU (native op) and GELU, as ratios to ReLU', () => {
  const out = succeeded(runExample('custom-training-loop/train.js', ['--smoke']));
  // What `npx tfjs-smelu native status` says: npm test's set-up builds the native op.
  expect(out).toMatch(/^native TensorFlow ops: loaded from .*tfjs_smelu_ops\.node/m);
  const rows =
      [...out.matchAll(/^(relu|smelu|gelu) +([\d.]+) +([\d.]+)× \[([\d.]+)–([\d.]+)\] +[\d.]+ +0\.\d{4}$/gm)];
  expect(rows.map((m) => m[1])).toEqual(['relu', 'smelu', 'gelu']);
  // ReLU against itself, every round.
  expect(rows[0].slice(3, 6)).toEqual(['1.00', '1.00', '1.00']);
  for (const [, , stepsPerSecond, median, q1, q3] of rows) {
    expect(Number(stepsPerSecond)).toBeGreaterThan(0);
    expect(Number(q1)).toBeLessThanOrEqual(Number(median));
    expect(Number(median)).toBeLessThanOrEqual(Number(q3));
  }
  expect(out).toMatch(/^\(6 steps each: 0\.75 epochs\)$/m);
});

describe('bad input gets one line and a non-zero exit', () => {
  /** stderr without TensorFlow's load-time log lines. */
  const errorLines = (run: Run) => run.stderr.split('\n').filter((l) => !isTensorflowLog(l));

  test('no data: where it comes from and how to get it', () => {
    const missing = path.join(REPO_ROOT, 'no-such-folder');
    const fashion = runExample('fashion-mnist-cnn/train.js', ['--smoke', '--data-path', missing]);
    // A --data-path that does not exist is an input error (exit 2); the loader's whole reason is kept.
    expect(fashion.status).toBe(2);
    expect(errorLines(fashion)).toEqual([
      expect.stringMatching(
          /^fashion-mnist-cnn: Fashion-MNIST could not be loaded \(data path '.*no-such-folder' does not exist\)\. It comes from Debian's dataset-fashion-mnist package .*'apt-get download dataset-fashion-mnist'.*--data-path/)
    ]);
    expect(fashion.stdout).toBe('');
    const movielens = runExample('movielens-recommender/train.js', ['--smoke', '--data-path', missing]);
    expect(movielens.status).toBe(2);
    expect(errorLines(movielens)).toEqual([
      expect.stringMatching(
          /^movielens-recommender: MovieLens could not be loaded \(data path '.*no-such-folder' does not exist\)\. It comes from Debian's r-cran-dslabs package, .*'apt-get download r-cran-dslabs'/)
    ]);
  });

  test('a backend the machine cannot provide', () => {
    const webgl = runExample('swap-fine-tune/train.js', ['--backend', 'webgl']);
    expect(webgl.status).toBe(2);
    expect(webgl.stderr)
        .toBe(
            'swap-fine-tune: --backend webgl is not available in Node (a browser backend: see ' +
            'examples/browser-training); use one of tensorflow, wasm, cpu.\n');
    // A backend tfjs has but the model cannot train on: the reason, and the backends that work.
    const wasm = runExample('fashion-mnist-cnn/train.js', ['--smoke', '--backend', 'wasm']);
    expect(wasm.status).toBe(2);
    expect(wasm.stderr)
        .toBe(
            'fashion-mnist-cnn: --backend wasm: tfjs\'s wasm backend has no kernel for the convolution\'s gradient ' +
            '(Conv2DBackpropFilter); use tensorflow or cpu.\n');
    const wasmEmbedding = runExample('movielens-recommender/train.js', ['--smoke', '--backend', 'wasm']);
    expect(wasmEmbedding.status).toBe(2);
    expect(wasmEmbedding.stderr)
        .toMatch(/^movielens-recommender: --backend wasm: .*\(UnsortedSegmentSum\); use tensorflow or cpu\.\n$/);
    // Where @tensorflow/tfjs-node is not installed: asked for, it is an error; by default the example uses cpu.
    const tensorflow =
        runExample('swap-fine-tune/train.js', ['--smoke', '--backend', 'tensorflow'], {hideTfjsNode: true});
    expect(tensorflow.status).toBe(1);
    expect(tensorflow.stderr)
        .toBe(
            'swap-fine-tune: --backend tensorflow: @tensorflow/tfjs-node does not load here ' +
            '(Cannot find package \'@tensorflow/tfjs-node\' (hidden by the test)). In a clone of tfjs-smelu, ' +
            '\'node scripts/setup-tfjs-node.js\' sets it up.\n');
    const fallback = runExample('swap-fine-tune/train.js', ['--smoke', '--betas', '1'], {hideTfjsNode: true});
    expect(fallback.status).toBe(0);
    expect(fallback.stdout).toMatch(/; backend cpu$/m);
  });

  test('flags: unknown, malformed or out of range', () => {
    const usage = 'Usage: npm run example:fashion-mnist-cnn -- [--epochs 5]';
    const cases: Array<[string[], string]> = [
      [['--epoch', '3'], `fashion-mnist-cnn: Unknown option '--epoch'. ${usage}`],
      [['--epochs', '0'], 'fashion-mnist-cnn: --epochs must be an integer ≥ 1, got \'0\'.'],
      [['--beta=-1'], 'fashion-mnist-cnn: --beta must be a number > 0, got \'-1\'.'],
      [['--beta', '-1'], 'fashion-mnist-cnn: Option \'--beta\' argument is ambiguous.'],
      [
        ['--backend', 'gpu'],
        'fashion-mnist-cnn: --backend gpu is not available in Node; use one of tensorflow, wasm, cpu.'
      ],
    ];
    for (const [args, message] of cases) {
      const run = runExample('fashion-mnist-cnn/train.js', args);
      expect({args, status: run.status, lines: errorLines(run).length}).toEqual({args, status: 2, lines: 1});
      expect(run.stderr.startsWith(message)).toBe(true);
    }
    const help = runExample('fashion-mnist-cnn/train.js', ['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run example:fashion-mnist-cnn -- /);
  });
});
