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
  activationNames, epochOrder, geluBeta, getActivation, hiddenTower, outputLayer, registerActivation, replicaSeeds,
  ScatterEmbedding, softplusBeta, swishBeta, trainModel,
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
