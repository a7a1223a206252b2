/**
 * Learned half-widths (SmeLU's β with learnBeta, g-SmeLU's α and β) never
 * reach 0, whatever their constraint: built-in names ('nonNeg'), none, a
 * PositiveFloor, a user's own constraint. The layers expose the values they
 * compute with (effectiveBeta / effectiveParams), and errors name the
 * parameter the user set (SmeLU's beta, never g-SmeLU's alpha).
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import {GeneralizedSmeLU, layers, PositiveFloor, SmeLU} from 'tfjs-smelu';
import {saveAndLoadInMemory} from '../support/model_round_trip';
import {generalizedSmeluRef, smeluRef} from '../support/reference';

const FLOOR = Math.fround(1e-3);

/** A user's own constraint (not a tfjs class): shifts the weight down by `by`. */
function shiftDown(by: number) {
  return {
    apply: (w: tf.Tensor) => tf.sub(w, by),
    getClassName: () => 'ShiftDown',
    getConfig: () => ({by}),
  };
}

/**
 * The constraint each case uses, what it does to a raw value, the floor, and
 * whether training moves the raw β at all (a constraint that pins β to the
 * floor from the start leaves it no gradient).
 */
const CONSTRAINTS: Array<[string, unknown, (raw: number) => number, number, boolean]> = [
  ['\'nonNeg\'', 'nonNeg', (w) => Math.max(w, 0), FLOOR, true],
  ['{className: NonNeg}', {className: 'NonNeg', config: {}}, (w) => Math.max(w, 0), FLOOR, true],
  ['none (null)', null, (w) => w, FLOOR, true],
  ['the default (PositiveFloor 1e-3)', undefined, (w) => Math.max(w, FLOOR), FLOOR, true],
  [
    'PositiveFloor({floor: 0.05})', new PositiveFloor({floor: 0.05}), (w) => Math.max(w, Math.fround(0.05)),
    Math.fround(0.05), true
  ],
  ['a user constraint (w - 10)', shiftDown(10), (w) => Math.fround(w - 10), FLOOR, false],
];

/** One SmeLU(learnBeta) layer after an input, compiled with plain SGD at learning rate `lr`. */
function smeluModel(betaConstraint: unknown, lr: number) {
  const layer = layers.smelu({beta: 0.5, learnBeta: true, betaConstraint: betaConstraint as never, name: 'act'});
  const model = tfl.sequential({layers: [tfl.layers.inputLayer({inputShape: [1]}), layer]});
  const optimizer = tf.train.sgd(lr);
  model.compile({optimizer, loss: 'meanSquaredError'});
  return {layer, model, optimizer};
}

function rawBeta(layer: tfl.layers.Layer): number {
  return tf.tidy(() => layer.getWeights()[0].dataSync()[0]);
}

describe('learned widths stay above their floor under every constraint', () => {
  let tensorsBefore = 0;
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  });
  beforeEach(() => {
    tensorsBefore = tf.memory().numTensors;
  });
  afterEach(() => {
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  const x = tf.tidy(() => tf.reshape(tf.linspace(-1, 1, 64), [64, 1]));
  const xs = Array.from(x.dataSync());
  afterAll(() => x.dispose());

  it.each(CONSTRAINTS)(
      'SmeLU learnBeta, constraint %s: training that pulls β below 0 leaves a working model',
      async (_label, constraint, applyConstraint, floor, moves) => {
        // The target is ReLU (β → 0) and the step is large: SGD overshoots β below zero.
        const {layer, model, optimizer} = smeluModel(constraint, 200);
        const y = tf.relu(x);
        await model.fit(x, y, {epochs: 5, batchSize: 64, verbose: 0});
        const raw = rawBeta(layer);
        // The stored weight did cross zero (or, pinned at the floor, never moved).
        expect(raw).toBe(moves ? Math.min(raw, -0.1) : 0.5);
        const used = Math.max(applyConstraint(raw), floor);
        expect((layer as SmeLU).effectiveBeta()).toBeCloseTo(used, 6);
        expect((layer as SmeLU).effectiveBeta()).toBeGreaterThanOrEqual(floor);
        const predicted = tf.tidy(() => Array.from((model.predict(x) as tf.Tensor).dataSync()));
        xs.forEach((v, i) => expect(predicted[i]).toBeCloseTo(smeluRef(v, used), 5));
        // Training goes on without an error.
        await model.fit(x, y, {epochs: 1, batchSize: 64, verbose: 0});
        y.dispose();
        model.dispose();
        optimizer.dispose();
      });

  it('the case from the report: betaConstraint nonNeg no longer ends in "alpha must be ... > 0, but got 0"',
     async () => {
       const {layer, model, optimizer} = smeluModel('nonNeg', 200);
       const y = tf.relu(x);
       await model.fit(x, y, {epochs: 5, batchSize: 64, verbose: 0});
       expect((layer as SmeLU).effectiveBeta()).toBe(FLOOR);
       tf.dispose([model.predict(x) as tf.Tensor, y]);
       model.dispose();
       optimizer.dispose();
     });

  it('effectiveBeta: the β in use, where getWeights() shows the raw weight; also before build and without learnBeta',
     () => {
       expect(layers.smelu({beta: 0.75}).effectiveBeta()).toBe(0.75);
       expect(layers.smelu({beta: 0.75, learnBeta: true}).effectiveBeta()).toBe(0.75);
       expect(layers.smelu({beta: 0.75, learnBeta: true, betaConstraint: shiftDown(10) as never}).effectiveBeta())
           .toBe(FLOOR);
       const layer = layers.smelu({beta: 0.5, learnBeta: true, betaConstraint: new PositiveFloor({floor: 0.2})});
       tf.tidy(() => {
         layer.apply(tf.zeros([1, 2]));
       });
       tf.tidy(() => layer.setWeights([tf.scalar(-3)]));
       expect(rawBeta(layer)).toBe(-3);
       expect(layer.effectiveBeta()).toBe(Math.fround(0.2));
       const out = tf.tidy(() => Array.from((layer.apply(tf.tensor1d([-1, 0, 0.1, 1])) as tf.Tensor).dataSync()));
       [-1, 0, 0.1, 1].forEach((v, i) => expect(out[i]).toBeCloseTo(smeluRef(v, 0.2), 6));
       layer.dispose();
     });

  it('effectiveBeta survives save and load', async () => {
    const layer = layers.smelu({beta: 0.5, learnBeta: true, betaConstraint: 'nonNeg', name: 'act'});
    const model = tfl.sequential({layers: [tfl.layers.inputLayer({inputShape: [1]}), layer]});
    tf.tidy(() => layer.setWeights([tf.scalar(-0.25)]));
    const loaded = await saveAndLoadInMemory(model);
    expect((loaded.getLayer('act') as SmeLU).effectiveBeta()).toBe(FLOOR);
    expect(rawBeta(loaded.getLayer('act'))).toBe(-0.25);
    model.dispose();
    loaded.dispose();
  });

  it('a diverged β (NaN, Infinity) is reported naming the SmeLU layer and its beta, not alpha', () => {
    for (const bad of [NaN, Infinity]) {
      const layer = layers.smelu({beta: 0.5, learnBeta: true, name: `diverged_${bad}`});
      const model = tfl.sequential({layers: [tfl.layers.inputLayer({inputShape: [1]}), layer]});
      tf.tidy(() => layer.setWeights([tf.scalar(bad)]));
      const message =
          `SmeLU layer 'diverged_${bad}': the learned beta (after betaConstraint and the floor 0.001) must be ` +
          `a finite number > 0, but got ${
              bad}; training diverged: lower the learning rate, or fix beta with learnBeta: false.`;
      expect(() => tf.tidy(() => model.predict(x))).toThrow(message);
      expect(() => tf.tidy(() => model.predict(x))).not.toThrow(/alpha/);
      model.dispose();
    }
  });

  it.each([
    'maxNorm', 'unitNorm', 'minMaxNorm'
  ])('a norm constraint (%s) on the scalar β is refused at build, naming betaConstraint', (name) => {
    const layer = layers.smelu({beta: 0.5, learnBeta: true, betaConstraint: name as never});
    expect(() => tfl.sequential({layers: [tfl.layers.inputLayer({inputShape: [1]}), layer]}))
        .toThrow(
            /^SmeLU layer: betaConstraint \((MaxNorm|UnitNorm|MinMaxNorm)\) cannot be applied to beta, a weight of shape \[\]: /);
    expect(layer.weights).toEqual([]);
  });

  describe('GeneralizedSmeLU', () => {
    it.each(CONSTRAINTS)(
        'α and β under constraint %s stay above the floor; effectiveParams gives what is used',
        (_label, constraint, applyConstraint, floor) => {
          const layer = layers.gSmelu({
            alpha: 0.5,
            beta: [0.5, 1],
            alphaConstraint: constraint as never,
            betaConstraint: constraint as never,
            gNeg: 0.1,
            gNegConstraint: 'nonNeg',
            name: 'g',
          });
          const model = tfl.sequential({layers: [tfl.layers.inputLayer({inputShape: [2]}), layer]});
          tf.tidy(
              () => layer.setWeights(
                  [tf.scalar(-2), tf.tensor1d([0.7, -1]), tf.scalar(-0.3), tf.scalar(1), tf.scalar(0)]));
          const used = {
            alpha: [Math.max(applyConstraint(-2), floor)],
            beta: [Math.max(applyConstraint(Math.fround(0.7)), floor), Math.max(applyConstraint(-1), floor)],
            gNeg: [0],
            gPos: [1],
            shift: [0],
          };
          const params = (layer as GeneralizedSmeLU).effectiveParams();
          expect(Object.keys(params)).toEqual(['alpha', 'beta', 'gNeg', 'gPos', 'shift']);
          for (const [name, values] of Object.entries(used)) {
            values.forEach((v, i) => expect(params[name as keyof typeof params][i]).toBeCloseTo(v, 6));
          }
          const input = [[-0.5, 0.4], [0.3, -2]];
          const out = tf.tidy(() => Array.from((model.predict(tf.tensor2d(input)) as tf.Tensor).dataSync()));
          input.flat().forEach(
              (v, i) => expect(out[i]).toBeCloseTo(
                  generalizedSmeluRef(v, {
                    alpha: params.alpha[0],
                    beta: params.beta[i % 2],
                    gNeg: 0,
                    gPos: 1,
                    shift: 0,
                  }),
                  5));
          model.dispose();
        });

    it('a diverged parameter is reported naming the layer and the parameter (with its channel)', () => {
      const layer = layers.gSmelu({beta: [1, 1], name: 'g'});
      const model = tfl.sequential({layers: [tfl.layers.inputLayer({inputShape: [2]}), layer]});
      tf.tidy(() => layer.setWeights([tf.scalar(1), tf.tensor1d([1, NaN]), tf.scalar(0), tf.scalar(1), tf.scalar(0)]));
      expect(() => tf.tidy(() => model.predict(tf.zeros([1, 2]))))
          .toThrow(
              'GeneralizedSmeLU layer \'g\': the learned beta[1] (after betaConstraint and the floor 0.001) must be a finite ' +
              'number > 0, but got NaN; training diverged: lower the learning rate, or leave beta out of trainableParams.');
      tf.tidy(
          () => layer.setWeights([tf.scalar(1), tf.tensor1d([1, 1]), tf.scalar(Infinity), tf.scalar(1), tf.scalar(0)]));
      expect(() => tf.tidy(() => model.predict(tf.zeros([1, 2]))))
          .toThrow(
              'GeneralizedSmeLU layer \'g\': the learned gNeg (after gNegConstraint) must be a finite number, but got Infinity;');
      model.dispose();
    });

    it('effectiveParams needs a built layer', () => {
      expect(() => layers.gSmelu({name: 'unbuilt'}).effectiveParams())
          .toThrow(
              'GeneralizedSmeLU layer \'unbuilt\': effectiveParams() needs a built layer; apply it to an input (or build its model) first.');
    });

    it('a norm constraint that cannot apply to a scalar parameter is refused at build, before any weight is added', () => {
      const layer = layers.gSmelu({alphaConstraint: 'maxNorm'});
      expect(() => layer.apply(tfl.input({shape: [3]})))
          .toThrow(
              /^GeneralizedSmeLU layer: alphaConstraint \(MaxNorm\) cannot be applied to alpha, a weight of shape \[\]: /);
      expect(layer.weights).toEqual([]);
      // Per channel (shape [C]) the same constraint applies.
      const perChannel = layers.gSmelu({alphaConstraint: 'maxNorm', perChannel: ['alpha']});
      const model = tfl.sequential({layers: [tfl.layers.inputLayer({inputShape: [3]}), perChannel]});
      expect(perChannel.weights.map((w) => w.shape)).toEqual([[3], [], [], [], []]);
      model.dispose();
    });
  });
});
