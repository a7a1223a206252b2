/**
 * swapActivations on real cpu-backend models: Sequential, functional (several
 * inputs/outputs, a branch, shared layers), nested and recurrent models.
 * References: hand-built SmeLU models with the same weights, and a float64 MLP.
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import {layers, swapActivations} from 'tfjs-smelu';
import {EditableJSON} from '../support/json';
import {expectNoTensorLeaksPerTest} from '../support/leak_check';
import {saveAndLoadInMemory} from '../support/model_round_trip';
import {maxRelativeError} from '../support/reference';
import {
  copyWeightsByName,
  denseWeights,
  disposeFully,
  expectIdenticalWeights,
  identity,
  mlpReference,
  predictArrays,
  seededBias,
  seededKernel,
  smeluAct,
  spreadInput,
} from '../support/swap_helpers';

type Sym = tfl.SymbolicTensor;

function dense(name: string, units: number, seed: number, extra: Record<string, unknown> = {}) {
  return tfl.layers.dense({
    name,
    units,
    kernelInitializer: seededKernel(seed),
    biasInitializer: seededBias(seed + 100),
    ...extra,
  });
}

/** Dense(relu) → Dense(relu) → Dense(linear), optionally with a standalone ReLU layer. */
function reluMlp(): tfl.Sequential {
  return tfl.sequential({
    layers: [
      dense('d1', 6, 1, {inputShape: [5], activation: 'relu'}),
      dense('d2', 5, 2, {activation: 'relu'}),
      tfl.layers.reLU({name: 'r'}),
      dense('d3', 3, 3),
    ],
  });
}

/** Two inputs, a shared Dense(relu) applied to both, a branch, two outputs. */
function reluGraph(activation = 'relu'): tfl.LayersModel {
  const a = tfl.input({shape: [4], name: 'a'});
  const b = tfl.input({shape: [4], name: 'b'});
  const shared = dense('shared', 3, 10, {activation});
  const sa = shared.apply(a) as Sym;
  const sb = shared.apply(b) as Sym;
  const left = tfl.layers.reLU({name: 'plain_relu'}).apply(sa) as Sym;
  const right = tfl.layers.activation({activation: 'relu', name: 'act_relu'}).apply(sb) as Sym;
  const capped = tfl.layers.reLU({maxValue: 6, name: 'capped'}).apply(sb) as Sym;
  const merged = tfl.layers.concatenate({name: 'merge'}).apply([left, right, capped]) as Sym;
  const head = dense('head', 2, 11).apply(merged) as Sym;
  return tfl.model({inputs: [a, b], outputs: [head, sa]});
}

/** The hand-built SmeLU twin of reluGraph for a given β (no swapping involved). */
function smeluGraph(beta: number): tfl.LayersModel {
  const a = tfl.input({shape: [4], name: 'a'});
  const b = tfl.input({shape: [4], name: 'b'});
  const shared = dense('shared', 3, 20, {activation: beta === 2 ? 'smelu' : 'linear'});
  let sa = shared.apply(a) as Sym;
  let sb = shared.apply(b) as Sym;
  if (beta !== 2) {
    const after = layers.smelu({beta, name: 'shared_smelu'});
    sa = after.apply(sa) as Sym;
    sb = after.apply(sb) as Sym;
  }
  const left = layers.smelu({beta, name: 'plain_relu'}).apply(sa) as Sym;
  const right = layers.smelu({beta, name: 'act_relu'}).apply(sb) as Sym;
  const capped = tfl.layers.reLU({maxValue: 6, name: 'capped'}).apply(sb) as Sym;
  const merged = tfl.layers.concatenate({name: 'merge'}).apply([left, right, capped]) as Sym;
  const head = dense('head', 2, 21).apply(merged) as Sym;
  return tfl.model({inputs: [a, b], outputs: [head, sa]});
}

function topologyOf(model: tfl.LayersModel): EditableJSON {
  return model.toJSON(null, false);
}

describe('swapActivations', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  });
  expectNoTensorLeaksPerTest();

  it('Sequential, beta 2: sets activation \'smelu\' in place, keeps names and weights, matches float64', async () => {
    const model = reluMlp();
    const {model: swapped, replaced, skipped, compiled} = await swapActivations(model);
    expect(compiled).toBe(false);
    expect(skipped).toEqual([]);
    expect(replaced).toEqual([
      {
        layerName: 'd1',
        className: 'Dense',
        modelPath: [],
        before: 'activation \'relu\'',
        after: 'activation \'smelu\' (beta=2)'
      },
      {
        layerName: 'd2',
        className: 'Dense',
        modelPath: [],
        before: 'activation \'relu\'',
        after: 'activation \'smelu\' (beta=2)'
      },
      {layerName: 'r', className: 'ReLU', modelPath: [], before: 'ReLU()', after: 'SmeLU(beta=2)'},
    ]);
    expect(swapped.layers.map((l) => l.name)).toEqual(['d1', 'd2', 'r', 'd3']);
    expect(swapped.layers.map((l) => l.getClassName())).toEqual(['Dense', 'Dense', 'SmeLU', 'Dense']);
    expectIdenticalWeights(model, swapped);

    const x = spreadInput([16, 5], 7);
    const expected = mlpReference(x.arraySync() as number[][], [
      {...denseWeights(model.getLayer('d1')), act: smeluAct(2)},
      {...denseWeights(model.getLayer('d2')), act: (v) => smeluAct(2)(smeluAct(2)(v))},
      {...denseWeights(model.getLayer('d3')), act: identity},
    ]);
    const [actual] = predictArrays(swapped, x);
    expect(maxRelativeError(actual, expected.flat())).toBeLessThan(1e-5);
    x.dispose();
    model.dispose();
    swapped.dispose();
  });

  it('Sequential, beta 1: inserts a SmeLU layer after each swapped layer; equals the hand-built model exactly',
     async () => {
       const model = reluMlp();
       const {model: swapped, replaced} = await swapActivations(model, {beta: 1});
       expect(replaced.map((r) => [r.layerName, r.after, r.insertedLayerName])).toEqual([
         ['d1', 'activation \'linear\' + SmeLU layer \'d1_smelu\' (beta=1)', 'd1_smelu'],
         ['d2', 'activation \'linear\' + SmeLU layer \'d2_smelu\' (beta=1)', 'd2_smelu'],
         ['r', 'SmeLU(beta=1)', undefined],
       ]);
       expect(swapped.layers.map((l) => l.name)).toEqual(['d1', 'd1_smelu', 'd2', 'd2_smelu', 'r', 'd3']);
       expect(topologyOf(swapped).config.layers.map((l: EditableJSON) => l.config.activation ?? l.config.beta))
           .toEqual(['linear', 1, 'linear', 1, 1, 'linear']);
       expectIdenticalWeights(model, swapped);

       const handBuilt = tfl.sequential({
         layers: [
           dense('d1', 6, 31, {inputShape: [5]}),
           layers.smelu({beta: 1}),
           dense('d2', 5, 32),
           layers.smelu({beta: 1}),
           layers.smelu({beta: 1, name: 'r'}),
           dense('d3', 3, 33),
         ],
       });
       copyWeightsByName(model, handBuilt);
       const x = spreadInput([16, 5], 8);
       expect(predictArrays(swapped, x)).toEqual(predictArrays(handBuilt, x));
       const expected = mlpReference(x.arraySync() as number[][], [
         {...denseWeights(model.getLayer('d1')), act: smeluAct(1)},
         {...denseWeights(model.getLayer('d2')), act: (v) => smeluAct(1)(smeluAct(1)(v))},
         {...denseWeights(model.getLayer('d3')), act: identity},
       ]);
       expect(maxRelativeError(predictArrays(swapped, x)[0], expected.flat())).toBeLessThan(1e-5);
       for (const m of [model, swapped, handBuilt]) disposeFully(m);
       x.dispose();
     });

  it.each([2, 0.5])(
      'functional model with two inputs, two outputs, a branch and a shared layer (beta %p)', async (beta) => {
        const model = reluGraph();
        const {model: swapped, replaced, skipped} = await swapActivations(model, {beta});
        expect(replaced.map((r) => [r.layerName, r.className, r.before])).toEqual([
          ['shared', 'Dense', 'activation \'relu\''],
          ['plain_relu', 'ReLU', 'ReLU()'],
          ['act_relu', 'Activation', 'Activation(\'relu\')'],
        ]);
        expect(skipped.map((s) => [s.layerName, s.activation])).toEqual([['capped', 'ReLU(max_value=6)']]);
        expect(skipped[0].reason).toMatch(/'relu6' is not in options\.from/);
        expectIdenticalWeights(model, swapped);
        expect(swapped.inputNames).toEqual(['a', 'b']);
        if (beta !== 2) {
          // The shared layer's SmeLU successor is shared too: one call per call of the host.
          expect(swapped.getLayer('shared_smelu').inboundNodes.length).toBe(2);
          expect(swapped.outputNames).toEqual(['head', 'shared_smelu']);
        }

        const handBuilt = smeluGraph(beta);
        copyWeightsByName(model, handBuilt);
        const inputs = [spreadInput([8, 4], 1), spreadInput([8, 4], 2)];
        const actual = predictArrays(swapped, inputs);
        expect(actual).toEqual(predictArrays(handBuilt, inputs));
        // And the swap really changed something: ReLU's outputs differ.
        expect(predictArrays(model, inputs)[1]).not.toEqual(actual[1]);
        for (const m of [model, swapped, handBuilt]) disposeFully(m);
        tf.dispose(inputs);
      });

  it('nested models (a shared inner Sequential) are swapped inside, with their path reported', async () => {
    const inner =
        tfl.sequential({name: 'inner', layers: [dense('inner_d', 3, 40, {inputShape: [4], activation: 'relu'})]});
    const a = tfl.input({shape: [4]});
    const b = tfl.input({shape: [4]});
    const added = tfl.layers.add().apply([inner.apply(a) as Sym, inner.apply(b) as Sym]) as Sym;
    const outer = tfl.model(
        {name: 'outer', inputs: [a, b], outputs: dense('out', 2, 41, {activation: 'relu'}).apply(added) as Sym});
    const {model: swapped, replaced} = await swapActivations(outer, {beta: 1.5});
    expect(replaced.map((r) => [r.modelPath, r.layerName, r.insertedLayerName])).toEqual([
      [['inner'], 'inner_d', 'inner_d_smelu'],
      [[], 'out', 'out_smelu'],
    ]);
    expectIdenticalWeights(outer, swapped);

    const innerRef = tfl.sequential(
        {name: 'inner', layers: [dense('inner_d', 3, 50, {inputShape: [4]}), layers.smelu({beta: 1.5})]});
    const a2 = tfl.input({shape: [4]});
    const b2 = tfl.input({shape: [4]});
    const added2 = tfl.layers.add().apply([innerRef.apply(a2) as Sym, innerRef.apply(b2) as Sym]) as Sym;
    const handBuilt = tfl.model(
        {inputs: [a2, b2], outputs: layers.smelu({beta: 1.5}).apply(dense('out', 2, 51).apply(added2) as Sym) as Sym});
    copyWeightsByName(outer, handBuilt);
    const inputs = [spreadInput([6, 4], 3), spreadInput([6, 4], 4)];
    expect(predictArrays(swapped, inputs)).toEqual(predictArrays(handBuilt, inputs));
    for (const m of [outer, swapped, handBuilt]) disposeFully(m);
    tf.dispose(inputs);
  });

  it('replaces the activation of Conv1D/2D, SeparableConv2D, DepthwiseConv2D, Conv2DTranspose and TimeDistributed',
     async () => {
       const build = (act: (name: string) => Record<string, unknown>, smelu: boolean) => {
         const k = (seed: number) => ({kernelInitializer: seededKernel(seed), biasInitializer: seededBias(seed + 1)});
         const img = tfl.input({shape: [6, 6, 2]});
         let h = tfl.layers.conv2d({name: 'c2', filters: 3, kernelSize: 3, ...k(1), ...act('c2')}).apply(img) as Sym;
         if (smelu) h = layers.smelu({beta: 1, name: 'c2_smelu'}).apply(h) as Sym;
         h = tfl.layers
                 .separableConv2d({
                   name: 'sep',
                   filters: 2,
                   kernelSize: 2,
                   depthwiseInitializer: seededKernel(3),
                   pointwiseInitializer: seededKernel(4),
                   biasInitializer: seededBias(5),
                   ...act('sep')
                 })
                 .apply(h) as Sym;
         if (smelu) h = layers.smelu({beta: 1, name: 'sep_smelu'}).apply(h) as Sym;
         h = tfl.layers
                 .depthwiseConv2d({
                   name: 'dw',
                   kernelSize: 2,
                   depthwiseInitializer: seededKernel(6),
                   biasInitializer: seededBias(7),
                   ...act('dw')
                 })
                 .apply(h) as Sym;
         if (smelu) h = layers.smelu({beta: 1, name: 'dw_smelu'}).apply(h) as Sym;
         h = tfl.layers.conv2dTranspose({name: 'up', filters: 2, kernelSize: 2, ...k(8), ...act('up')}).apply(h) as Sym;
         if (smelu) h = layers.smelu({beta: 1, name: 'up_smelu'}).apply(h) as Sym;
         const seq = tfl.layers.reshape({targetShape: [9, 2]}).apply(h) as Sym;
         let s = tfl.layers.conv1d({name: 'c1', filters: 3, kernelSize: 2, ...k(10), ...act('c1')}).apply(seq) as Sym;
         if (smelu) s = layers.smelu({beta: 1, name: 'c1_smelu'}).apply(s) as Sym;
         s = tfl.layers
                 .timeDistributed(
                     {name: 'td', layer: tfl.layers.dense({name: 'td_dense', units: 2, ...k(12), ...act('td')})})
                 .apply(s) as Sym;
         if (smelu) s = layers.smelu({beta: 1, name: 'td_smelu'}).apply(s) as Sym;
         return tfl.model({inputs: img, outputs: s});
       };
       const model = build(() => ({activation: 'relu'}), false);
       const {model: swapped, replaced} = await swapActivations(model, {beta: 1});
       expect(replaced.map((r) => [r.layerName, r.className, r.insertedLayerName])).toEqual([
         ['c2', 'Conv2D', 'c2_smelu'],
         ['sep', 'SeparableConv2D', 'sep_smelu'],
         ['dw', 'DepthwiseConv2D', 'dw_smelu'],
         ['up', 'Conv2DTranspose', 'up_smelu'],
         ['c1', 'Conv1D', 'c1_smelu'],
         ['td_dense', 'Dense', 'td_smelu'],
       ]);
       expectIdenticalWeights(model, swapped);
       const handBuilt = build(() => ({}), true);
       copyWeightsByName(model, handBuilt);
       const x = spreadInput([2, 6, 6, 2], 9);
       expect(predictArrays(swapped, x)).toEqual(predictArrays(handBuilt, x));
       for (const m of [model, swapped, handBuilt]) disposeFully(m);
       x.dispose();
     });

  it('recurrent layers: activation swapped in place at beta 2 (gates untouched), skipped at another beta', async () => {
    const build = (activation: string) => tfl.sequential({
      layers: [
        tfl.layers.simpleRNN({
          name: 'rnn',
          units: 3,
          activation: activation as never,
          inputShape: [4, 2],
          returnSequences: true,
          kernelInitializer: seededKernel(1),
          recurrentInitializer: seededKernel(2),
          biasInitializer: seededBias(3)
        }),
        tfl.layers.lstm({
          name: 'lstm',
          units: 2,
          activation: activation as never,
          recurrentActivation: 'hardSigmoid',
          kernelInitializer: seededKernel(4),
          recurrentInitializer: seededKernel(5),
          biasInitializer: seededBias(6)
        }),
      ]
    });
    const model = build('relu');
    const atTwo = await swapActivations(model);
    expect(atTwo.replaced.map((r) => [r.layerName, r.after])).toEqual([
      ['rnn', 'activation \'smelu\' (beta=2)'],
      ['lstm', 'activation \'smelu\' (beta=2)'],
    ]);
    const lstmConfig = topologyOf(atTwo.model).config.layers[1].config;
    expect([lstmConfig.activation, lstmConfig.recurrent_activation]).toEqual(['smelu', 'hard_sigmoid']);
    const handBuilt = build('smelu');
    copyWeightsByName(model, handBuilt);
    const x = spreadInput([3, 4, 2], 5);
    expect(predictArrays(atTwo.model, x)).toEqual(predictArrays(handBuilt, x));

    const atOne = await swapActivations(model, {beta: 1});
    expect(atOne.replaced).toEqual([]);
    expect(atOne.skipped.map((s) => [s.layerName, s.className])).toEqual([['rnn', 'SimpleRNN'], ['lstm', 'LSTM']]);
    expect(atOne.skipped[0].reason).toMatch(/inside the recurrence/);
    expect(predictArrays(atOne.model, x)).toEqual(predictArrays(model, x));
    for (const m of [model, atTwo.model, atOne.model, handBuilt]) m.dispose();
    x.dispose();
  });

  it('reports capped and leaky ReLUs as skipped unless options.from asks for them', async () => {
    const build = () => tfl.sequential({
      layers: [
        dense('d6', 4, 1, {inputShape: [3], activation: 'relu6'}),
        tfl.layers.reLU({name: 'r6', maxValue: 6}),
        tfl.layers.reLU({name: 'r3', maxValue: 3}),
        tfl.layers.leakyReLU({name: 'leaky', alpha: 0.2}),
        dense('d', 2, 2, {activation: 'relu'}),
      ]
    });
    const model = build();
    const byDefault = await swapActivations(model);
    expect(byDefault.replaced.map((r) => r.layerName)).toEqual(['d']);
    expect(byDefault.skipped.map((s) => [s.layerName, s.activation])).toEqual([
      ['d6', 'activation \'relu6\''],
      ['r6', 'ReLU(max_value=6)'],
      ['r3', 'ReLU(max_value=3)'],
      ['leaky', 'LeakyReLU(alpha=0.2)'],
    ]);
    expect(byDefault.skipped[0].reason).toBe('\'relu6\' is not in options.from ([relu]); add it to replace this layer');
    expect(byDefault.skipped[2].reason).toMatch(/capped at max_value=3 is not a plain ReLU/);
    expect(byDefault.skipped[3].reason).toMatch(/'leakyReLU' is not in options\.from/);

    const all = await swapActivations(model, {from: ['relu', 'RELU6', 'leakyrelu'], filter: (l) => l.name !== 'd'});
    expect(all.replaced.map((r) => [r.layerName, r.after])).toEqual([
      ['d6', 'activation \'smelu\' (beta=2)'],
      ['r6', 'SmeLU(beta=2)'],
      ['leaky', 'SmeLU(beta=2)'],
    ]);
    expect(all.skipped.map((s) => [s.layerName, s.reason])).toEqual([
      ['r3', expect.stringMatching(/not a plain ReLU/)],
      ['d', 'excluded by options.filter'],
    ]);
    for (const m of [model, byDefault.model, all.model]) m.dispose();
  });

  it('passes the filter each candidate\'s name, class, config copy and model path', async () => {
    const model = reluMlp();
    const seen: unknown[] = [];
    const result = await swapActivations(model, {
      filter: (l) => {
        seen.push([l.name, l.className, l.config['activation'] ?? null, l.modelPath]);
        l.config['activation'] = 'tanh';  // A copy: editing it changes nothing.
        return true;
      }
    });
    expect(seen).toEqual([['d1', 'Dense', 'relu', []], ['d2', 'Dense', 'relu', []], ['r', 'ReLU', null, []]]);
    expect(result.replaced).toHaveLength(3);
    for (const m of [model, result.model]) m.dispose();
  });

  it('keeps trainable flags (layers, nested models, single weights) and copies constrained weights exactly',
     async () => {
       const inner =
           tfl.sequential({name: 'inner', layers: [dense('i1', 3, 1, {inputShape: [3], activation: 'relu'})]});
       const model = tfl.sequential({
         layers: [
           dense('frozen', 3, 2, {inputShape: [4], activation: 'relu'}),
           // maxNorm would rescale the kernel if the copy went through LayerVariable.write.
           dense('constrained', 3, 3, {activation: 'relu', kernelConstraint: tfl.constraints.maxNorm({maxValue: 0.1})}),
           inner,
           tfl.layers.batchNormalization({name: 'bn'}),
         ]
       });
       model.getLayer('frozen').trainable = false;
       inner.trainable = false;
       tf.tidy(() => model.getLayer('constrained').setWeights([tf.fill([3, 3], 2.5), tf.tensor1d([1, 2, 3])]));
       const {model: swapped} = await swapActivations(model, {beta: 0.25});
       // maxNorm is not idempotent in float32, so a copy through write() would not be exact:
       const kernel = model.getLayer('constrained').getWeights()[0];
       const reconstrained = tf.tidy(() => tfl.constraints.maxNorm({maxValue: 0.1}).apply(kernel));
       expect(Array.from(reconstrained.dataSync())).not.toEqual(Array.from(kernel.dataSync()));
       reconstrained.dispose();
       expectIdenticalWeights(model, swapped);
       for (const name of ['frozen', 'constrained', 'inner', 'bn']) {
         expect(swapped.getLayer(name).trainable).toBe(model.getLayer(name).trainable);
       }
       const names = (m: tfl.LayersModel) =>
           [m.trainableWeights.map((w) => w.originalName), m.nonTrainableWeights.map((w) => w.originalName)];
       expect(names(swapped)).toEqual(names(model));
       for (const m of [model, swapped]) disposeFully(m);
     });

  it('recompiles like the original: optimizer class and config, loss, metrics (fresh optimizer state)', async () => {
    const model = reluMlp();
    model.compile({optimizer: tf.train.adam(0.003, 0.8, 0.95), loss: 'meanSquaredError', metrics: ['mae']});
    const tensorsAfterCompile = tf.memory().numTensors;
    const {model: swapped, compiled} = await swapActivations(model, {beta: 1});
    expect(compiled).toBe(true);
    expect(swapped.optimizer).not.toBe(model.optimizer);
    expect(swapped.optimizer.getClassName()).toBe('Adam');
    expect(swapped.optimizer.getConfig()).toEqual(model.optimizer.getConfig());
    expect(swapped.loss).toEqual('meanSquaredError');
    expect(swapped.metrics).toEqual(['mae']);
    const x = spreadInput([8, 5], 1);
    const y = spreadInput([8, 3], 2);
    const history = await swapped.fit(x, y, {epochs: 1, batchSize: 8, verbose: 0});
    expect(Object.keys(history.history).sort()).toEqual(['loss', 'mae']);
    // Training the copy leaves the original's weights alone.
    expect(model.getLayer('d1').getWeights()[0].dataSync())
        .not.toEqual(swapped.getLayer('d1').getWeights()[0].dataSync());
    tf.dispose([x, y]);
    swapped.dispose();
    expect(tf.memory().numTensors).toBe(tensorsAfterCompile);
    model.dispose();
    model.optimizer.dispose();  // The caller's optimizer is not owned by its model.
  });

  it('renames per-output loss entries when an output now comes from an inserted SmeLU layer', async () => {
    const model = reluGraph();
    model.compile({optimizer: 'sgd', loss: {head: 'meanSquaredError', shared: 'meanAbsoluteError'}});
    const {model: swapped} = await swapActivations(model, {beta: 1});
    expect(swapped.outputNames).toEqual(['head', 'shared_smelu']);
    expect(swapped.loss).toEqual({head: 'meanSquaredError', shared_smelu: 'meanAbsoluteError'});
    const xs = [spreadInput([4, 4], 1), spreadInput([4, 4], 2)];
    const ys = [spreadInput([4, 2], 3), spreadInput([4, 3], 4)];
    const loss = await swapped.evaluate(xs, ys) as tf.Scalar[];
    expect(loss.every((l) => Number.isFinite(l.dataSync()[0]))).toBe(true);
    tf.dispose([...xs, ...ys, ...loss]);
    for (const m of [model, swapped]) disposeFully(m);
  });

  it('does not mutate the original model, and swapping twice changes nothing more', async () => {
    const model = reluGraph();
    const before = JSON.stringify(model.toJSON(null, false));
    const inputs = [spreadInput([4, 4], 1), spreadInput([4, 4], 2)];
    const outputsBefore = predictArrays(model, inputs);
    const once = await swapActivations(model, {beta: 1});
    expect(JSON.stringify(model.toJSON(null, false))).toBe(before);
    expect(predictArrays(model, inputs)).toEqual(outputsBefore);
    const twice = await swapActivations(once.model, {beta: 1});
    expect(twice.replaced).toEqual([]);
    expect(predictArrays(twice.model, inputs)).toEqual(predictArrays(once.model, inputs));
    tf.dispose(inputs);
    for (const m of [model, once.model, twice.model]) disposeFully(m);
  });

  it('to: a SmeLU layer config always inserts SmeLU layers (here with beta 2)', async () => {
    const model = reluMlp();
    for (const to of [{beta: 2}, {className: 'SmeLU' as const, config: {beta: 2}}]) {
      const {model: swapped, replaced} = await swapActivations(model, {to});
      expect(replaced.map((r) => r.insertedLayerName)).toEqual(['d1_smelu', 'd2_smelu', undefined]);
      const x = spreadInput([4, 5], 3);
      const inPlace = await swapActivations(model);
      expect(predictArrays(swapped, x)).toEqual(predictArrays(inPlace.model, x));
      x.dispose();
      swapped.dispose();
      inPlace.model.dispose();
    }
    model.dispose();
  });

  it('saves and loads the swapped model (in memory) with the same outputs', async () => {
    const model = reluGraph();
    const {model: swapped} = await swapActivations(model, {beta: 0.75});
    const loaded = await saveAndLoadInMemory(swapped);
    expect(loaded.toJSON(null, false)).toEqual(swapped.toJSON(null, false));
    const inputs = [spreadInput([4, 4], 5), spreadInput([4, 4], 6)];
    expect(predictArrays(loaded, inputs)).toEqual(predictArrays(swapped, inputs));
    tf.dispose(inputs);
    for (const m of [model, swapped, loaded]) disposeFully(m);
  });

  describe('bad input', () => {
    const cases: Array<[string, unknown, RegExp]> = [
      [
        'from: unknown identifier', {from: ['foo']},
        /options\.from contains the string "foo".*not a known activation identifier/
      ],
      ['from: not ReLU-like', {from: ['relu', 'sigmoid']}, /"sigmoid".*not a ReLU-family activation/],
      ['from: smelu', {from: ['smelu']}, /already SmeLU/],
      ['from: empty', {from: []}, /options\.from must be a non-empty list of activation identifiers/],
      ['from: a string', {from: 'relu'}, /options\.from must be a non-empty list.*the string "relu"/],
      ['beta: 0', {beta: 0}, /options\.beta must be a finite number > 0, but got 0/],
      ['beta: NaN', {beta: NaN}, /options\.beta must be a finite number > 0, but got NaN/],
      ['beta: string', {beta: '1'}, /options\.beta must be a finite number > 0, but got the string "1"/],
      ['to: relu', {to: 'relu'}, /options\.to must be 'smelu' or a SmeLU layer config/],
      ['to: unknown key', {to: {beta: 1, alpha: 2}}, /options\.to must be/],
      ['to: bad beta', {to: {beta: -1}}, /options\.to\.beta must be a finite number > 0, but got -1/],
      [
        'beta and to.beta disagree', {beta: 1, to: {beta: 2}},
        /options\.beta \(1\) and options\.to\.beta \(2\) disagree/
      ],
      ['filter: not a function', {filter: 'd1'}, /options\.filter must be a function/],
      ['unknown option', {betta: 1}, /unknown option\(s\) 'betta'/],
      ['options: not an object', 5, /options must be an object, but got 5/],
    ];
    it.each(cases)('%s', async (_label, options, message) => {
      const model = reluMlp();
      await expect(swapActivations(model, options as never)).rejects.toThrow(message);
      model.dispose();
    });

    it.each([
      [
        'a plain object', {layers: []}, /model must be a tf\.LayersModel .* but got an object that is not a LayersModel/
      ],
      ['null', null, /model must be a tf\.LayersModel .* but got null/],
      ['a GraphModel-like object', {executeAsync: () => null, modelVersion: '1'}, /but got a tf\.GraphModel/],
    ])('model: %s', async (_label, model, message) => {
      await expect(swapActivations(model as never)).rejects.toThrow(message);
    });

    it('model: a real tf.GraphModel', async () => {
      const {GraphModel} = await import('@tensorflow/tfjs-converter');
      const graphModel = new GraphModel('unused/model.json');
      await expect(swapActivations(graphModel as never)).rejects.toThrow(/but got a tf\.GraphModel/);
    });
  });
});
