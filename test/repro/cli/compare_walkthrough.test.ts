/**
 * docs/compare.md's walkthrough, rerun: the breast cancer CSV and the ReLU MLP
 * of its steps 2 and 3, then its `compare` command on the `cpu` backend (what
 * the documented run used), through the built executable. `compare` trains
 * every replica from seeded weights on the cpu backend's JavaScript
 * arithmetic, so the table it prints is the same on every run; it must match
 * the table the page shows, cell for cell, so that the walkthrough's numbers
 * cannot go stale.
 * @fullRun built, debian-data
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {spawnSync} from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import {documentedTable} from '../../support/documented_tables';
import {REPRO_ROOT} from '../../support/paths';
import {BREAST_CANCER_FEATURES, convertSklearnClassification, saveModel, tempDir} from '../compare/support';

const CLI = path.join(REPRO_ROOT, 'dist', 'cli.cjs');
let dir: string;

beforeAll(async () => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' (npm test builds it first).`);
  expect(await tf.setBackend('cpu')).toBe(true);
  dir = tempDir('tfjs-smelu-compare-walkthrough-');
  const converted = convertSklearnClassification('breast_cancer.csv', BREAST_CANCER_FEATURES, dir);
  fs.renameSync(converted.path, path.join(dir, 'breast_cancer.csv'));
  // Step 3's model, as written there (unseeded weights: compare does not start from them).
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({units: 32, activation: 'relu', inputShape: [30]}),
      tfl.layers.dense({units: 16, activation: 'relu'}),
      tfl.layers.dense({units: 1, activation: 'sigmoid'}),
    ]
  });
  model.compile({optimizer: tf.train.adam(1e-3), loss: 'binaryCrossentropy', metrics: ['accuracy']});
  await saveModel(model, path.join(dir, 'cancer-model'), {includeOptimizer: true});
});

afterAll(() => {
  if (dir != null) fs.rmSync(dir, {recursive: true, force: true});
});

/** The rows of the results table `compare` prints (columns separated by two or more spaces), under its header. */
function printedTable(stdout: string): string[][] {
  const lines = stdout.split('\n');
  const header = lines.findIndex((l) => /^activation\s+β\s+eval loss/.test(l));
  expect(header).toBeGreaterThanOrEqual(0);
  expect(lines[header + 1]).toMatch(/^-+( +-+)+$/);
  const rows: string[][] = [];
  for (let i = header + 2; i < lines.length && lines[i].trim() !== ''; i++) rows.push(lines[i].trim().split(/ {2,}/));
  return rows;
}

test('step 4\'s command prints the documented table, cell for cell', () => {
  const documented = documentedTable('docs/compare.md', '## Walkthrough: breast cancer, an MLP with ReLU');
  expect(documented.length).toBe(3);
  const res = spawnSync(
      process.execPath,
      [
        CLI, 'compare', '--model', 'cancer-model/model.json', '--data', 'breast_cancer.csv', '--label', 'target',
        '--standardize', '--activations', 'relu,smelu:1,smelu:2', '--replicas', '4', '--epochs', '20', '--out',
        'cancer-report', '--backend', 'cpu'
      ],
      {cwd: dir, encoding: 'utf8', timeout: 300_000});
  expect(res.stderr.split('\n').filter((l) => /error/i.test(l))).toEqual([]);
  expect(res.status).toBe(0);
  const printed = printedTable(res.stdout);
  const columns = Object.keys(documented[0]);
  expect(printed.map((cells) => cells.length)).toEqual(documented.map(() => columns.length));
  expect(printed.map((cells) => Object.fromEntries(columns.map((c, j) => [c, cells[j]])))).toEqual(documented);
  expect(fs.existsSync(path.join(dir, 'cancer-report', 'report.html'))).toBe(true);
}, 330_000);
