/**
 * Seeded replica training on the cpu backend: equal seeds give bit-identical
 * predictions, a different order or init seed gives different ones; the
 * epoch orders; the activation registry's layers against float64 formulas;
 * the scatter-gradient embedding against tfjs's own Embedding gradient.
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import seedrandom from 'seedrandom';

import 'tfjs-smelu';
import {
  activationNames,
  deriveSeed,
  epochOrder,
  getActivation,
  hiddenTower,
  outputLayer,
  registerActivation,
  SeededTrainer,
  seededPermutation,
  trainModel
} from 'tfjs-smelu-repro';
import type {ShuffleMode} from 'tfjs-smelu-repro';
import {geluBeta, softplusBeta, swishBeta} from '../../../repro/src/activations/beta_activations';
import {shuffleInPlace} from '../../../repro/src/training/random';
import {initGroupSeed, replicaGroupSeeds, replicaSeeds} from '../../../repro/src/training/seeds';
import {shuffleWindow, validateShuffleMode} from '../../../repro/src/training/shuffle';
import {LastAxisLayerNorm} from '../../../repro/src/workloads/layer_norm';
import {ScatterEmbedding} from '../../../repro/src/workloads/scatter_embedding';
import {expectNoTensorLeaksPerTest} from '../../support/leak_check';
import {smeluRef} from '../../support/reference';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});
expectNoTensorLeaksPerTest();

/** A small, fixed regression-free classification problem (inputs from a seeded PRNG). */
function problem(n = 96, features = 6) {
  const rng = seedrandom('trainer-test');
  const x = new Float32Array(n * features);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < features; j++) {
      x[i * features + j] = 2 * rng() - 1;
      s += x[i * features + j] * (j % 2 === 0 ? 1 : -0.5);
    }
    y[i] = s + 0.3 * (rng() - 0.5) > 0 ? 1 : 0;
  }
  return {x: tf.tensor2d(x, [n, features]), y: tf.tensor2d(y, [n, 1])};
}

async function trainAndPredict(
    initSeed: number, orderSeed: number, activation = 'smelu', shuffle: ShuffleMode = 'example') {
  const {x, y} = problem();
  const input = tfl.input({shape: [6]});
  const spec = getActivation(activation);
  const model = tfl.model({
    inputs: input,
    outputs: outputLayer(hiddenTower(input, [8, 8], {activation: spec, beta: 1, initSeed, norm: 'none'}), 1, initSeed)
  });
  await trainModel(model, [x], y, {
    epochs: 2,
    batchSize: 16,
    learningRate: 0.01,
    shuffle,
    orderSeed,
    loss: (out, labels) => tf.losses.sigmoidCrossEntropy(labels, out) as tf.Scalar,
  });
  const pred = tf.tidy(() => model.apply(x) as tf.Tensor);
  const values = Float32Array.from(pred.dataSync());
  tf.dispose([pred, x, y]);
  model.dispose();
  return values;
}

const identical = (a: Float32Array, b: Float32Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe('trainModel determinism', () => {
  test('same init and order seeds → bit-identical predictions', async () => {
    const a = await trainAndPredict(11, 22);
    const b = await trainAndPredict(11, 22);
    expect(identical(a, b)).toBe(true);
  });

  test('a different order seed → different predictions (same init)', async () => {
    const a = await trainAndPredict(11, 22);
    const b = await trainAndPredict(11, 23);
    expect(identical(a, b)).toBe(false);
  });

  test('a different init seed → different predictions (same order)', async () => {
    const a = await trainAndPredict(11, 22);
    const b = await trainAndPredict(12, 22);
    expect(identical(a, b)).toBe(false);
  });

  test('shuffle \'none\' ignores the order seed', async () => {
    const a = await trainAndPredict(11, 22, 'relu', 'none');
    const b = await trainAndPredict(11, 99, 'relu', 'none');
    expect(identical(a, b)).toBe(true);
  });
});

test('SeededTrainer one batch at a time (with evaluations between) = trainModel, bit for bit', async () => {
  const a = await trainAndPredict(11, 22, 'gelu', 'batch');
  const {x, y} = problem();
  const input = tfl.input({shape: [6]});
  const spec = getActivation('gelu');
  const model = tfl.model({
    inputs: input,
    outputs: outputLayer(hiddenTower(input, [8, 8], {activation: spec, beta: 1, initSeed: 11, norm: 'none'}), 1, 11)
  });
  const trainer = new SeededTrainer(model, [x], y, {
    epochs: 2,
    batchSize: 16,
    learningRate: 0.01,
    shuffle: 'batch',
    orderSeed: 22,
    loss: (out, labels) => tf.losses.sigmoidCrossEntropy(labels, out) as tf.Scalar,
  });
  expect([trainer.batchesPerEpoch, trainer.batchesTotal]).toEqual([6, 12]);
  while (trainer.trainBatch()) {
    // Reading predictions between batches does not disturb training.
    if (trainer.batchesDone === 6) tf.dispose(tf.tidy(() => model.apply(x) as tf.Tensor));
  }
  expect(trainer.epochsDone).toBe(2);
  expect(trainer.trainBatch()).toBe(false);
  trainer.dispose();
  const pred = tf.tidy(() => model.apply(x) as tf.Tensor);
  const b = Float32Array.from(pred.dataSync());
  tf.dispose([pred, x, y]);
  model.dispose();
  expect(identical(a, b)).toBe(true);
});

test('seededPermutation: a Fisher–Yates permutation, the same for a seed string and its PRNG', () => {
  const a = seededPermutation(100, 'x');
  expect(Array.from(a).sort((p, q) => p - q)).toEqual(Array.from({length: 100}, (_, i) => i));
  expect(Array.from(seededPermutation(100, seedrandom('x')))).toEqual(Array.from(a));
  expect(Array.from(seededPermutation(100, 'y'))).not.toEqual(Array.from(a));
  // Fisher–Yates from the end with j = floor(u·(i+1)), written out for n = 4.
  const rng = seedrandom('hand');
  const u = [rng(), rng(), rng()];
  const expected = [0, 1, 2, 3];
  [3, 2, 1].forEach((i, k) => {
    const j = Math.floor(u[k] * (i + 1));
    [expected[i], expected[j]] = [expected[j], expected[i]];
  });
  expect(Array.from(seededPermutation(4, 'hand'))).toEqual(expected);
  expect(shuffleInPlace(['a', 'b', 'c', 'd'], seedrandom('hand'))).toEqual(expected.map((i) => 'abcd'[i]));
  expect(() => seededPermutation(-1, 'x')).toThrow('seededPermutation: n must be an integer ≥ 0, but got -1.');
});

describe('epochOrder', () => {
  const isPermutation = (o: Int32Array, n: number) =>
      o.length === n && new Set(o).size === n && o.every((v) => v >= 0 && v < n);

  test('every mode visits each example once', () => {
    for (const mode of ['example', 'batch', 'none'] as const) {
      expect(isPermutation(epochOrder(103, 10, mode, {orderSeed: 5, dataSeed: 1, epoch: 2}), 103)).toBe(true);
    }
  });

  test('\'example\' reshuffles per epoch and per order seed; \'none\' is fixed', () => {
    const o = (orderSeed: number, epoch: number, mode: 'example'|'none') =>
        Array.from(epochOrder(50, 8, mode, {orderSeed, dataSeed: 0, epoch}));
    expect(o(1, 0, 'example')).toEqual(o(1, 0, 'example'));
    expect(o(1, 0, 'example')).not.toEqual(o(1, 1, 'example'));
    expect(o(1, 0, 'example')).not.toEqual(o(2, 0, 'example'));
    expect(o(1, 0, 'none')).toEqual(o(2, 3, 'none'));
  });

  test('\'batch\' keeps each batch\'s examples together and only reorders batches', () => {
    const n = 40, size = 8;
    const base = epochOrder(n, size, 'none', {orderSeed: 0, dataSeed: 3, epoch: 0});
    const batchesOf = (order: Int32Array) => Array.from(
        {length: n / size},
        (_, b) => Array.from(order.subarray(b * size, (b + 1) * size)).sort((p, q) => p - q).join(','));
    const shuffled = epochOrder(n, size, 'batch', {orderSeed: 7, dataSeed: 3, epoch: 0});
    expect(batchesOf(shuffled).sort()).toEqual(batchesOf(base).sort());
    expect(Array.from(shuffled)).not.toEqual(Array.from(base));
  });
});

describe('epochOrder \'window:W\', the shuffling dial', () => {
  const order = (w: number|string, orderSeed: number, epoch = 0, n = 12, dataSeed = 3) => Array.from(
      epochOrder(n, 4, (typeof w === 'number' ? `window:${w}` : w) as 'window:1', {orderSeed, dataSeed, epoch}));
  const windowsOf = (o: number[], w: number) => Array.from(
      {length: Math.ceil(o.length / w)}, (_, k) => o.slice(k * w, (k + 1) * w).sort((a, b) => a - b).join(','));

  test(
      'a small case written out: the epoch base order, then Fisher–Yates within each window from the order seed',
      () => {
        // n = 5, W = 2: windows at positions {0, 1}, {2, 3}, {4}.
        const base = Array.from(seededPermutation(5, 'data:9:epoch:1'));
        const rng = seedrandom('order:4:1');
        const expected = base.slice();
        for (const start of [0, 2]) {
          // Fisher–Yates on two elements: one draw, j = floor(u·2), swap positions start+1 and start+j.
          const j = Math.floor(rng() * 2);
          [expected[start + 1], expected[start + j]] = [expected[start + j], expected[start + 1]];
        }
        // The last window holds one example: Fisher–Yates draws nothing for it.
        expect(Array.from(epochOrder(5, 2, 'window:2', {orderSeed: 4, dataSeed: 9, epoch: 1}))).toEqual(expected);
      });

  test('W = 1: the shared base order itself, the same for every replica', () => {
    expect(order(1, 1)).toEqual(order(1, 2));
    expect(order(1, 1)).toEqual(Array.from(seededPermutation(12, 'data:3:epoch:0')));
  });

  test('W ≥ n: one window, a full permutation that differs between replicas', () => {
    for (const w of [12, 13, 1000]) {
      expect(order(w, 1).slice().sort((a, b) => a - b)).toEqual(Array.from({length: 12}, (_, i) => i));
      expect(order(w, 1)).not.toEqual(order(w, 2));
    }
    // One window over everything: Fisher–Yates of the base order with the order stream.
    expect(order(12, 5))
        .toEqual(Array.from(shuffleInPlace(seededPermutation(12, 'data:3:epoch:0'), seedrandom('order:5:0'))));
  });

  test('windows only permute within themselves; the last window may be shorter', () => {
    const base = order(1, 0, 0, 103);
    for (const w of [2, 5, 10]) {
      const a = order(w, 1, 0, 103), b = order(w, 2, 0, 103);
      expect(windowsOf(a, w)).toEqual(windowsOf(base, w));
      expect(windowsOf(b, w)).toEqual(windowsOf(base, w));
      expect(a).not.toEqual(b);
    }
  });

  test('the base order changes every epoch and is shared: it follows the data seed, not the order seed', () => {
    expect(windowsOf(order(4, 1, 0), 4)).not.toEqual(windowsOf(order(4, 1, 1), 4));
    expect(windowsOf(order(4, 1, 1), 4)).toEqual(windowsOf(order(4, 7, 1), 4));
    expect(windowsOf(order(4, 1, 1, 12, 3), 4)).not.toEqual(windowsOf(order(4, 1, 1, 12, 4), 4));
    // The replica's own reshuffle is drawn anew each epoch.
    expect(order(12, 1, 0)).not.toEqual(order(12, 1, 1));
  });

  test('when W divides the batch size every replica trains on the same batches, in the same order', () => {
    const n = 50, batch = 8;
    const batches = (w: number, orderSeed: number) => {
      const o = Array.from(epochOrder(n, batch, `window:${w}` as 'window:1', {orderSeed, dataSeed: 1, epoch: 2}));
      return windowsOf(o, batch);
    };
    for (const w of [1, 2, 4, 8]) expect(batches(w, 1)).toEqual(batches(w, 2));
    // A window straddling two batches moves examples between them.
    expect(batches(16, 1)).not.toEqual(batches(16, 2));
  });

  test('validateShuffleMode and shuffleWindow: window:W with W an integer ≥ 1, one clear error otherwise', () => {
    for (const ok of ['example', 'batch', 'none', 'window:1', 'window:256', 'window:80003'])
      expect(() => validateShuffleMode(ok)).not.toThrow();
    expect(shuffleWindow('window:256')).toBe(256);
    expect(shuffleWindow('batch')).toBeNull();
    for (const bad
             of ['window:0', 'window:-1', 'window:abc', 'window:1.5', 'window:', 'window:1e3', 'window: 2', 'Window:2',
                 'fast']) {
      expect(() => validateShuffleMode(bad))
          .toThrow(`shuffle must be one of example, batch, none or window:W (W an integer ≥ 1), but got the string ${
              JSON.stringify(bad)}.`);
    }
    expect(() => validateShuffleMode(3)).toThrow(/but got 3\.$/);
    expect(() => validateShuffleMode('window:0', '--shuffle', 'window:0'))
        .toThrow('--shuffle must be one of example, batch, none or window:W (W an integer ≥ 1), but got \'window:0\'.');
    expect(() => epochOrder(4, 2, 'window:0' as 'window:1', {orderSeed: 0, dataSeed: 0, epoch: 0}))
        .toThrow(/^epochOrder: shuffle must be one of/);
    const x = tf.zeros([4, 1]), y = tf.zeros([4, 1]);
    const input = tfl.input({shape: [1]});
    const model = tfl.model({inputs: input, outputs: tfl.layers.dense({units: 1}).apply(input) as tfl.SymbolicTensor});
    expect(() => new SeededTrainer(model, [x], y, {
             epochs: 1,
             batchSize: 2,
             learningRate: 0.1,
             shuffle: 'window:x' as 'window:1',
             orderSeed: 0,
             loss: (out, labels) => tf.losses.meanSquaredError(labels, out) as tf.Scalar
           }))
        .toThrow(/^trainModel: shuffle must be one of .* but got the string "window:x"\.$/);
    tf.dispose([x, y]);
    model.dispose();
  });
});

describe('training through the dial with equal initialization (cpu)', () => {
  test('window:1: replicas with different order seeds are bit-identical', async () => {
    const a = await trainAndPredict(11, 22, 'relu', 'window:1');
    const b = await trainAndPredict(11, 23, 'relu', 'window:1');
    expect(identical(a, b)).toBe(true);
  });

  test(
      'windows inside a batch (4 | 16): still bit-identical on cpu, whose kernels sum in float64; windows across batches differ',
      async () => {
        // Same batches, each summed in another order: the cpu backend accumulates in JavaScript doubles and rounds
        // once to float32, so a reordering of 16 float32 terms almost never changes a bit (tensorflow's float32
        // accumulation does: see shuffle_dial.test.ts).
        const c = await trainAndPredict(11, 22, 'relu', 'window:4');
        const d = await trainAndPredict(11, 23, 'relu', 'window:4');
        expect(identical(c, d)).toBe(true);
        const e = await trainAndPredict(11, 22, 'relu', 'window:32');
        const f = await trainAndPredict(11, 23, 'relu', 'window:32');
        expect(identical(e, f)).toBe(false);
      });
});

test('replicaGroupSeeds: group 0 is the one-group run; every group has its own init seed and base order', () => {
  const regime = {init: 'same', order: 'different'} as const;
  const seeds = replicaGroupSeeds(3, 2, 5, regime);
  expect(seeds.map((s) => s.group)).toEqual([0, 0, 1, 1, 2, 2]);
  expect(seeds.slice(0, 2)).toEqual(replicaSeeds(2, 5, regime).map((s) => ({group: 0, dataSeed: 5, ...s})));
  expect(seeds.map((s) => s.dataSeed)).toEqual([
    5, 5, deriveSeed(5, 'group', 1), deriveSeed(5, 'group', 1), deriveSeed(5, 'group', 2), deriveSeed(5, 'group', 2)
  ]);
  expect(initGroupSeed(5, 2)).toBe(deriveSeed(5, 'group', 2));
  // Equal init within a group, a different one in each group; every order seed distinct.
  expect(seeds[0].initSeed).toBe(seeds[1].initSeed);
  expect(new Set(seeds.map((s) => s.initSeed)).size).toBe(3);
  expect(new Set(seeds.map((s) => s.orderSeed)).size).toBe(6);
  expect(seeds[2]).toMatchObject(replicaSeeds(2, deriveSeed(5, 'group', 1), regime)[0]);
  const different = replicaGroupSeeds(2, 2, 5, {init: 'different', order: 'different'});
  expect(new Set(different.map((s) => s.initSeed)).size).toBe(4);
  expect(() => replicaGroupSeeds(0, 2, 5, regime))
      .toThrow('replicaGroupSeeds: groups must be an integer ≥ 1, but got 0.');
  expect(() => initGroupSeed(5, -1)).toThrow('initGroupSeed: group must be an integer ≥ 0, but got -1.');
});

test('replicaSeeds follows the regime', () => {
  const same = replicaSeeds(3, 5, {init: 'same', order: 'different'});
  expect(new Set(same.map((s) => s.initSeed)).size).toBe(1);
  expect(new Set(same.map((s) => s.orderSeed)).size).toBe(3);
  const diff = replicaSeeds(3, 5, {init: 'different', order: 'same'});
  expect(new Set(diff.map((s) => s.initSeed)).size).toBe(3);
  expect(new Set(diff.map((s) => s.orderSeed)).size).toBe(1);
});

describe('activation registry', () => {
  const xs = [-6, -2.5, -1, -0.3, 0, 0.2, 0.9, 1.7, 4];
  // erf by Simpson's rule on 2/√π·e^{−t²} (float64, error far below float32's).
  const erf = (x: number) => {
    const n = 4000, h = x / n;
    let sum = 1 + Math.exp(-x * x);
    for (let k = 1; k < n; k++) sum += (k % 2 === 1 ? 4 : 2) * Math.exp(-((k * h) ** 2));
    return 2 / Math.sqrt(Math.PI) * sum * h / 3;
  };
  const reference: Record<string, (x: number, b: number) => number> = {
    relu: (x) => Math.max(x, 0),
    smelu: (x, b) => smeluRef(x, b),
    gelu: (x, b) => x * 0.5 * (1 + erf(b * x / Math.SQRT2)),
    swish: (x, b) => x / (1 + Math.exp(-b * x)),
    softplus: (x, b) => Math.log1p(Math.exp(b * x)) / b,
  };

  test('lists the five built-in activations', () => {
    expect(activationNames()).toEqual(expect.arrayContaining(['relu', 'smelu', 'gelu', 'swish', 'softplus']));
  });

  test.each(Object.keys(reference))('%s layer matches its float64 formula at two βs', (name) => {
    const spec = getActivation(name);
    for (const beta of spec.beta == null ? [undefined] : [0.5, 2]) {
      const layer = spec.createLayer(beta, 0);
      const x = tf.tensor1d(xs);
      const y = layer.apply(x) as tf.Tensor;
      const got = y.dataSync();
      xs.forEach((v, i) => expect(got[i]).toBeCloseTo(reference[name](v, beta ?? 1), 5));
      tf.dispose([x, y]);
      layer.dispose();
    }
  });

  test('β functions reject β ≤ 0; unknown names list the known ones', () => {
    const x = tf.tensor1d([1]);
    expect(() => swishBeta(x, 0)).toThrow(/beta must be a finite number > 0, but got 0/);
    expect(() => softplusBeta(x, -1)).toThrow(/but got -1/);
    expect(() => geluBeta(x, NaN)).toThrow(/but got NaN/);
    expect(() => getActivation('tanhh')).toThrow(/Unknown activation 'tanhh'. Known activations: relu, smelu/);
    x.dispose();
  });

  test('registerActivation adds an entry the experiment can use', () => {
    registerActivation(
        {name: 'test-elu', label: 'ELU', formula: 'elu', beta: null, createLayer: () => tfl.layers.elu()});
    expect(activationNames()).toContain('test-elu');
    expect(
        () => registerActivation(
            {name: 'Bad Name', label: '', formula: '', beta: null, createLayer: () => tfl.layers.elu()}))
        .toThrow(/but got 'Bad Name'/);
  });
});

test('LastAxisLayerNorm: same outputs and gradients as tfjs layerNormalization (which tiles γ, β)', () => {
  const x = tf.tensor2d([[1, -2, 0.5, 3], [0.2, 0.1, -0.4, 0], [5, 5, 5, 5.5]]);
  const ours = new LastAxisLayerNorm();
  const theirs = tfl.layers.layerNormalization({axis: -1});
  ours.build([3, 4]);
  theirs.build([3, 4]);
  // Non-trivial γ and β (same for both).
  const gamma = tf.tensor1d([1.5, -0.5, 1, 2]), beta = tf.tensor1d([0.1, 0.2, -0.3, 0]);
  ours.setWeights([gamma, beta]);
  theirs.setWeights([gamma, beta]);
  const weight = tf.tensor2d([[1, 2, 3, 4], [0, -1, 1, 0], [2, 2, -2, 1]]);
  const variablesOf = (layer: tfl.layers.Layer) =>
      layer.trainableWeights.map((w) => (w as unknown as {read(): tf.Variable}).read());
  const run = (layer: tfl.layers.Layer) =>
      tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, weight)) as tf.Scalar, variablesOf(layer));
  const [g1, g2] = [run(ours), run(theirs)];
  expect(g1.value.dataSync()[0]).toBeCloseTo(g2.value.dataSync()[0], 4);
  const grads = (g: {grads: tf.NamedTensorMap}, layer: tfl.layers.Layer) =>
      variablesOf(layer).map((v) => Array.from(g.grads[v.name].dataSync()));
  const [a, b] = [grads(g1, ours), grads(g2, theirs)];
  a.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(b[i][j], 4)));
  const [y1, y2] = [ours.apply(x) as tf.Tensor, theirs.apply(x) as tf.Tensor];
  const r1 = y1.dataSync(), r2 = y2.dataSync();
  r1.forEach((v, i) => expect(v).toBeCloseTo(r2[i], 5));
  // Each row normalized: (x − mean)/sqrt(var + 1e-3), by hand for the first row before γ, β.
  const row = [1, -2, 0.5, 3], m = row.reduce((p, q) => p + q) / 4, v = row.reduce((p, q) => p + (q - m) ** 2, 0) / 4;
  expect(r1[1]).toBeCloseTo(((-2 - m) / Math.sqrt(v + 1e-3)) * -0.5 + 0.2, 5);
  tf.dispose(
      [x, gamma, beta, weight, y1, y2, g1.value, g2.value, ...Object.values(g1.grads), ...Object.values(g2.grads)]);
  for (const layer of [ours, theirs]) variablesOf(layer).forEach((w) => w.dispose());
  expect(() => new LastAxisLayerNorm({epsilon: -1}))
      .toThrow('LastAxisLayerNorm layer: epsilon must be a finite number ≥ 0, but got -1.');
});

test('hiddenTower places the normalization before or after the activation', () => {
  const input = tfl.input({shape: [4]});
  const names = (placement: 'before'|'after') => {
    const out = hiddenTower(
        input, [3],
        {activation: getActivation('smelu'), beta: 1, initSeed: 1, norm: 'layer', normPlacement: placement});
    const model = tfl.model({inputs: input, outputs: out});
    const classes = model.layers.slice(1).map((l) => l.getClassName());
    model.dispose();
    return classes;
  };
  expect(names('before')).toEqual(['Dense', 'LastAxisLayerNorm', 'SmeLU']);
  expect(names('after')).toEqual(['Dense', 'SmeLU', 'LastAxisLayerNorm']);
});

test('ScatterEmbedding: same lookup and same gradient as tfjs Embedding', () => {
  const ids = tf.tensor2d([[3], [1], [3], [0], [3]], [5, 1], 'int32');
  const ours = new ScatterEmbedding({inputDim: 4, outputDim: 3, seed: 9});
  const theirs = tfl.layers.embedding({inputDim: 4, outputDim: 3});
  ours.build();
  theirs.build([5, 1]);
  theirs.setWeights(ours.getWeights());
  const weight = tf.tensor2d([[1, -2, 0.5], [0.3, 0, 1], [2, 1, -1], [-0.5, 0.25, 3], [1, 1, 1]]);
  const loss = (layer: tfl.layers.Layer) => () =>
      tf.sum(tf.mul(tf.reshape(layer.apply(ids) as tf.Tensor, [5, 3]), weight)) as tf.Scalar;
  const variableOf = (layer: tfl.layers.Layer) =>
      (layer.trainableWeights[0] as unknown as {read(): tf.Variable}).read();
  const g1 = tf.variableGrads(loss(ours), [variableOf(ours)]);
  const g2 = tf.variableGrads(loss(theirs), [variableOf(theirs)]);
  const grad = (g: {grads: tf.NamedTensorMap}, layer: tfl.layers.Layer) => g.grads[variableOf(layer).name];
  const a = grad(g1, ours).arraySync();
  const b = grad(g2, theirs).arraySync();
  expect(a).toEqual(b);
  // Row 3 was looked up three times: its gradient is the sum of three rows of `weight`.
  expect((a as number[][])[3]).toEqual([4, 0, 0.5]);
  const lookedUp = tf.tidy(
      () => tf.max(tf.abs(tf.sub(
          tf.reshape(ours.apply(ids) as tf.Tensor, [5, 3]), tf.reshape(theirs.apply(ids) as tf.Tensor, [5, 3])))));
  expect(lookedUp.dataSync()[0]).toBe(0);
  tf.dispose([ids, weight, lookedUp, g1.value, g2.value, ...Object.values(g1.grads), ...Object.values(g2.grads)]);
  // Standalone layers (never part of a model) free their weights by hand.
  variableOf(ours).dispose();
  variableOf(theirs).dispose();
});
