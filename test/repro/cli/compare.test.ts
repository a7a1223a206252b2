/**
 * `tfjs-smelu-repro compare` end to end through the built executable
 * (repro/dist/cli.cjs): scikit-learn's wine data (Debian python3-sklearn,
 * converted to a CSV with a header row) and a small ReLU MLP saved by the
 * test; the table, the swap report and the verdict it prints, the report
 * folder, with text labels mapped by --classes; the warning and the verdict
 * of a model trained on raw features; bad input (a UTF-16 file, a folder
 * without model.json, a 20,000-column file) exits with 2 and one bounded
 * line naming the flag, file, line or column, and writes nothing; --help.
 * @fullRun built, debian-data
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {spawn, spawnSync} from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import 'tfjs-smelu';
import type {CompareResult} from 'tfjs-smelu-repro/node';
import {REPRO_ROOT} from '../../support/paths';
import {convertSklearnClassification, saveModel, tempDir, toCsv, WINE_FEATURES} from '../compare/support';

const CLI = path.join(REPRO_ROOT, 'dist', 'cli.cjs');
let dir: string;
let wine: string;
let wineNamed: string;
let model: string;
/** The OS temp folder of the runs: a folder of this test's, so that what a run leaves there can be seen. */
let tmp: string;

const cli = (args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], {encoding: 'utf8', cwd: dir, env: {...process.env, TMPDIR: tmp}});

beforeAll(async () => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' (npm test builds it first).`);
  expect(await tf.setBackend('cpu')).toBe(true);
  dir = tempDir('tfjs-smelu-compare-cli-');
  const converted = convertSklearnClassification('wine_data.csv', WINE_FEATURES, dir);
  wine = converted.path;
  expect(converted.classes).toEqual(['class_0', 'class_1', 'class_2']);
  wineNamed = path.join(dir, 'wine-named.csv');
  fs.writeFileSync(
      wineNamed,
      toCsv([...WINE_FEATURES, 'cultivar'], converted.rows.map((r) => [...r.slice(0, 13), converted.classes[r[13]]])));
  tmp = path.join(dir, 'tmp');
  fs.mkdirSync(tmp);
  model = await saveModel(
      tfl.sequential({
        layers: [
          tfl.layers.dense({units: 16, activation: 'relu', inputShape: [13], name: 'hidden'}),
          tfl.layers.dense({units: 3, activation: 'softmax', name: 'cultivar'}),
        ]
      }),
      path.join(dir, 'wine-model'));
});

afterAll(() => {
  fs.rmSync(dir, {recursive: true, force: true});
});

test(
    'a small wine run with text labels (--classes): table with intervals, metrics, swap report, verdict, and the report folder',
    () => {
      const res = cli([
        'compare',
        '--model',
        model,
        '--data',
        wineNamed,
        '--label',
        'cultivar',
        '--classes',
        'class_0,class_1,class_2',
        '--standardize',
        '--activations',
        'relu,smelu:1',
        '--replicas',
        '3',
        '--epochs',
        '5',
        '--batch-size',
        '16',
        '--learning-rate',
        '0.01',
        '--jobs',
        '2',
        '--backend',
        'cpu',
        '--bootstrap-draws',
        '200',
        '--out',
        'wine-report'
      ]);
      expect({status: res.status, stderr: res.status === 0 ? '' : res.stderr}).toEqual({status: 0, stderr: ''});
      const out = path.join(dir, 'wine-report');
      expect(fs.readdirSync(out).sort()).toEqual([
        'pd_by_activation.svg', 'pd_vs_loss.svg', 'report.html', 'results.json', 'table.md',
        'tfjs-smelu-repro-manifest.json'
      ]);
      const result = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as CompareResult;
      expect(result.compare).toMatchObject({
        task: 'multiclass',
        taskSource: 'output layer',
        data: {numTrain: 142, numEval: 36, labelNames: ['class_0', 'class_1', 'class_2']},
        warnings: []
      });
      // The workers' data file was in a temporary folder of the run, and nothing is left there.
      expect(fs.readdirSync(tmp)).toEqual([]);
      expect(result.run)
          .toMatchObject({workers: 2, command: expect.stringMatching(/^tfjs-smelu-repro compare --model /)});
      expect(result.variants.map((v) => v.label)).toEqual(['ReLU', 'SmeLU β=1']);
      expect(res.stdout)
          .toMatch(/activation\s+β\s+eval loss\s+Δloss vs ReLU \[95% CI\]\s+accuracy\s+half-L1 PD \[95% CI\]/);
      expect(res.stdout)
          .toMatch(/SmeLU\s+1\s+\d\.\d{4} ± \d\.\d{4}\s+[+−]\d+\.\d\d% \[[+−]\d+\.\d\d%, [+−]\d+\.\d\d%\]/);
      expect(res.stdout).toContain('Metrics (the multiclass task\'s; mean ± sd over replicas):');
      expect(res.stdout).toContain('Activation swap (swapActivations):');
      expect(res.stdout)
          .toContain(
              'hidden (Dense): activation \'relu\' → activation \'linear\' + SmeLU layer \'hidden_smelu\' (beta=1)');
      expect(res.stdout).toMatch(/Verdict \(95% bootstrap intervals[\s\S]*- SmeLU β=1: half-L1 PD \d\.\d\d× ReLU's/);
      expect(res.stdout).toContain('Wrote wine-report/: results.json, report.html');
    });

test(
    'raw features: a warning line before training; replicas that learn nothing get a verdict that says so, with the flags to try',
    () => {
      const res = cli([
        'compare', '--model',           model,          '--data',     wine,        '--label',
        'target',  '--activations',     'relu,smelu:1', '--replicas', '2',         '--epochs',
        '1',       '--batch-size',      '16',           '--jobs',     '1',         '--backend',
        'cpu',     '--bootstrap-draws', '50',           '--out',      'raw-report'
      ]);
      expect(res.status).toBe(0);
      const stderr = res.stderr.split('\n').filter((l) => l.startsWith('tfjs-smelu-repro compare: '));
      expect(stderr[0]).toMatch(
          /^tfjs-smelu-repro compare: warning: feature scales differ by orders of magnitude: the root mean square of '.+' is .* Standardize them \(--standardize\)\.$/);
      expect(stderr[1]).toMatch(/^tfjs-smelu-repro compare: Sequential model, multiclass task/);
      const result = JSON.parse(fs.readFileSync(path.join(dir, 'raw-report', 'results.json'), 'utf8')) as CompareResult;
      expect(result.compare!.learning!.map((l) => l.learned)).toEqual([false, false]);
      expect(res.stdout)
          .toMatch(
              /- ReLU \(the model as saved\) did not learn: .* Try standardizing the features \(--standardize\), a learning rate below 0\.001 \(--learning-rate\), more epochs than 1 \(--epochs\)\./);
      expect(fs.readdirSync(tmp)).toEqual([]);
    });

/** Processes whose environment has TMPDIR=`folder` (the runs of this file and their workers), from /proc. */
function processesWithTmp(folder: string): number[] {
  return fs.readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          return fs.readFileSync(`/proc/${p}/environ`, 'latin1').split('\0').includes(`TMPDIR=${folder}`);
        } catch {
          return false;  // gone, or not ours to read
        }
      })
      .map(Number);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test.each(['SIGINT', 'SIGTERM'] as const)(
    '%s while the workers run: ends by the signal, no data folder and no worker left, no report', async (signal) => {
      const out = `interrupted-${signal}`;
      const child = spawn(
          process.execPath,
          [
            CLI, 'compare', '--model', model, '--data', wine, '--label', 'target', '--standardize', '--replicas', '4',
            '--epochs', '500', '--jobs', '2', '--backend', 'cpu', '--out', out
          ],
          {cwd: dir, env: {...process.env, TMPDIR: tmp}, stdio: 'ignore'});
      const exited = new Promise<{code: number | null, signal: string | null}>(
          (resolve) => child.on('exit', (code, s) => resolve({code, signal: s})));
      // The run's data folder appears just before the workers start.
      for (const deadline = Date.now() + 60_000; fs.readdirSync(tmp).length === 0 && Date.now() < deadline;)
        await sleep(50);
      expect(fs.readdirSync(tmp)).toEqual([expect.stringMatching(/^tfjs-smelu-repro-data-/)]);
      await sleep(1000);
      child.kill(signal);
      expect(await exited).toEqual({code: null, signal});
      expect(fs.readdirSync(tmp)).toEqual([]);
      expect(fs.existsSync(path.join(dir, out))).toBe(false);
      // The workers end when their parent's channel closes.
      for (const deadline = Date.now() + 15_000; processesWithTmp(tmp).length > 0 && Date.now() < deadline;)
        await sleep(100);
      expect(processesWithTmp(tmp)).toEqual([]);
    });

test('bad input: exit code 2, the flag, file, line and column named, nothing written', () => {
  const badCsv = path.join(dir, 'bad.csv');
  const lines = fs.readFileSync(wine, 'utf8').split('\n');
  lines[5] = lines[5].replace(/^[^,]+/, 'fourteen');
  fs.writeFileSync(badCsv, lines.join('\n'));
  // Big-endian UTF-16 without a byte-order mark; a folder without model.json; 20,000 columns (50 rows of wine's values,
  // repeated).
  const utf16 = path.join(dir, 'utf16be.csv');
  fs.writeFileSync(utf16, Buffer.from(fs.readFileSync(wine, 'utf8'), 'utf16le').swap16());
  fs.mkdirSync(path.join(dir, 'empty-folder'), {recursive: true});
  const wide = path.join(dir, 'wide.csv');
  const rows = fs.readFileSync(wine, 'utf8').trim().split('\n').slice(1, 51).map((l) => l.split(','));
  fs.writeFileSync(
      wide,
      toCsv(
          Array.from({length: 20_000}, (_, i) => `f${i}`),
          rows.map((r) => Array.from({length: 20_000}, (_, i) => r[i % 13]))));
  const base = ['compare', '--model', model, '--label', 'target', '--backend', 'cpu', '--out', 'never'];
  const cases: [string[], RegExp][] = [
    [['--data', badCsv], /CSV file '.*bad\.csv' line 6, column 'alcohol': 'fourteen' is not a number/],
    [
      ['--data', wine, '--features', 'alcohol,hue'],
      /the model '.*model\.json' takes 13 input features, but 2 feature column\(s\)/
    ],
    [['--data', wine, '--label', 'class'], /has no column 'class' \(--label\)/],
    [['--data', wine, '--replicas', '1'], /--replicas must be an integer ≥ 2, but got 1\./],
    [['--data', wine, '--jobs', 'two'], /--jobs must be a number, but got 'two'\./],
    [['--data', wine, '--jobs', '0'], /--jobs must be an integer ≥ 1, but got 0\./],
    [
      ['--data', wine, '--task', 'ranking'], /--task must be one of binary, multiclass, regression, but got 'ranking'\./
    ],
    // The demo's shuffle modes and their one check, the dial included.
    [
      ['--data', wine, '--shuffle', 'window:0'],
      /--shuffle must be one of example, batch, none or window:W \(W an integer ≥ 1\), but got 'window:0'\./
    ],
    [['--data', wine, '--eval', wine, '--eval-fraction', '0.3'], /give --eval or --eval-fraction, not both\./],
    [['--data', wine, '--activations', 'relu,swish'], /--activations: compare makes its variants with swapActivations/],
    [['--label', 'target'], /--data is required\./],
    [
      ['--data', wineNamed, '--label', 'cultivar'],
      /CSV file '.*wine-named\.csv' line 2, column 'cultivar': the label 'class_0' is not a number; .* or list the text labels in class-id order with --classes \(e\.g\. --classes 'class_0,…'\)\./
    ],
    [
      ['--data', wine, '--positive', '1'],
      /--positive names the positive class of a binary task, but the task is multiclass\./
    ],
    [
      ['--data', utf16],
      /CSV file '.*utf16be\.csv' is UTF-16 BE text \(it has no byte-order mark, but every second byte of its start is 0\); .*iconv -f UTF-16BE -t UTF-8/
    ],
    [
      ['--data', wine, '--model', path.join(dir, 'empty-folder')],
      /the folder '.*empty-folder' has no model\.json \(a saved tfjs model is a model\.json and its weights files\); it is empty\./
    ],
    [
      ['--data', wide],
      new RegExp(
          `CSV file '.*wide\\.csv' has no column 'target' \\(--label\\); its 20,000 column\\(s\\) are 'f0', 'f1', .* and 19,9\\d\\d more\\.`)
    ],
    [
      ['--data', wide, '--label', 'f19999'],
      /the model '.*model\.json' takes 13 input features, but 19,999 feature column\(s\) of '.*wide\.csv' are selected \(f0, f1, .* and 19,9\d\d more\): every column but the label; choose 13 with --features\./
    ],
  ];
  for (const [args, message] of cases) {
    const res = cli([...base, ...args]);
    expect({args, status: res.status}).toEqual({args, status: 2});
    expect(res.stderr).toMatch(message);
    // One line (a usage error adds where the help is), of about 300 characters besides the paths it names.
    const lines = res.stderr.trimEnd().split('\n').filter(
        (l) => !/^(=+|Hi, looks like|\s*$|Run 'tfjs-smelu-repro compare --help')/.test(l));
    expect(lines).toHaveLength(1);
    const withoutPaths = lines[0].split(dir).join('');
    if (withoutPaths.length > 320) throw new Error(`${withoutPaths.length} characters: ${lines[0]}`);
    expect(fs.existsSync(path.join(dir, 'never'))).toBe(false);
  }
});

test('--help lists the flags; the top-level help lists the command', () => {
  const help = cli(['compare', '--help']);
  expect(help.status).toBe(0);
  for (const flag
           of ['--model', '--data', '--label', '--eval', '--eval-fraction', '--features', '--task', '--activations',
               '--replicas', '--epochs', '--batch-size', '--learning-rate', '--init', '--shuffle', '--jobs',
               '--from-weights', '--out', '--standardize', '--positive', '--classes']) {
    expect(help.stdout).toContain(`  ${flag} `);
  }
  const top = cli(['--help']);
  expect(top.stdout).toMatch(/compare\s+measure what SmeLU does to your saved model's reproducibility/);
});
