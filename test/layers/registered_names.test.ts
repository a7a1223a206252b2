/**
 * Every name this package registers with tf.serialization is walked through
 * tfjs-layers' activation lookup (which shares the registry with layer
 * classes): each is either accepted as an activation string and survives save
 * and load (in memory and through fileSystemHandler), including tfjs's
 * snake_case/camelCase conversions ('SmeLU' → "sme_lu" → 'smeLu'), or refused
 * with a clear message when the model is built. Names that mean the 'smelu'
 * activation under another spelling load as 'smelu' and are saved so from
 * then on. (Config objects and instances: activation_specs.test.ts.)
 *
 * The names are discovered, not listed: the registry is read before and
 * after the package loads, so a name added later cannot escape the walk.
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import * as path from 'path';

import {saveAndLoadInMemory} from '../support/model_round_trip';
import {smeluRef} from '../support/reference';
import {disposeFully, makeTempDir, seededBias, seededKernel} from '../support/swap_helpers';

const classNameMap = () => tf.serialization.SerializationMap.getMap().classNameMap;
const before = new Set(Object.keys(classNameMap()));
// Loaded after the snapshot on purpose (imports would be hoisted above it).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const {fileSystemHandler} = require('tfjs-smelu/node') as typeof import('tfjs-smelu/node');
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('tfjs-smelu');
const registered = Object.keys(classNameMap()).filter((name) => !before.has(name)).sort();

const positiveFloor = (v: number) => Math.max(v, Math.fround(1e-3));
/** What each registered name does as an activation string: its float64 reference, or the refusal. */
const AS_ACTIVATION: Record<string, {ref: (v: number) => number}|{refused: string}> = {
  'smelu': {ref: (v) => smeluRef(v, 2)},
  'SmeLU': {ref: (v) => smeluRef(v, 2)},
  'smeLu': {ref: (v) => smeluRef(v, 2)},
  'PositiveFloor': {ref: positiveFloor},
  'positiveFloor': {ref: positiveFloor},
  'generalizedSmeLu': {ref: (v) => smeluRef(v, 2)},
  'GeneralizedSmeLU': {
    refused: 'GeneralizedSmeLU is a layer with learnable parameters, not an activation: the string ' +
        '\'GeneralizedSmeLU\' cannot be used as an activation (or constraint), where its parameters would be ' +
        'neither trained nor saved. Use activation: \'linear\' followed by layers.gSmelu({...}), or activation: ' +
        '\'smelu\' (SmeLU with beta 2). (A saved layer config has name and trainable.)',
  },
};

/** Dense(activation) then Activation(activation): the string in both places tfjs takes one. */
function build(name: string): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({
        name: 'dense',
        units: 3,
        inputShape: [2],
        activation: name as never,
        kernelInitializer: seededKernel(1),
        biasInitializer: seededBias(2),
      }),
      tfl.layers.activation({name: 'act', activation: name as never}),
    ]
  });
}

/** Float64 forward pass of build(name) from its weights. */
function reference(model: tfl.LayersModel, x: number[][], act: (v: number) => number): number[] {
  const [kernelTensor, biasTensor] = model.getLayer('dense').getWeights();
  const kernel = kernelTensor.arraySync() as number[][];
  const bias = biasTensor.arraySync() as number[];
  return x.flatMap((row) => bias.map((b, j) => act(act(row.reduce((s, v, i) => s + v * kernel[i][j], b)))));
}

function predictArray(model: tfl.LayersModel, input: tf.Tensor): number[] {
  return tf.tidy(() => Array.from((model.predict(input) as tf.Tensor).dataSync()));
}

function activationStrings(model: tfl.LayersModel): unknown[] {
  const topology = model.toJSON(null, false) as unknown as {config: {layers: Array<{config: {activation: unknown}}>}};
  return topology.config.layers.map((l) => l.config.activation);
}

describe('names the package registers, as activation strings', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let tensorsBefore = 0;
  let warn: jest.SpyInstance;
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
    // 'generalizedSmeLu' explains itself once per process; its wording is checked in legacy_model.test.ts.
    warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterAll(() => warn.mockRestore());
  beforeEach(() => {
    temp = makeTempDir('names');
    tensorsBefore = tf.memory().numTensors;
  });
  afterEach(() => {
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    temp.cleanup();
  });

  it('the walk covers exactly the names the package registers', () => {
    expect(registered).toEqual(Object.keys(AS_ACTIVATION).sort());
  });

  const x = [[-3, 0.2], [0.5, -0.4], [2, 1], [-0.1, 0.05]];

  it.each(registered)('%s', async (name) => {
    const expected = AS_ACTIVATION[name];
    if ('refused' in expected) {
      expect(() => build(name)).toThrow(expected.refused);
      expect(() => tfl.layers.dense({units: 1, activation: name as never})).toThrow(expected.refused);
      return;
    }
    const model = build(name);
    const input = tf.tensor2d(x);
    const want = reference(model, x, expected.ref);
    const predicted = predictArray(model, input);
    predicted.forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
    const saved = activationStrings(model);

    const dir = path.join(temp.dir, 'model');
    await model.save(fileSystemHandler(dir));
    for (const loaded of [await saveAndLoadInMemory(model), await tfl.loadLayersModel(fileSystemHandler(dir))]) {
      expect(predictArray(loaded, input)).toEqual(predicted);
      // What the reloaded model saves is a fixed point of save/load: the name saved, or its
      // canonical spelling (an alias of 'smelu' loads as 'smelu').
      const resaved = activationStrings(loaded);
      expect([saved, ['smelu', 'smelu']]).toContainEqual(resaved);
      const again = await saveAndLoadInMemory(loaded);
      expect(predictArray(again, input)).toEqual(predicted);
      expect(activationStrings(again)).toEqual(resaved);
      disposeFully(again);
      disposeFully(loaded);
    }
    input.dispose();
    disposeFully(model);
  });
});
