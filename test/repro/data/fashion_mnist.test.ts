/**
 * Fashion-MNIST from Debian's `dataset-fashion-mnist` (downloaded with
 * `apt-get download` into a cache under the OS temp folder): the loader's
 * shapes, class balance and bytes against a separate reading of the IDX files
 * in this test; the IDX parser on hand-made files and malformed inputs; the
 * workload's seeded subsets.
 * @fullRun debian-data
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';

import {fashionMnistWorkload} from 'tfjs-smelu-repro';
import {FASHION_MNIST_CLASSES, loadFashionMnist} from 'tfjs-smelu-repro/node';
import {fetchDebianPackage} from '../../../repro/src/data/debian_package';
import {parseIdx} from '../../../repro/src/data/idx';

const CACHE = path.join(os.tmpdir(), 'tfjs-smelu-test-cache');

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

describe('the real package data', () => {
  const data = loadFashionMnist({cacheDir: CACHE});
  const dir = path.join(fetchDebianPackage('dataset-fashion-mnist', CACHE).root, 'usr/share/datasets/fashion-mnist');

  test('60,000 training and 10,000 test images of 28×28, 10 balanced classes (6,000 / 1,000 each)', () => {
    expect(data.source).toMatch(/dataset-fashion-mnist_.*\.deb.*MIT/);
    expect(data.train.count).toBe(60000);
    expect(data.test.count).toBe(10000);
    expect(data.train.pixels.length).toBe(60000 * 784);
    expect(data.test.pixels.length).toBe(10000 * 784);
    const counts = (labels: Uint8Array) => labels.reduce((c, l) => (c[l]++, c), new Array(10).fill(0));
    expect(counts(data.train.labels)).toEqual(new Array(10).fill(6000));
    expect(counts(data.test.labels)).toEqual(new Array(10).fill(1000));
    expect(data.classNames).toEqual(FASHION_MNIST_CLASSES);
    expect(data.classNames[9]).toBe('Ankle boot');
  });

  test('bytes equal a separate reading of the IDX files (header by hand, then offsets)', () => {
    const raw = (name: string) => zlib.gunzipSync(fs.readFileSync(path.join(dir, `${name}.gz`)));
    const images = raw('t10k-images-idx3-ubyte'), labels = raw('t10k-labels-idx1-ubyte');
    expect(images.readUInt32BE(0)).toBe(0x803);
    expect([images.readUInt32BE(4), images.readUInt32BE(8), images.readUInt32BE(12)]).toEqual([10000, 28, 28]);
    expect(labels.readUInt32BE(0)).toBe(0x801);
    for (const i of [0, 1, 4321, 9999]) {
      expect(data.test.labels[i]).toBe(labels[8 + i]);
      expect(Buffer.from(data.test.pixels.subarray(i * 784, (i + 1) * 784))
                 .equals(images.subarray(16 + i * 784, 16 + (i + 1) * 784)))
          .toBe(true);
    }
    // Images are not blank: each has dark background and bright pixels.
    const first = data.train.pixels.subarray(0, 784);
    expect(Math.min(...first)).toBe(0);
    expect(Math.max(...first)).toBeGreaterThan(200);
  });

  test('the workload: pixels in [0, 1], the test split as eval, seeded subsets', () => {
    const before = tf.memory().numTensors;
    const w = fashionMnistWorkload(data, {maxTrain: 300, maxEval: 100, hidden: [8]});
    expect(w.kind).toBe('multiclass');
    expect(w.numClasses).toBe(10);
    expect(w.trainInputs[0].shape).toEqual([300, 784]);
    expect(w.evalLabels.shape).toEqual([100]);
    const x = w.trainInputs[0].dataSync();
    expect(x.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(x.some((v) => v === 1)).toBe(true);  // 255 / 255
    const again = fashionMnistWorkload(data, {maxTrain: 300, maxEval: 100});
    expect(Array.from(again.evalLabels.dataSync())).toEqual(Array.from(w.evalLabels.dataSync()));
    w.dispose();
    again.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => fashionMnistWorkload(data, {maxTrain: 0}))
        .toThrow('fashionMnistWorkload: maxTrain must be an integer ≥ 1, but got 0.');
  });

  test('a folder holding the four files (gzipped) loads the same data', () => {
    const copy = loadFashionMnist({path: dir});
    expect(copy.train.count).toBe(60000);
    expect(Buffer.from(copy.test.labels).equals(Buffer.from(data.test.labels))).toBe(true);
  });
});

describe('parseIdx', () => {
  const idx = (type: number, dims: number[], values: number[]) => {
    const header = Buffer.alloc(4 + 4 * dims.length);
    header.writeUInt8(type, 2);
    header.writeUInt8(dims.length, 3);
    dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
    return Buffer.concat([header, Buffer.from(values)]);
  };

  test('reads a 2×3 array, plain and gzipped', () => {
    const file = idx(0x08, [2, 3], [1, 2, 3, 4, 5, 255]);
    for (const bytes of [file, zlib.gzipSync(file)]) {
      const {shape, data} = parseIdx(bytes);
      expect(shape).toEqual([2, 3]);
      expect(Array.from(data)).toEqual([1, 2, 3, 4, 5, 255]);
    }
  });

  test('malformed files fail with the file named', () => {
    expect(() => parseIdx(Buffer.from([1, 0, 8, 1]), 'x.idx')).toThrow('x.idx: not an IDX file (bad magic number).');
    expect(() => parseIdx(idx(0x0d, [1], [0, 0, 0, 0]), 'f.idx'))
        .toThrow('f.idx: IDX type 0x0d is not supported (only unsigned byte, 0x08).');
    expect(() => parseIdx(idx(0x08, [2, 2], [1, 2, 3]), 't.idx'))
        .toThrow('t.idx: the header says 2×2 = 4 values, but the file has 3.');
    expect(() => parseIdx(Buffer.from([0x1f, 0x8b, 1, 2]), 'g.gz')).toThrow(/^g\.gz: not a valid gzip file/);
    const missing = fs.mkdtempSync(path.join(os.tmpdir(), 'fashion-'));
    expect(() => loadFashionMnist({path: missing}))
        .toThrow(/Fashion-MNIST: '.*train-images-idx3-ubyte\(\.gz\)' does not exist\./);
    fs.rmSync(missing, {recursive: true});
  });
});
