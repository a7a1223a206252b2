/**
 * The browser demo's logic outside the browser: the bundled data file, the
 * seeded split, the PD metrics against hand-computed values, and the static
 * server's path handling. (The page itself is tested in browser_demo.e2e.test.ts.)
 */
import * as tf from '@tensorflow/tfjs';
import {createHash} from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import seedrandom from 'seedrandom';
import {gunzipSync} from 'zlib';

import {RELATIVE_PD_EPSILON, seededPermutation} from 'tfjs-smelu-repro';
import {serveDirectory} from '../../../repro/examples/browser/serve';
import {NUM_CLASSES, NUM_PIXELS, parseDigitsCsv, splitDigits} from '../../../repro/examples/browser/src/digits';
import {comparePredictions} from '../../../repro/examples/browser/src/metrics';
import {REPRO_ROOT} from '../../support/paths';

const DATA_DIR = path.join(REPRO_ROOT, 'examples', 'browser', 'data');

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

describe('bundled digits data', () => {
  const gz = fs.readFileSync(path.join(DATA_DIR, 'digits.csv.gz'));
  const all = parseDigitsCsv(gunzipSync(gz).toString('utf8'));

  test('is the file recorded in PROVENANCE.md, byte for byte', () => {
    const sha256 = createHash('sha256').update(gz).digest('hex');
    expect(fs.readFileSync(path.join(DATA_DIR, 'PROVENANCE.md'), 'utf8')).toContain(sha256);
    expect(fs.existsSync(path.join(DATA_DIR, 'LICENSE'))).toBe(true);
  });

  test('has the documented shape: 1797 images of 8×8 pixels 0..16, ten classes', () => {
    // digits.rst (upstream description): 1797 instances, 64 attributes, integer pixels 0..16.
    expect(all.labels.length).toBe(1797);
    expect(all.features.length).toBe(1797 * NUM_PIXELS);
    expect(Math.min(...all.features)).toBe(0);
    expect(Math.max(...all.features)).toBe(1);  // 16 / 16
    const perClass = new Array(NUM_CLASSES).fill(0);
    all.labels.forEach((l) => perClass[l]++);
    // Roughly balanced (about 180 per digit, as described upstream).
    for (const count of perClass) expect(count).toBeGreaterThan(150);
  });

  test('the split is a seeded partition: disjoint, complete, the same every time', () => {
    const rowKey = (features: Float32Array, labels: Int32Array, i: number) =>
        `${labels[i]}:${features.subarray(i * NUM_PIXELS, (i + 1) * NUM_PIXELS).join(',')}`;
    const split = splitDigits(all, 0.2, 'digits-split');
    expect(split.test.count).toBe(Math.round(1797 * 0.2));
    expect(split.train.count + split.test.count).toBe(1797);
    const keys = (s: typeof split.train) => Array.from({length: s.count}, (_, i) => rowKey(s.features, s.labels, i));
    const original = Array.from({length: 1797}, (_, i) => rowKey(all.features, all.labels, i)).sort();
    expect([...keys(split.train), ...keys(split.test)].sort()).toEqual(original);
    const again = splitDigits(all, 0.2, 'digits-split');
    expect(Array.from(again.test.labels)).toEqual(Array.from(split.test.labels));
    const other = splitDigits(all, 0.2, 'another-seed');
    expect(Array.from(other.test.labels)).not.toEqual(Array.from(split.test.labels));
  });

  test('the split uses the toolkit\'s seeded permutation (the one the trainer and the workloads use)', () => {
    const split = splitDigits(all, 0.2, 'digits-split');
    const order = seededPermutation(1797, seedrandom('digits-split'));
    // The first test row is the first row of the permutation.
    const first = order[0];
    expect(split.test.labels[0]).toBe(all.labels[first]);
    expect(Array.from(split.test.features.subarray(0, NUM_PIXELS)))
        .toEqual(Array.from(all.features.subarray(first * NUM_PIXELS, (first + 1) * NUM_PIXELS)));
  });

  test('a malformed row is rejected with its row number', () => {
    expect(() => parseDigitsCsv('1,2,3\n')).toThrow(/row 1: expected 65 integers/);
    const row = new Array(64).fill(0).join(',');
    expect(() => parseDigitsCsv(`${row},3\n${row},12\n`)).toThrow(/row 2: label 12 is not a digit/);
  });
});

describe('comparePredictions', () => {
  test('matches hand-computed loss, accuracy, relative PD and top-1 disagreement', async () => {
    const before = tf.memory().numTensors;
    const probs1 = tf.tensor2d([[0.8, 0.2], [0.4, 0.6], [1e-9, 1 - 1e-9]]);
    const probs2 = tf.tensor2d([[0.6, 0.4], [0.6, 0.4], [3e-9, 1 - 3e-9]]);
    const labels = tf.tensor1d([0, 1, 0], 'int32');
    const m = await comparePredictions(probs1, probs2, labels);
    tf.dispose([probs1, probs2, labels]);
    expect(tf.memory().numTensors).toBe(before);

    // True-class probabilities: (0.8, 0.6), (0.6, 0.4), (1e-9, 3e-9). The last pair is below the floor:
    // |Δ| / 1e-6 instead of |Δ| / 2e-9, so near-zero noise cannot dominate.
    const expectedPD = (0.2 / 0.7 + 0.2 / 0.5 + 2e-9 / RELATIVE_PD_EPSILON) / 3;
    expect(m.relativePD).toBeCloseTo(expectedPD, 5);
    // Predicted classes: replica 1 → 0, 1, 1; replica 2 → 0, 0, 1.
    expect(m.top1Disagreement).toBeCloseTo(1 / 3, 6);
    expect(m.accuracy[0]).toBeCloseTo(2 / 3, 6);
    expect(m.accuracy[1]).toBeCloseTo(1 / 3, 6);
    // Cross-entropy as tfjs computes it: probabilities clipped to [1e-7, 1 − 1e-7].
    const ce = (ps: number[]) => -ps.map((p) => Math.log(Math.max(p, 1e-7))).reduce((a, b) => a + b) / ps.length;
    expect(m.loss[0]).toBeCloseTo(ce([0.8, 0.6, 1e-9]), 4);
    expect(m.loss[1]).toBeCloseTo(ce([0.6, 0.4, 3e-9]), 4);
  });

  test('identical predictions give zero PD and zero disagreement', async () => {
    const p = tf.tensor2d([[0.1, 0.9], [0.7, 0.3]]);
    const labels = tf.tensor1d([1, 1], 'int32');
    const m = await comparePredictions(p, p, labels);
    tf.dispose([p, labels]);
    expect(m.relativePD).toBe(0);
    expect(m.top1Disagreement).toBe(0);
    expect(m.loss[0]).toBe(m.loss[1]);
  });
});

describe('serveDirectory', () => {
  /** A GET with the path sent as written (fetch would normalize ../ away before sending). */
  const rawGet = (url: string, rawPath: string) => new Promise<number>((resolve, reject) => {
    const {hostname, port} = new URL(url);
    http.get({hostname, port, path: rawPath}, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on('error', reject);
  });

  test('serves files under its root only', async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'serve-demo-'));
    const root = path.join(parent, 'site');
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, 'index.html'), '<p>hi</p>');
    fs.writeFileSync(path.join(parent, 'secret.txt'), 'outside the root');
    const {server, url} = await serveDirectory(root);
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const index = await fetch(url);
      expect(index.status).toBe(200);
      expect(index.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await index.text()).toBe('<p>hi</p>');
      expect((await fetch(`${url}missing.js`)).status).toBe(404);
      for (const escape of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
        expect([403, 404]).toContain(await rawGet(url, escape));
      }
      expect((await fetch(url, {method: 'POST'})).status).toBe(403);
    } finally {
      server.close();
      fs.rmSync(parent, {recursive: true, force: true});
    }
  });
});
