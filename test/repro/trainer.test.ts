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
  activationNames, epochOrder, geluBeta, getActivation, hiddenTower, LastAxisLayerNorm, outputLayer, registerActivation,
  replicaSeeds, ScatterEmbedding, SeededTrainer, seededPermutation, shuffleInPlace, softplusBeta, swishBeta, trainModel,
} from 'tfjs-smelu-repro';
import {smeluRef} from '../support/reference';
import {expectNoTensorLeaksPerTest} from '../support/leak_check';

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

async function trainAndPredict(initSeed: number, orderSeed: number, activation = 'smelu', shuffle: 'example'|'batch'|'none' = 'example') {
  const {x, y} = problem();
  const input = tfl.input({shape: [6]});
  const spec = getActivation(activation);
  const model = tfl.model({inputs: input, outputs: outputLayer(hiddenTower(input, [8, 8], {activation: spec, beta: 1, initSeed, norm: 'none'}), 1, initSeed)});
  await trainModel(model, [x], y, {
    epochs: 2, batchSize: 16, learningRate: 0.01, shuffle, orderSeed,
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

  test("shuffle 'none' ignores the order seed", async () => {
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
  const model = tfl.model({inputs: input, outputs: outputLayer(hiddenTower(input, [8, 8], {activation: spec, beta: 1, initSeed: 11, norm: 'none'}), 1, 11)});
  const trainer = new SeededTrainer(model, [x], y, {
    epochs: 2, batchSize: 16, learningRate: 0.01, shuffle: 'batch', orderSeed: 22,
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
  const isPermutation = (o: Int32Array, n: number) => o.length === n && new Set(o).size === n && o.every((v) => v >= 0 && v < n);

  test('every mode visits each example once', () => {
    for (const mode of ['example', 'batch', 'none'] as const) {
      expect(isPermutation(epochOrder(103, 10, mode, {orderSeed: 5, dataSeed: 1, epoch: 2}), 103)).toBe(true);
    }
  });

  test("'example' reshuffles per epoch and per order seed; 'none' is fixed", () => {
    const o = (orderSeed: number, epoch: number, mode: 'example'|'none') => Array.from(epochOrder(50, 8, mode, {orderSeed, dataSeed: 0, epoch}));
    expect(o(1, 0, 'example')).toEqual(o(1, 0, 'example'));
    expect(o(1, 0, 'example')).not.toEqual(o(1, 1, 'example'));
    expect(o(1, 0, 'example')).not.toEqual(o(2, 0, 'example'));
    expect(o(1, 0, 'none')).toEqual(o(2, 3, 'none'));
  });

  test("'batch' keeps each batch's examples together and only reorders batches", () => {
    const n = 40, size = 8;
    const base = epochOrder(n, size, 'none', {orderSeed: 0, dataSeed: 3, epoch: 0});
    const batchesOf = (order: Int32Array) => Array.from({length: n / size}, (_, b) => Array.from(order.subarray(b * size, (b + 1) * size)).sort((p, q) => p - q).join(','));
    const shuffled = epochOrder(n, size, 'batch', {orderSeed: 7, dataSeed: 3, epoch: 0});
    expect(batchesOf(shuffled).sort()).toEqual(batchesOf(base).sort());
    expect(Array.from(shuffled)).not.toEqual(Array.from(base));
  });
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
    registerActivation({name: 'test-elu', label: 'ELU', formula: 'elu', beta: null, createLayer: () => tfl.layers.elu()});
    expect(activationNames()).toContain('test-elu');
    expect(() => registerActivation({name: 'Bad Name', label: '', formula: '', beta: null, createLayer: () => tfl.layers.elu()}))
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
  const variablesOf = (layer: tfl.layers.Layer) => layer.trainableWeights.map((w) => (w as unknown as {read(): tf.Variable}).read());
  const run = (layer: tfl.layers.Layer) => tf.variableGrads(
      () => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, weight)) as tf.Scalar, variablesOf(layer));
  const [g1, g2] = [run(ours), run(theirs)];
  expect(g1.value.dataSync()[0]).toBeCloseTo(g2.value.dataSync()[0], 4);
  const grads = (g: {grads: tf.NamedTensorMap}, layer: tfl.layers.Layer) => variablesOf(layer).map((v) => Array.from(g.grads[v.name].dataSync()));
  const [a, b] = [grads(g1, ours), grads(g2, theirs)];
  a.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(b[i][j], 4)));
  const [y1, y2] = [ours.apply(x) as tf.Tensor, theirs.apply(x) as tf.Tensor];
  const r1 = y1.dataSync(), r2 = y2.dataSync();
  r1.forEach((v, i) => expect(v).toBeCloseTo(r2[i], 5));
  // Each row normalized: (x − mean)/sqrt(var + 1e-3), by hand for the first row before γ, β.
  const row = [1, -2, 0.5, 3], m = row.reduce((p, q) => p + q) / 4, v = row.reduce((p, q) => p + (q - m) ** 2, 0) / 4;
  expect(r1[1]).toBeCloseTo(((-2 - m) / Math.sqrt(v + 1e-3)) * -0.5 + 0.2, 5);
  tf.dispose([x, gamma, beta, weight, y1, y2, g1.value, g2.value, ...Object.values(g1.grads), ...Object.values(g2.grads)]);
  for (const layer of [ours, theirs]) variablesOf(layer).forEach((w) => w.dispose());
  expect(() => new LastAxisLayerNorm({epsilon: -1})).toThrow('LastAxisLayerNorm layer: epsilon must be a finite number ≥ 0, but got -1.');
});

test('hiddenTower places the normalization before or after the activation', () => {
  const input = tfl.input({shape: [4]});
  const names = (placement: 'before'|'after') => {
    const out = hiddenTower(input, [3], {activation: getActivation('smelu'), beta: 1, initSeed: 1, norm: 'layer', normPlacement: placement});
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
  const loss = (layer: tfl.layers.Layer) => () => tf.sum(tf.mul(tf.reshape(layer.apply(ids) as tf.Tensor, [5, 3]), weight)) as tf.Scalar;
  const variableOf = (layer: tfl.layers.Layer) => (layer.trainableWeights[0] as unknown as {read(): tf.Variable}).read();
  const g1 = tf.variableGrads(loss(ours), [variableOf(ours)]);
  const g2 = tf.variableGrads(loss(theirs), [variableOf(theirs)]);
  const grad = (g: {grads: tf.NamedTensorMap}, layer: tfl.layers.Layer) => g.grads[variableOf(layer).name];
  const a = grad(g1, ours).arraySync();
  const b = grad(g2, theirs).arraySync();
  expect(a).toEqual(b);
  // Row 3 was looked up three times: its gradient is the sum of three rows of `weight`.
  expect((a as number[][])[3]).toEqual([4, 0, 0.5]);
  const lookedUp = tf.tidy(() => tf.max(tf.abs(tf.sub(tf.reshape(ours.apply(ids) as tf.Tensor, [5, 3]), tf.reshape(theirs.apply(ids) as tf.Tensor, [5, 3])))));
  expect(lookedUp.dataSync()[0]).toBe(0);
  tf.dispose([ids, weight, lookedUp, g1.value, g2.value, ...Object.values(g1.grads), ...Object.values(g2.grads)]);
  // Standalone layers (never part of a model) free their weights by hand.
  variableOf(ours).dispose();
  variableOf(theirs).dispose();
});
