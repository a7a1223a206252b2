/**
 * The saved-model workload of `compare`, in process on the cpu backend: what
 * it reads off a model (task, loss, output), the losses against float64
 * formulas written out here, the variants made by swapActivations (with
 * their per-layer report), seeded re-initialization from the layers' own
 * initializer configs (same / different / shared across variants),
 * `start: 'saved weights'` (a replica's weights equal the bytes of the
 * file), seeded Dropout, refusals, and tensor bookkeeping.
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import * as fs from 'fs';
import * as path from 'path';

import 'tfjs-smelu';
import {getActivation, planExperiment, trainReplica} from 'tfjs-smelu-repro';
import {loadSavedModel} from '../../../repro/src/compare/files';
import {compareLossFunctions} from '../../../repro/src/compare/losses';
import {
  checkTrainingNoise,
  inspectSavedModel,
  resolveTask,
  SavedModelWorkload,
  savedModelWorkload,
  withSeededInitializers
} from '../../../repro/src/compare/saved_model';
import {bits, saveModel, savedWeights, tempDir} from './support';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

const sequential = (out: {units: number, activation: string} = {
  units: 1,
  activation: 'sigmoid'
}) => tfl.sequential({
  layers: [
    tfl.layers.dense({units: 8, activation: 'relu', inputShape: [4], name: 'hidden1'}),
    tfl.layers.dense({
      units: 6,
      activation: 'relu',
      name: 'hidden2',
      kernelInitializer: tfl.initializers.randomUniform({minval: -0.01, maxval: 0.01}),
      biasInitializer: 'ones'
    }),
    tfl.layers.dense({units: out.units, activation: out.activation as 'sigmoid', name: 'out'}),
  ]
});

/** One input, two branches (a ReLU Dense and a Dense + LeakyReLU), concatenated, softmax over 3 classes. */
function branched(): tfl.LayersModel {
  const input = tfl.input({shape: [4], name: 'features'});
  const a = tfl.layers.dense({units: 5, activation: 'relu', name: 'branch_a'}).apply(input) as tfl.SymbolicTensor;
  const b0 = tfl.layers.dense({units: 5, name: 'branch_b'}).apply(input) as tfl.SymbolicTensor;
  const b = tfl.layers.leakyReLU({alpha: 0.1, name: 'branch_b_leaky'}).apply(b0) as tfl.SymbolicTensor;
  const joined = tfl.layers.concatenate({name: 'join'}).apply([a, b]) as tfl.SymbolicTensor;
  const h = tfl.layers.reLU({name: 'join_relu'}).apply(joined) as tfl.SymbolicTensor;
  const out = tfl.layers.dense({units: 3, activation: 'softmax', name: 'classes'}).apply(h) as tfl.SymbolicTensor;
  return tfl.model({inputs: input, outputs: out});
}

const arrays = (nTrain: number, nEval: number, labels: (i: number) => number, multiclass = false) => {
  const x = (n: number, o: number) => Float32Array.from({length: n * 4}, (_, i) => Math.sin(i + o));
  const y = (n: number, o: number) => {
    const values = Array.from({length: n}, (_, i) => labels(i + o));
    return multiclass ? Int32Array.from(values) : Float32Array.from(values);
  };
  return {numFeatures: 4, trainX: x(nTrain, 0), trainY: y(nTrain, 0), evalX: x(nEval, 1000), evalY: y(nEval, 1000)};
};

describe('what compare reads off a model', () => {
  test('task and loss: from the compile config, else the output layer, else it asks', () => {
    const facts = inspectSavedModel(sequential(), 'm');
    expect(facts).toMatchObject({
      className: 'Sequential',
      layers: 3,
      inputWidth: 4,
      outputWidth: 1,
      outputLayer: 'out',
      outputActivation: 'sigmoid'
    });
    expect(facts.activations).toEqual(['hidden1: relu', 'hidden2: relu', 'out: sigmoid']);
    expect(resolveTask(facts, {loss: 'binary_crossentropy'}, undefined, 'm')).toEqual({
      task: 'binary',
      taskSource: 'compile config',
      outputMode: 'probabilities',
      numClasses: 1,
      loss: {name: 'binaryCrossentropy', identifier: 'binary_crossentropy', source: 'compile config'},
    });
    expect(resolveTask(facts, undefined, undefined, 'm'))
        .toMatchObject({task: 'binary', taskSource: 'output layer', loss: {source: 'task'}});
    const multi = inspectSavedModel(branched(), 'b');
    expect(multi).toMatchObject({className: 'Functional', outputWidth: 3, outputActivation: 'softmax'});
    expect(resolveTask(multi, undefined, undefined, 'b')).toMatchObject({
      task: 'multiclass',
      numClasses: 3,
      outputMode: 'probabilities',
      loss: {name: 'sparseCategoricalCrossentropy'}
    });
    const linear = inspectSavedModel(sequential({units: 1, activation: 'linear'}), 'r');
    expect(() => resolveTask(linear, undefined, undefined, 'r', '--task'))
        .toThrow(
            'cannot tell the task of r: it has no compile config and its output layer \'out\' (1 unit(s), activation \'linear\') does not say; give --task');
    expect(resolveTask(linear, undefined, 'regression', 'r'))
        .toMatchObject({task: 'regression', outputMode: 'values', loss: {name: 'meanSquaredError'}});
    expect(resolveTask(linear, undefined, 'binary', 'r')).toMatchObject({outputMode: 'logits'});
    expect(resolveTask(linear, {loss: {class_name: 'Huber', config: {delta: 0.5}}}, undefined, 'r'))
        .toMatchObject({task: 'regression', loss: {name: 'huber', delta: 0.5}});
  });

  test('conflicts and unsupported settings are refused with the reason', () => {
    const facts = inspectSavedModel(sequential(), 'm');
    expect(() => resolveTask(facts, {loss: 'binaryCrossentropy'}, 'regression', 'm', '--task'))
        .toThrow(
            '--task \'regression\' disagrees with the model\'s compiled loss \'binaryCrossentropy\', which trains a binary task (m).');
    expect(() => resolveTask(facts, {loss: 'poisson'}, undefined, 'm'))
        .toThrow('m: the compile config has the loss \'poisson\', which compare does not support');
    expect(
        () =>
            resolveTask(facts, {loss: {class_name: 'BinaryCrossentropy', config: {from_logits: true}}}, undefined, 'm'))
        .toThrow(/has from_logits true, but the output layer 'out' .* gives probabilities/);
    expect(
        () => resolveTask(
            facts, {loss: {class_name: 'BinaryCrossentropy', config: {label_smoothing: 0.1}}}, undefined, 'm'))
        .toThrow(/label_smoothing 0.1, which compare does not support/);
    const three = inspectSavedModel(sequential({units: 3, activation: 'softmax'}), 's');
    expect(() => resolveTask(three, undefined, 'binary', 's', '--task'))
        .toThrow(/a binary task needs 1 output unit.*; for 3 classes use --task multiclass/);
    const reluOut = inspectSavedModel(sequential({units: 3, activation: 'relu'}), 'x');
    expect(() => resolveTask(reluOut, undefined, 'multiclass', 'x'))
        .toThrow(/a multiclass classifier's output layer must have activation 'softmax'/);
    const i1 = tfl.input({shape: [2]}), i2 = tfl.input({shape: [2]});
    const two = tfl.model({inputs: [i1, i2], outputs: tfl.layers.add().apply([i1, i2]) as tfl.SymbolicTensor});
    expect(() => inspectSavedModel(two, 'two'))
        .toThrow(/two: compare feeds the CSV's feature columns to one input, but the model has 2 inputs/);
  });

  test('training noise: Dropout is seeded; Gaussian noise and recurrent dropout are refused', () => {
    const withDropout = tfl.sequential({
      layers: [
        tfl.layers.dense({units: 4, inputShape: [2], activation: 'relu'}), tfl.layers.dropout({rate: 0.5, name: 'drop'})
      ]
    });
    expect(checkTrainingNoise(withDropout, 'm')).toEqual(['drop']);
    const noisy = tfl.sequential({
      layers: [tfl.layers.dense({units: 4, inputShape: [2]}), tfl.layers.gaussianNoise({stddev: 0.1, name: 'noise'})]
    });
    expect(() => checkTrainingNoise(noisy, 'm'))
        .toThrow('m: layer \'noise\' (GaussianNoise) adds training-time noise that tfjs draws from Math.random');
    const rnn = tfl.sequential({
      layers: [tfl.layers.simpleRNN(
          {units: 2, inputShape: [3, 2], dropout: 0.2, name: 'rnn', recurrentInitializer: 'glorotUniform'})]
    });
    expect(() => checkTrainingNoise(rnn, 'm')).toThrow('m: layer \'rnn\' (SimpleRNN) has dropout or recurrentDropout');
    for (const m of [withDropout, noisy, rnn]) m.dispose();
  });
});

describe('the losses, against float64 formulas', () => {
  const loss =
      (name: string, mode: 'probabilities'|'logits'|'values', out: number[][], labels: number[], classes = 1,
       delta?: number) => tf.tidy(() => {
        const f = compareLossFunctions(
            {name: name as 'huber', identifier: null, source: 'task', ...(delta != null ? {delta} : {})}, mode,
            classes);
        const y = classes > 1 ? tf.tensor1d(labels, 'int32') : tf.tensor1d(labels);
        return Array.from(f.exampleLosses(tf.tensor2d(out), y).dataSync());
      });
  // The clip bounds as float32 holds them (1 − 1e-7 rounds to 1 − 2⁻²³), as in tfjs-layers and Keras on float32.
  const clip = (p: number) => Math.min(Math.fround(1 - 1e-7), Math.max(Math.fround(1e-7), p));

  test('binary cross-entropy on probabilities (clipped to [1e-7, 1 − 1e-7]) and on logits', () => {
    const p = [0.2, 0.9, 0, 1], y = [0, 1, 1, 0];
    const expected = p.map((v, i) => -(y[i] * Math.log(clip(v)) + (1 - y[i]) * Math.log(1 - clip(v))));
    loss('binaryCrossentropy', 'probabilities', p.map((v) => [v]), y)
        .forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4));
    // Confident wrong logits (−40 for y = 1, 40 for y = 0) cost ≈ 40: no clipping on the logit path.
    const z = [-3, 0.5, -40, 40];
    const sigma = (t: number) => 1 / (1 + Math.exp(-t));
    const expectedZ = z.map((v, i) => -(y[i] * Math.log(sigma(v)) + (1 - y[i]) * Math.log(sigma(-v))));
    expect(expectedZ[2]).toBeCloseTo(40, 6);
    loss('binaryCrossentropy', 'logits', z.map((v) => [v]), y)
        .forEach((v, i) => expect(v).toBeCloseTo(expectedZ[i], 4));
  });

  test('categorical cross-entropy on (renormalized) probabilities and on logits', () => {
    const p = [[0.2, 0.3, 0.5], [2, 1, 1]], y = [2, 0];
    const expected = [-Math.log(0.5), -Math.log(0.5)];
    loss('sparseCategoricalCrossentropy', 'probabilities', p, y, 3)
        .forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    const z = [[1, 2, 3], [0, -1, 4]];
    const lse = (r: number[]) => Math.log(r.reduce((a, v) => a + Math.exp(v), 0));
    loss('categoricalCrossentropy', 'logits', z, y, 3)
        .forEach((v, i) => expect(v).toBeCloseTo(lse(z[i]) - z[i][y[i]], 5));
  });

  test('MSE, MAE and Huber', () => {
    const p = [[1.5], [-2], [0.2]], y = [1, 1, 0.2];
    expect(loss('meanSquaredError', 'values', p, y)).toEqual([0.25, 9, 0].map((v) => expect.closeTo(v, 6)));
    expect(loss('meanAbsoluteError', 'values', p, y)).toEqual([0.5, 3, 0].map((v) => expect.closeTo(v, 6)));
    expect(loss('huber', 'values', p, y)).toEqual([0.125, 2.5, 0].map((v) => expect.closeTo(v, 6)));
    expect(loss('huber', 'values', p, y, 1, 0.25)).toEqual([
      0.25 * (0.5 - 0.125), 0.25 * (3 - 0.125), 0
    ].map((v) => expect.closeTo(v, 6)));
  });
});

/** Every weight of a model by its layer-relative name (layer/weight), as bit patterns. */
function weightBits(model: tfl.LayersModel): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const w of model.weights) out[w.originalName] = bits(w.read().dataSync() as Float32Array);
  return out;
}

describe('variants and replicas', () => {
  let workload: SavedModelWorkload;
  let baseline: number;
  const smelu = getActivation('smelu'), relu = getActivation('relu');
  const plan = (init: 'same'|'different') => planExperiment({
    variants: [{activation: 'relu'}, {activation: 'smelu', beta: 1}],
    replicas: 3,
    epochs: 1,
    batchSize: 8,
    learningRate: 0.01,
    seed: 3,
    regime: {init, order: 'different'},
    shuffle: 'batch',
    norm: 'none',
    topK: 1,
    bootstrapDraws: 10,
  });

  beforeAll(async () => {
    baseline = tf.memory().numTensors;
    const model = sequential();
    const facts = inspectSavedModel(model, 'm');
    workload = await savedModelWorkload(model, arrays(40, 10, (i) => i % 2), {
      ...resolveTask(facts, undefined, undefined, 'm'),
      start: 'initializers',
      betas: [1, 2],
      description: 'test',
      source: 'test'
    });
  });

  afterAll(() => {
    workload.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });

  test('the swap report: β=1 inserts SmeLU layers, β=2 swaps the activation string; ReLU is the model as saved', () => {
    expect(workload.swapReport('relu', null)).toEqual({replaced: [], skipped: []});
    expect(workload.swapReport('smelu', 1).replaced.map((r) => [r.layer, r.before, r.after])).toEqual([
      ['hidden1', 'activation \'relu\'', 'activation \'linear\' + SmeLU layer \'hidden1_smelu\' (beta=1)'],
      ['hidden2', 'activation \'relu\'', 'activation \'linear\' + SmeLU layer \'hidden2_smelu\' (beta=1)'],
    ]);
    expect(workload.swapReport('smelu', 2).replaced.map((r) => r.after)).toEqual([
      'activation \'smelu\' (beta=2)', 'activation \'smelu\' (beta=2)'
    ]);
    const m = workload.buildModel({activation: smelu, beta: 1, initSeed: 1, norm: 'none'});
    expect(m.layers.map((l) => l.getClassName())).toEqual(['Dense', 'SmeLU', 'Dense', 'SmeLU', 'Dense']);
    m.dispose();
  });

  test(
      'init same: every replica, and the ReLU and SmeLU variants, start from identical weights drawn from the layers\' initializer configs',
      () => {
        const tasks = plan('same').tasks;
        const models = tasks.map((t) => workload.buildModel({
          activation: t.variant === 0 ? relu : smelu,
          beta: t.variant === 0 ? undefined : 1,
          initSeed: t.initSeed,
          orderSeed: t.orderSeed,
          norm: 'none'
        }));
        const first = weightBits(models[0]);
        for (const m of models) expect(weightBits(m)).toEqual(first);
        // The layers' own configs: hidden2's kernel U(−0.01, 0.01) and bias ones, the rest glorot-uniform-like and zero
        // biases.
        const w = (name: string) => models[0].weights.find((v) => v.originalName === name)!.read().dataSync();
        expect(Math.max(...Array.from(w('hidden2/kernel')).map(Math.abs))).toBeLessThanOrEqual(0.01);
        expect(Array.from(w('hidden2/bias'))).toEqual(new Array(6).fill(1));
        expect(Array.from(w('hidden1/bias'))).toEqual(new Array(8).fill(0));
        expect(Math.max(...Array.from(w('hidden1/kernel')).map(Math.abs))).toBeGreaterThan(0.05);
        models.forEach((m) => m.dispose());
      });

  test('init different: each replica has its own initial weights; the same seed gives the same weights again', () => {
    const tasks = plan('different').tasks.filter((t) => t.variant === 0);
    const build = (seed: number) =>
        workload.buildModel({activation: relu, beta: undefined, initSeed: seed, norm: 'none'});
    const models = tasks.map((t) => build(t.initSeed));
    const kernels = models.map((m) => weightBits(m)['hidden1/kernel']);
    expect(kernels[0]).not.toEqual(kernels[1]);
    expect(kernels[1]).not.toEqual(kernels[2]);
    const again = build(tasks[1].initSeed);
    expect(weightBits(again)).toEqual(weightBits(models[1]));
    [...models, again].forEach((m) => m.dispose());
  });

  test(
      'withSeededInitializers seeds every initializer that takes a seed, by layer name and key, and refuses one that cannot be seeded',
      () => {
        const config = {
          name: 'seq',
          layers: [
            {
              className: 'Dense',
              config: {
                name: 'd1',
                kernelInitializer: {className: 'GlorotUniform', config: {seed: null}},
                biasInitializer: {className: 'Zeros', config: {}}
              }
            },
            {
              className: 'Dense',
              config: {name: 'd2', kernelInitializer: {className: 'GlorotUniform', config: {seed: null}}}
            },
          ]
        };
        const a = withSeededInitializers(config, 5), b = withSeededInitializers(config, 5);
        const seedOf = (c: typeof config, i: number) =>
            (c.layers[i].config.kernelInitializer.config as unknown as {seed: number}).seed;
        expect(seedOf(a, 0)).toBe(seedOf(b, 0));
        expect(seedOf(a, 0)).not.toBe(seedOf(a, 1));
        expect(seedOf(withSeededInitializers(config, 6), 0)).not.toBe(seedOf(a, 0));
        expect(config.layers[0].config.kernelInitializer.config.seed).toBeNull();  // the input is not modified
        const unseedable = {
          layers: [{className: 'Dense', config: {name: 'd', kernelInitializer: {className: 'MyInit', config: {}}}}]
        };
        expect(() => withSeededInitializers(unseedable, 1))
            .toThrow('layer \'d\': its kernelInitializer \'MyInit\' takes no seed');
      });

  test(
      'a rerun of a replica task gives bit-identical eval outputs; replicas with other order seeds differ',
      async () => {
        const p = plan('same');
        const [a, b, c] = [
          await trainReplica(workload, p, p.tasks[0]), await trainReplica(workload, p, p.tasks[0]),
          await trainReplica(workload, p, p.tasks[1])
        ];
        expect(bits(b.probabilities)).toEqual(bits(a.probabilities));
        expect(bits(b.exampleLosses)).toEqual(bits(a.exampleLosses));
        expect(bits(c.probabilities)).not.toEqual(bits(a.probabilities));
      });
});

describe('saved models from files', () => {
  test(
      'start from the saved weights: every replica\'s weights equal the bytes of weights.bin (Sequential and functional with branches)',
      async () => {
        const dir = tempDir();
        for (const [name, make] of [['seq', () => sequential()], ['branched', branched]] as const) {
          const file = await saveModel(make(), path.join(dir, name));
          const inFile = savedWeights(file);
          const {model} = await loadSavedModel(file);
          const facts = inspectSavedModel(model, name);
          const workload =
              await savedModelWorkload(model, arrays(20, 5, (i) => i % (name === 'seq' ? 2 : 3), name !== 'seq'), {
                ...resolveTask(facts, undefined, undefined, name),
                start: 'saved weights',
                betas: [1],
                description: name,
                source: name
              });
          for (const [activation, beta, initSeed] of [
                   [getActivation('relu'), undefined, 1], [getActivation('smelu'), 1, 2]] as const) {
            const replica = workload.buildModel({activation, beta, initSeed, norm: 'none'});
            const weights = weightBits(replica);
            expect(Object.keys(weights).sort()).toEqual([...inFile.keys()].sort());
            for (const [key, values] of inFile) expect(weights[key]).toEqual(bits(values));
            replica.dispose();
          }
          if (name === 'branched') {
            // Both ReLUs (the Dense branch and the ReLU layer after the join) are swapped; the LeakyReLU branch is left
            // alone, with the reason.
            const report = workload.swapReport('smelu', 1);
            expect(report.replaced.map((r) => [r.layer, r.className, r.before])).toEqual([
              ['branch_a', 'Dense', 'activation \'relu\''], ['join_relu', 'ReLU', 'ReLU()']
            ]);
            expect(report.skipped.map((s) => [s.layer, s.activation])).toEqual([
              ['branch_b_leaky', 'LeakyReLU(alpha=0.1)']
            ]);
            expect(report.skipped[0].reason).toMatch(/'leakyReLU' is not in options.from/);
          }
          workload.dispose();
        }
        fs.rmSync(dir, {recursive: true});
      });

  test('a model without a ReLU to swap is refused, naming the activations it has', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({units: 4, inputShape: [4], activation: 'tanh', name: 'h'}),
        tfl.layers.dense({units: 1, activation: 'sigmoid', name: 'o'})
      ]
    });
    const facts = inspectSavedModel(model, 'm');
    const before = tf.memory().numTensors - model.weights.length;
    await expect(savedModelWorkload(model, arrays(10, 4, (i) => i % 2), {
      ...resolveTask(facts, undefined, undefined, 'm'),
      start: 'initializers',
      betas: [1],
      description: 'm',
      source: 'm'
    }))
        .rejects.toThrow(
            'the model has no activation that swapActivations replaces (plain ReLU: activation \'relu\', ReLU() or ' +
            'Activation(\'relu\') layers), so its SmeLU variant would be the model itself. Activations found: h: tanh, o: sigmoid.');
    expect(tf.memory().numTensors).toBe(before);  // the model and everything made from it were disposed
  });

  test(
      'Dropout draws a fresh seeded mask on every training call: the same order seed repeats the sequence',
      async () => {
        const model = tfl.sequential({
          layers: [
            tfl.layers.dense({units: 16, inputShape: [4], activation: 'relu', name: 'h'}),
            tfl.layers.dropout({rate: 0.5, name: 'drop'}),
            tfl.layers.dense({units: 1, activation: 'sigmoid', name: 'o'})
          ]
        });
        const facts = inspectSavedModel(model, 'm');
        const workload = await savedModelWorkload(model, arrays(10, 4, (i) => i % 2), {
          ...resolveTask(facts, undefined, undefined, 'm'),
          start: 'initializers',
          betas: [],
          description: 'm',
          source: 'm'
        });
        const calls = (orderSeed: number) => {
          const m = workload.buildModel(
              {activation: getActivation('relu'), beta: undefined, initSeed: 1, orderSeed, norm: 'none'});
          const out = [0, 1].map(
              () => tf.tidy(() => Array.from((m.apply(tf.ones([2, 4]), {training: true}) as tf.Tensor).dataSync())));
          const inference = tf.tidy(() => Array.from((m.apply(tf.ones([2, 4])) as tf.Tensor).dataSync()));
          m.dispose();
          return {out, inference};
        };
        const a = calls(7), b = calls(7), c = calls(8);
        expect(a.out[0]).not.toEqual(a.out[1]);  // a new mask per call
        expect(b).toEqual(a);                    // the same seeds, the same masks
        expect(c.out).not.toEqual(a.out);
        expect(c.inference).toEqual(a.inference);  // no dropout at inference
        workload.dispose();
      });
});
