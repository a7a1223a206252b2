/**
 * A model.json written by tfjs-smelu 0.1.x with the activation
 * "generalized_sme_lu" (fixtures/tfjs-smelu-0.1-generalized-sme-lu, written by
 * hand in 0.1.0's format; see its README): 0.1.x accepted
 * `activation: 'GeneralizedSmeLU'`, which computed g-SmeLU at its default
 * parameters (SmeLU with β = 2), and saved that name, which no version could
 * load. It loads now, as what it computed, says once what it is, and saves
 * as 'smelu' from then on. And a model with a gSmelu layer saved by 0.2.0
 * (fixtures/tfjs-smelu-0.2-gsmelu-layer), from before the g-SmeLU kernels took
 * number parameters as attributes: it loads, computes the same floats, and trains.
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import * as fs from 'fs';
import * as path from 'path';

import 'tfjs-smelu';
import {fileSystemHandler} from 'tfjs-smelu/node';
import {expectNoTensorLeaksPerTest} from '../support/leak_check';
import {saveAndLoadInMemory} from '../support/model_round_trip';
import {generalizedSmeluRef, smeluRef} from '../support/reference';
import {disposeFully, predictArrays} from '../support/swap_helpers';

const FIXTURE = path.join(__dirname, 'fixtures', 'tfjs-smelu-0.1-generalized-sme-lu', 'model.json');

/** The fixture's function in float64, from its README: SmeLU₂(SmeLU₂([1.5x + 0.25, −0.5x + 1])). */
function fixtureReference(x: number): number[] {
  const f = (v: number) => smeluRef(v, 2);
  return [1.5 * x + 0.25, -0.5 * x + 1].map((v) => f(f(v)));
}

function activationNames(model: tfl.LayersModel): unknown[] {
  const topology = model.toJSON(null, false) as unknown as {config: {layers: Array<{config: {activation: unknown}}>}};
  return topology.config.layers.map((l) => l.config.activation);
}

describe('a 0.1.x model.json with the activation \'generalized_sme_lu\'', () => {
  let warn: jest.SpyInstance;
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
    warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterAll(() => warn.mockRestore());
  expectNoTensorLeaksPerTest();

  it('is the file 0.1.x wrote: the name in both layers, weights for the Dense only', () => {
    const json = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
    expect(json.modelTopology.config.layers.map((l: {config: {activation: string}}) => l.config.activation)).toEqual([
      'generalized_sme_lu', 'generalized_sme_lu'
    ]);
    expect(fs.statSync(path.join(path.dirname(FIXTURE), 'weights.bin')).size).toBe(16);
  });

  it('loads as SmeLU with beta 2, says once what the name is, and saves it as \'smelu\'', async () => {
    const xs = [-5, -2, -1.1, -0.3, 0, 0.4, 1, 2.5, 6];
    const input = tf.tensor2d(xs, [xs.length, 1]);
    const want = xs.flatMap(fixtureReference);

    const model = await tfl.loadLayersModel(fileSystemHandler(FIXTURE));
    const predicted = predictArrays(model, input)[0];
    predicted.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, want[i])));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0])
        .toBe(
            'tfjs-smelu: the activation "generalized_sme_lu" was written by tfjs-smelu 0.1.x for activation ' +
            '\'GeneralizedSmeLU\', which computed g-SmeLU at its default parameters, that is SmeLU with beta 2: it loads ' +
            'as activation \'smelu\' (saved under that name from now on). A model built with GeneralizedSmeLU parameters ' +
            'in that activation lost them when it was saved; rebuild it with activation: \'linear\' followed by ' +
            'layers.gSmelu({...}).');

    // Saved again, the model names the activation 'smelu', and loads to the same predictions.
    expect(activationNames(model)).toEqual(['smelu', 'smelu']);
    const again = await saveAndLoadInMemory(model);
    expect(predictArrays(again, input)[0]).toEqual(predicted);
    // Loading the old file a second time works the same and says nothing more.
    const second = await tfl.loadLayersModel(fileSystemHandler(FIXTURE));
    expect(predictArrays(second, input)[0]).toEqual(predicted);
    expect(warn).toHaveBeenCalledTimes(1);
    [model, again, second].forEach(disposeFully);
    input.dispose();
  });
});

const GSMELU_FIXTURE = path.join(__dirname, 'fixtures', 'tfjs-smelu-0.2-gsmelu-layer');

describe('a model with a gSmelu layer saved by tfjs-smelu 0.2.0', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  });
  expectNoTensorLeaksPerTest();

  /** The fixture's weights, read from weights.bin in the manifest's order. */
  function fixtureWeights(): Record<string, number[]> {
    const json = JSON.parse(fs.readFileSync(path.join(GSMELU_FIXTURE, 'model.json'), 'utf8'));
    const bytes = fs.readFileSync(path.join(GSMELU_FIXTURE, 'weights.bin'));
    const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    const weights: Record<string, number[]> = {};
    let at = 0;
    for (const w of json.weightsManifest[0].weights as Array<{name: string, shape: number[]}>) {
      const size = w.shape.reduce((a, b) => a * b, 1);
      weights[w.name] = Array.from(floats.subarray(at, at + size));
      at += size;
    }
    expect(at).toBe(floats.length);
    return weights;
  }

  it('loads and computes what 0.2.0 computed, and what the float64 reference gives for its weights', async () => {
    const {inputShape, inputs, outputs} =
        JSON.parse(fs.readFileSync(path.join(GSMELU_FIXTURE, 'predictions.json'), 'utf8'));
    const model = await tfl.loadLayersModel(fileSystemHandler(path.join(GSMELU_FIXTURE, 'model.json')));
    const input = tf.tensor2d(inputs, inputShape);
    const predicted = predictArrays(model, input)[0];
    // The same cpu kernel: the same floats as 0.2.0 wrote.
    expect(predicted).toEqual(outputs);
    const w = fixtureWeights();
    const [rows, cols] = inputShape as [number, number];
    for (let r = 0; r < rows; ++r) {
      for (let u = 0; u < 4; ++u) {
        let pre = w['dense/bias'][u];
        for (let c = 0; c < cols; ++c) pre += inputs[r * cols + c] * w['dense/kernel'][c * 4 + u];
        const expected = generalizedSmeluRef(Math.fround(pre), {
          alpha: w['g_smelu/alpha'][0],
          beta: w['g_smelu/beta'][u],
          gNeg: w['g_smelu/gNeg'][0],
          gPos: w['g_smelu/gPos'][0],
          shift: w['g_smelu/shift'][0],
        });
        expect(Math.abs(predicted[r * 4 + u] - expected)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(expected)));
      }
    }
    // Training still reaches the trainable parameters, and only those.
    const layer = model.layers[1];
    expect(layer.trainableWeights.map((v) => v.originalName)).toEqual(['g_smelu/beta', 'g_smelu/gNeg']);
    const {grads, value} = tf.variableGrads(
        () => tf.sum(model.apply(input) as tf.Tensor) as tf.Scalar,
        layer.trainableWeights.map((v) => v.read() as tf.Variable));
    expect(Object.keys(grads).length).toBe(2);
    for (const g of Object.values(grads)) expect(Array.from(await g.data()).every(Number.isFinite)).toBe(true);
    tf.dispose([input, value, ...Object.values(grads)]);
    disposeFully(model);
  });
});
