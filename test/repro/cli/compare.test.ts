/**
 * `tfjs-smelu-repro compare` end to end through the built executable
 * (repro/dist/cli.cjs): scikit-learn's wine data (Debian python3-sklearn,
 * converted to a CSV with a header row) and a small ReLU MLP saved by the
 * test; the table, the swap report and the verdict it prints, the report
 * folder; bad input exits with 2, names the flag, file, line or column, and
 * writes nothing; --help.
 * @fullRun built, debian-data
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {spawnSync} from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import 'tfjs-smelu';
import type {ExperimentResult} from 'tfjs-smelu-repro';
import {REPRO_ROOT} from '../../support/paths';
import {convertSklearnClassification, saveModel, tempDir, WINE_FEATURES} from '../compare/support';

const CLI = path.join(REPRO_ROOT, 'dist', 'cli.cjs');
let dir: string;
let wine: string;
let model: string;

const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], {encoding: 'utf8', cwd: dir});

beforeAll(async () => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' (npm test builds it first).`);
  expect(await tf.setBackend('cpu')).toBe(true);
  dir = tempDir('tfjs-smelu-compare-cli-');
  wine = convertSklearnClassification('wine_data.csv', WINE_FEATURES, dir).path;
  model = await saveModel(tfl.sequential({layers: [
    tfl.layers.dense({units: 16, activation: 'relu', inputShape: [13], name: 'hidden'}),
    tfl.layers.dense({units: 3, activation: 'softmax', name: 'cultivar'}),
  ]}), path.join(dir, 'wine-model'));
});

afterAll(() => {
  fs.rmSync(dir, {recursive: true, force: true});
});

test('a small wine run: table with intervals, metrics, swap report, verdict, and the report folder', () => {
  const res = cli(['compare', '--model', model, '--data', wine, '--label', 'target', '--standardize', '--activations', 'relu,smelu:1',
    '--replicas', '3', '--epochs', '5', '--batch-size', '16', '--learning-rate', '0.01', '--jobs', '2', '--backend', 'cpu',
    '--bootstrap-draws', '200', '--out', 'wine-report']);
  expect({status: res.status, stderr: res.status === 0 ? '' : res.stderr}).toEqual({status: 0, stderr: ''});
  const out = path.join(dir, 'wine-report');
  expect(fs.readdirSync(out).sort()).toEqual(['pd_by_activation.svg', 'pd_vs_loss.svg', 'report.html', 'results.json', 'table.md',
    'tfjs-smelu-repro-manifest.json']);
  const result = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as ExperimentResult;
  expect(result.compare).toMatchObject({task: 'multiclass', taskSource: 'output layer', data: {numTrain: 142, numEval: 36}});
  expect(result.run).toMatchObject({workers: 2, command: expect.stringMatching(/^tfjs-smelu-repro compare --model /)});
  expect(result.variants.map((v) => v.label)).toEqual(['ReLU', 'SmeLU β=1']);
  expect(res.stdout).toMatch(/activation\s+β\s+eval loss\s+Δloss vs ReLU \[95% CI\]\s+accuracy\s+half-L1 PD \[95% CI\]/);
  expect(res.stdout).toMatch(/SmeLU\s+1\s+\d\.\d{4} ± \d\.\d{4}\s+[+−]\d+\.\d\d% \[[+−]\d+\.\d\d%, [+−]\d+\.\d\d%\]/);
  expect(res.stdout).toContain("Metrics (the multiclass task's; mean ± sd over replicas):");
  expect(res.stdout).toContain('Activation swap (swapActivations):');
  expect(res.stdout).toContain("hidden (Dense): activation 'relu' → activation 'linear' + SmeLU layer 'hidden_smelu' (beta=1)");
  expect(res.stdout).toMatch(/Verdict \(95% bootstrap intervals[\s\S]*- SmeLU β=1: half-L1 PD \d\.\d\d× ReLU's/);
  expect(res.stdout).toContain('Wrote wine-report/: results.json, report.html');
});

test('bad input: exit code 2, the flag, file, line and column named, nothing written', () => {
  const badCsv = path.join(dir, 'bad.csv');
  const lines = fs.readFileSync(wine, 'utf8').split('\n');
  lines[5] = lines[5].replace(/^[^,]+/, 'fourteen');
  fs.writeFileSync(badCsv, lines.join('\n'));
  const base = ['compare', '--model', model, '--label', 'target', '--backend', 'cpu', '--out', 'never'];
  const cases: [string[], RegExp][] = [
    [['--data', badCsv], /CSV file '.*bad\.csv' line 6, column 'alcohol': 'fourteen' is not a number/],
    [['--data', wine, '--features', 'alcohol,hue'], /the model '.*model\.json' takes 13 input features, but 2 feature column\(s\)/],
    [['--data', wine, '--label', 'class'], /has no column 'class' \(--label\)/],
    [['--data', wine, '--replicas', '1'], /--replicas must be an integer ≥ 2, but got 1\./],
    [['--data', wine, '--jobs', 'two'], /--jobs must be a number, but got 'two'\./],
    [['--data', wine, '--jobs', '0'], /--jobs must be an integer ≥ 1, but got 0\./],
    [['--data', wine, '--task', 'ranking'], /--task must be one of binary, multiclass, regression, but got 'ranking'\./],
    [['--data', wine, '--eval', wine, '--eval-fraction', '0.3'], /give --eval or --eval-fraction, not both\./],
    [['--data', wine, '--activations', 'relu,swish'], /--activations: compare makes its variants with swapActivations/],
    [['--label', 'target'], /--data is required\./],
  ];
  for (const [args, message] of cases) {
    const res = cli([...base, ...args]);
    expect({args, status: res.status}).toEqual({args, status: 2});
    expect(res.stderr).toMatch(message);
    expect(fs.existsSync(path.join(dir, 'never'))).toBe(false);
  }
});

test('--help lists the flags; the top-level help lists the command', () => {
  const help = cli(['compare', '--help']);
  expect(help.status).toBe(0);
  for (const flag of ['--model', '--data', '--label', '--eval', '--eval-fraction', '--features', '--task', '--activations', '--replicas',
    '--epochs', '--batch-size', '--learning-rate', '--init', '--shuffle', '--jobs', '--from-weights', '--out', '--standardize']) {
    expect(help.stdout).toContain(`  ${flag} `);
  }
  const top = cli(['--help']);
  expect(top.stdout).toMatch(/compare\s+measure what SmeLU does to your saved model's reproducibility/);
});
