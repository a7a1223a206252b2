/**
 * The GeneralizedSmeLU layer (`layers.gSmelu`) and the learnable-β SmeLU layer
 * (`layers.smelu({learnBeta: true})`) on cpu: parameters fixed or trainable,
 * scalar or per channel, initializers, constraints, regularizers, config and
 * save/load round trips, and training that moves β and lowers the loss.
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import {GeneralizedSmeLU, layers, PositiveFloor, SmeLU} from 'tfjs-smelu';
import {saveAndLoadInMemory} from '../support/model_round_trip';
import {GeneralizedSmeLURefParams, generalizedSmeluRef, smeluRef} from '../support/reference';

function weightValues(layer: tfl.layers.Layer): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const w of layer.weights) out[w.originalName.split('/').pop()!] = Array.from(w.read().dataSync());
  return out;
}

const BASE: GeneralizedSmeLURefParams = {
  alpha: 2,
  beta: 2,
  gNeg: 0,
  gPos: 1,
  shift: 0
};

describe('GeneralizedSmeLU layer', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  });

  let tensorsBefore = 0;
  beforeEach(() => {
    tensorsBefore = tf.memory().numTensors;
  });

  it('computes g-SmeLU with its parameters; scalar weights by default, all trainable', async () => {
    const p = {alpha: 1, beta: 2, gNeg: -0.5, gPos: 1.5, shift: 0.25};
    const layer = layers.gSmelu(p);
    expect(layer).toBeInstanceOf(GeneralizedSmeLU);
    expect(layer.getClassName()).toBe('GeneralizedSmeLU');
    const xs = [-4, -1, -0.3, 0, 0.7, 2, 5];
    const x = tf.tensor2d([xs]);
    const y = layer.apply(x) as tf.Tensor;
    expect(y.shape).toEqual([1, 7]);
    const got = await y.data();
    xs.forEach((x, i) => expect(got[i]).toBeCloseTo(generalizedSmeluRef(x, p), 5));
    expect(layer.trainableWeights.map((w) => w.shape)).toEqual([[], [], [], [], []]);
    expect(layer.trainableWeights.map((w) => w.originalName.split('/').pop())).toEqual([
      'alpha', 'beta', 'gNeg', 'gPos', 'shift'
    ]);
    expect(layer.computeOutputShape([null, 7, 3])).toEqual([null, 7, 3]);
    tf.dispose([x, y]);
    layer.dispose();
  });

  it('defaults to smelu(x, 2)', async () => {
    const layer = layers.gSmelu();
    const xs = [-3, -2, -1, 0, 1, 2, 3];
    const x = tf.tensor1d(xs);
    const y = layer.apply(x) as tf.Tensor;
    expect(Array.from(await y.data())).toEqual(xs.map((v) => smeluRef(v, 2)));
    tf.dispose([x, y]);
    layer.dispose();
  });

  it('keeps fixed parameters as non-trainable weights and per-channel ones at shape [C]', async () => {
    const layer = layers.gSmelu({
      beta: [0.5, 1, 2],
      gNeg: 0.1,
      perChannel: ['alpha'],
      trainableParams: ['beta', 'alpha'],
    });
    const model = tfl.sequential({layers: [tfl.layers.inputLayer({inputShape: [3]}), layer]});
    expect(layer.trainableWeights.map((w) => [w.originalName.split('/').pop(), w.shape])).toEqual([
      ['alpha', [3]], ['beta', [3]]
    ]);
    expect(layer.nonTrainableWeights.map((w) => [w.originalName.split('/').pop(), w.shape])).toEqual([
      ['gNeg', []], ['gPos', []], ['shift', []]
    ]);
    expect(weightValues(layer))
        .toEqual({alpha: [2, 2, 2], beta: [0.5, 1, 2], gNeg: [Math.fround(0.1)], gPos: [1], shift: [0]});
    const x = tf.tensor2d([[0.3, 0.3, 0.3]]);
    const y = model.predict(x) as tf.Tensor;
    const got = await y.data();
    [0.5, 1, 2].forEach(
        (beta, ch) =>
            expect(got[ch]).toBeCloseTo(generalizedSmeluRef(0.3, {...BASE, beta, gNeg: Math.fround(0.1)}), 5));
    tf.dispose([x, y]);
    model.dispose();
  });

  it('takes per-channel parameters along an `axis` option', async () => {
    const layer = layers.gSmelu({shift: [1, 2], axis: 1});
    const x = tf.zeros([3, 2, 4]);
    const y = layer.apply(x) as tf.Tensor;
    const got = await y.data();
    for (let i = 0; i < got.length; ++i) {
      expect(got[i]).toBeCloseTo(generalizedSmeluRef(0, {...BASE, shift: Math.floor(i / 4) % 2 + 1}), 6);
    }
    tf.dispose([x, y]);
    layer.dispose();
  });

  it('takes initializers, regularizers and constraints by object, name or config', async () => {
    const layer = layers.gSmelu({
      betaInitializer: tfl.initializers.constant({value: 0.7}),
      alphaInitializer: 'ones',
      gPosInitializer: {className: 'Constant', config: {value: 0.9}},
      betaRegularizer: tfl.regularizers.l2({l2: 0.1}),
      gNegRegularizer: 'l1l2',
      gPosConstraint: 'nonNeg',
      perChannel: ['beta'],
    });
    const x = tf.zeros([1, 2]);
    tf.dispose(layer.apply(x) as tf.Tensor);
    x.dispose();
    expect(weightValues(layer)).toEqual({
      alpha: [1],
      beta: [Math.fround(0.7), Math.fround(0.7)],
      gNeg: [0],
      gPos: [Math.fround(0.9)],
      shift: [0],
    });
    // Regularization losses: 0.1·Σβ² and l1l2 defaults (0.01) on g₋ = 0.
    const losses = layer.losses.map((f) => tf.tidy(() => f().dataSync()[0]));
    expect(losses[0]).toBeCloseTo(0.1 * 2 * 0.49, 6);
    expect(losses[1]).toBe(0);
    expect(() => layers.gSmelu({
      betaInitializer: 'noSuchInit'
    })).toThrow(/GeneralizedSmeLU layer: betaInitializer names an unknown class 'NoSuchInit'/);
    layer.dispose();
  });

  it('keeps α and β above the PositiveFloor even when training drives them below it', async () => {
    const floor = new PositiveFloor({floor: 0.05});
    const floored = tf.tidy(() => Array.from(floor.apply(tf.tensor1d([-1, 0.01, 3])).dataSync()));
    expect(floored).toEqual([Math.fround(0.05), Math.fround(0.05), 3]);
    expect(() => new PositiveFloor({floor: 0})).toThrow(/PositiveFloor: floor must be a finite number > 0, but got 0/);
    // The target is ReLU (β → 0); SGD with a big step overshoots β below zero.
    const layer = layers.gSmelu({
      beta: 0.5,
      alpha: 0.5,
      betaConstraint: floor,
      trainableParams: ['alpha', 'beta'],
      alphaConstraint: {className: 'PositiveFloor', config: {floor: 0.05}},
    });
    const model = tfl.sequential({layers: [tfl.layers.inputLayer({inputShape: [1]}), layer]});
    const optimizer = tf.train.sgd(50);
    model.compile({optimizer, loss: 'meanSquaredError'});
    const x = tf.tidy(() => tf.reshape(tf.linspace(-1, 1, 64), [64, 1]));
    const y = tf.relu(x);
    await model.fit(x, y, {epochs: 3, batchSize: 64, verbose: 0});
    const {alpha, beta} = weightValues(layer);
    const effective = {alpha: Math.max(alpha[0], Math.fround(0.05)), beta: Math.max(beta[0], Math.fround(0.05))};
    const pred = model.predict(x) as tf.Tensor;
    const xs = await x.data(), ps = await pred.data();
    for (let i = 0; i < xs.length; ++i) {
      expect(Number.isFinite(ps[i])).toBe(true);
      expect(ps[i]).toBeCloseTo(generalizedSmeluRef(xs[i], {...BASE, ...effective}), 5);
    }
    expect(Math.min(alpha[0], beta[0])).toBeLessThan(0.05);  // the stored weight did overshoot
    tf.dispose([x, y, pred]);
    model.dispose();
    optimizer.dispose();
  });

  it('round-trips its config through getConfig/fromConfig and JSON', () => {
    const layer = layers.gSmelu({
      alpha: 0.5,
      beta: [1, 2],
      gNeg: -0.1,
      gPos: 1.1,
      shift: 0.2,
      perChannel: ['gNeg'],
      trainableParams: ['beta', 'gNeg'],
      axis: -1,
      name: 'act',
      betaRegularizer: tfl.regularizers.l2({l2: 0.01}),
      gPosConstraint: tfl.constraints.nonNeg(),
    });
    const config = layer.getConfig();
    expect(config.perChannel).toEqual(['beta', 'gNeg']);
    expect(config.trainableParams).toEqual(['beta', 'gNeg']);
    expect(config.betaConstraint).toEqual({className: 'PositiveFloor', config: {floor: 1e-3}});
    const rebuilt = GeneralizedSmeLU.fromConfig(GeneralizedSmeLU, JSON.parse(JSON.stringify(config)));
    expect(rebuilt.getConfig()).toEqual(JSON.parse(JSON.stringify(config)));
  });

  it('save/load with trained per-channel β reproduces predictions and every parameter', async () => {
    const model = tfl.sequential();
    model.add(tfl.layers.dense({
      units: 4,
      inputShape: [3],
      kernelInitializer: tfl.initializers.glorotNormal({seed: 5}),
    }));
    model.add(layers.gSmelu({beta: 1, perChannel: ['beta', 'gPos'], trainableParams: ['beta', 'gPos']}));
    model.add(tfl.layers.dense({units: 1, kernelInitializer: tfl.initializers.glorotNormal({seed: 6})}));
    const optimizer = tf.train.adam(0.05);
    model.compile({optimizer, loss: 'meanSquaredError'});
    const x = tf.randomNormal([64, 3], 0, 1, 'float32', 7);
    const y = tf.tidy(() => tf.sum(tf.abs(x), 1, true));
    await model.fit(x, y, {epochs: 20, batchSize: 16, verbose: 0, shuffle: false});
    const gs = model.layers[1];
    const trainedBeta = weightValues(gs).beta;
    expect(trainedBeta.some((b) => Math.abs(b - 1) > 1e-3)).toBe(true);
    expect(new Set(trainedBeta).size).toBeGreaterThan(1);  // channels learned different β

    const loaded = await saveAndLoadInMemory(model);
    expect(loaded.layers[1]).toBeInstanceOf(GeneralizedSmeLU);
    expect(weightValues(loaded.layers[1])).toEqual(weightValues(gs));
    const before = model.predict(x) as tf.Tensor, after = loaded.predict(x) as tf.Tensor;
    expect(Array.from(await after.data())).toEqual(Array.from(await before.data()));
    expect(loaded.layers[1].getConfig()).toEqual({...gs.getConfig(), name: loaded.layers[1].name});
    tf.dispose([x, y, before, after]);
    model.dispose();
    loaded.dispose();
    optimizer.dispose();
  });

  it('learns per-channel β toward the β that generated the data and lowers the loss', async () => {
    const trueBeta = [0.5, 1.5, 3];
    const x = tf.randomUniform([256, 3], -4, 4, 'float32', 11);
    const xs = await x.data();
    const target =
        tf.tensor2d(Array.from(xs, (v, i) => generalizedSmeluRef(v, {...BASE, beta: trueBeta[i % 3]})), [256, 3]);
    const layer = layers.gSmelu({beta: 2, perChannel: ['beta'], trainableParams: ['beta']});
    const model = tfl.sequential({layers: [tfl.layers.inputLayer({inputShape: [3]}), layer]});
    const optimizer = tf.train.adam(0.05);
    model.compile({optimizer, loss: 'meanSquaredError'});
    const history = await model.fit(x, target, {epochs: 60, batchSize: 256, verbose: 0});
    const losses = history.history.loss as number[];
    expect(losses[losses.length - 1]).toBeLessThan(0.01 * losses[0]);
    const learned = weightValues(layer).beta;
    learned.forEach((b, ch) => expect(Math.abs(b - trueBeta[ch])).toBeLessThan(0.25 * Math.abs(2 - trueBeta[ch])));
    tf.dispose([x, target]);
    model.dispose();
    optimizer.dispose();
  });

  it('rejects bad parameters, naming the parameter and the sizes', () => {
    expect(() => layers.gSmelu({
      alpha: 0
    })).toThrow('GeneralizedSmeLU layer: alpha must be a finite number > 0, but got 0.');
    expect(() => layers.gSmelu({beta: [1, -2]})).toThrow(/beta\[1\] must be a finite number > 0, but got -2/);
    expect(() => layers.gSmelu({gNeg: NaN})).toThrow(/gNeg must be a finite number, but got NaN/);
    expect(() => layers.gSmelu({shift: Infinity})).toThrow(/shift must be a finite number, but got Infinity/);
    expect(() => layers.gSmelu({
      perChannel: ['gamma' as 'beta']
    })).toThrow(/perChannel must be an array of parameter names/);
    expect(() => layers.gSmelu({beta: []})).toThrow(/beta must be a number or a non-empty array/);
    const mismatch = layers.gSmelu({beta: [1, 2, 3]});
    expect(() => mismatch.apply(tfl.input({shape: [4]})))
        .toThrow(
            'GeneralizedSmeLU layer: beta has 3 initial values but the input (shape [,4]) has 4 channels along axis -1.');
    const unknown = layers.gSmelu({perChannel: ['beta']});
    expect(() => unknown.apply(tfl.input({shape: [null]})))
        .toThrow(/per-channel parameters need a known channel dimension, but axis -1 of input shape \[,\] is unknown/);
    // A built layer applied to another channel count: the op's check names sizes.
    const built = layers.gSmelu({beta: [1, 2]});
    const model = tfl.sequential({layers: [tfl.layers.inputLayer({inputShape: [2]}), built]});
    expect(() => tf.tidy(() => built.apply(tf.zeros([1, 3])) as tf.Tensor))
        .toThrow(
            /beta has 2 values \(shape \[2\]\) but must hold 1 value or one per channel: the input \(shape \[1,3\]\) has 3 channels/);
    model.dispose();
  });

  afterEach(() => {
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});

describe('SmeLU layer with learnBeta', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  });

  it('is unchanged without learnBeta: no weights, same config', () => {
    const layer = layers.smelu({beta: 0.75, name: 'plain'});
    layer.build([null, 3]);
    expect(layer.weights).toEqual([]);
    expect(layer.getConfig()).toEqual({beta: 0.75, name: 'plain', trainable: true});
  });

  it('starts as smelu(x, β) and learns β by fit(), lowering the loss; save/load keeps it', async () => {
    const before = tf.memory().numTensors;
    const layer = layers.smelu({beta: 2, learnBeta: true});
    expect(layer).toBeInstanceOf(SmeLU);
    const model = tfl.sequential({layers: [tfl.layers.inputLayer({inputShape: [1]}), layer]});
    const x = tf.tidy(() => tf.reshape(tf.linspace(-3, 3, 121), [121, 1]));
    const xs = await x.data();
    const initial = model.predict(x) as tf.Tensor;
    const initialValues = await initial.data();
    xs.forEach(
        (v, i) => expect(Math.abs(initialValues[i] - smeluRef(v, 2)))
                      .toBeLessThanOrEqual(2 ** -22 * Math.max(1, smeluRef(v, 2))));
    expect(layer.trainableWeights.map((w) => w.shape)).toEqual([[]]);

    const target = tf.tensor2d(Array.from(xs, (v) => smeluRef(v, 0.6)), [121, 1]);
    const optimizer = tf.train.adam(0.05);
    model.compile({optimizer, loss: 'meanSquaredError'});
    const history = await model.fit(x, target, {epochs: 80, batchSize: 121, verbose: 0});
    const losses = history.history.loss as number[];
    expect(losses[losses.length - 1]).toBeLessThan(0.01 * losses[0]);
    const learned = layer.trainableWeights[0].read().dataSync()[0];
    expect(Math.abs(learned - 0.6)).toBeLessThan(0.1);

    const config = layer.getConfig();
    expect(config.learnBeta).toBe(true);
    expect(config.betaConstraint).toEqual({className: 'PositiveFloor', config: {floor: 1e-3}});
    const loaded = await saveAndLoadInMemory(model);
    const p1 = model.predict(x) as tf.Tensor, p2 = loaded.predict(x) as tf.Tensor;
    expect(Array.from(await p2.data())).toEqual(Array.from(await p1.data()));
    const loadedLayer = loaded.layers.find((l) => l instanceof SmeLU) as SmeLU;
    expect(loadedLayer.learnBeta).toBe(true);
    expect(loadedLayer.getConfig()).toEqual({...config, name: loadedLayer.name});
    tf.dispose([x, initial, target, p1, p2]);
    model.dispose();
    loaded.dispose();
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a non-boolean learnBeta', () => {
    expect(() => layers.smelu({
      learnBeta: 'yes' as unknown as boolean
    })).toThrow('SmeLU layer: learnBeta must be a boolean, but got the string "yes".');
  });
});
