/** The SmeLU layer, the 'smelu' activation string and model save/load, on cpu. */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import {layers, smelu, SmeLU, SmeLUActivation} from 'tfjs-smelu';
import {saveAndLoadInMemory} from '../support/model_round_trip';
import {smeluRef} from '../support/reference';

function seeded(seed: number) {
  return tfl.initializers.glorotNormal({seed});
}

describe('SmeLU layer', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  });

  it('computes the op with its beta and keeps the input shape', async () => {
    const layer = layers.smelu({beta: 0.5});
    expect(layer).toBeInstanceOf(SmeLU);
    expect(layer.getClassName()).toBe('SmeLU');
    const xs = [-1, -0.25, 0, 0.25, 1];
    const y = layer.apply(tf.tensor2d([xs])) as tf.Tensor;
    expect(y.shape).toEqual([1, 5]);
    expect(Array.from(await y.data())).toEqual(xs.map((v) => smeluRef(v, 0.5)));
    expect(layer.computeOutputShape([null, 7, 3])).toEqual([null, 7, 3]);
    tf.dispose(y);
  });

  it('defaults to beta = 2 and serializes {beta} in its config', () => {
    const layer = new SmeLU();
    expect(layer.beta).toBe(2);
    const config = new SmeLU({beta: 0.75, name: 'act'}).getConfig();
    expect(config.beta).toBe(0.75);
    expect(config.name).toBe('act');
    const rebuilt = SmeLU.fromConfig(SmeLU, config) as SmeLU;
    expect(rebuilt.beta).toBe(0.75);
    expect(rebuilt.name).toBe('act');
  });

  it('is installed as tf.layers.smelu on the (extensible) CommonJS tf.layers object', () => {
    expect((tfl.layers as unknown as Record<string, unknown>).smelu).toBe(layers.smelu);
  });

  it('resolves activation: "smelu" in any layer, with beta = 2', async () => {
    const dense = tfl.layers.dense({
      units: 3,
      activation: 'smelu' as never,
      useBias: false,
      kernelInitializer: 'identity',
      inputShape: [3],
    });
    expect(dense.getConfig().activation).toBe('smelu');
    const input = tf.tensor2d([[-3, 0.5, 3]]);
    const y = dense.apply(input) as tf.Tensor;
    expect(Array.from(await y.data())).toEqual([-3, 0.5, 3].map((v) => Math.fround(smeluRef(v, 2))));
    expect(new SmeLUActivation().getClassName()).toBe('smelu');
    tf.dispose([input, y]);
  });

  it('trains in a Sequential model and survives a save/load round trip with identical predictions', async () => {
    const model = tfl.sequential();
    model.add(
        tfl.layers.dense({units: 8, inputShape: [3], activation: 'smelu' as never, kernelInitializer: seeded(1)}));
    model.add(layers.smelu({beta: 0.3, name: 'smooth'}));
    model.add(tfl.layers.dense({units: 1, kernelInitializer: seeded(2)}));
    model.compile({optimizer: tf.train.adam(0.03), loss: 'meanSquaredError'});
    const xs = tf.randomUniform([64, 3], -2, 2, 'float32', 3);
    const ys = tf.tidy(() => tf.sum(tf.abs(xs), 1, true));
    const history = await model.fit(xs, ys, {epochs: 30, batchSize: 16, shuffle: false, verbose: 0});
    const losses = history.history.loss as number[];
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);

    const json = JSON.stringify(model.toJSON(null, false));
    expect(json).toContain('"activation":"smelu"');
    expect(json).toContain('"class_name":"SmeLU"');

    const loaded = await saveAndLoadInMemory(model);
    const smooth = loaded.getLayer('smooth') as SmeLU;
    expect(smooth).toBeInstanceOf(SmeLU);
    expect(smooth.beta).toBe(0.3);
    const before = model.predict(xs) as tf.Tensor;
    const after = loaded.predict(xs) as tf.Tensor;
    expect(Array.from(await after.data())).toEqual(Array.from(await before.data()));
    tf.dispose([xs, ys, before, after]);
    model.dispose();
    loaded.dispose();
  });

  it('rejects a bad beta in a loaded model config, naming the value', async () => {
    const model = tfl.sequential({layers: [layers.smelu({beta: 1, inputShape: [2]})]});
    const topology = model.toJSON(null, false) as unknown as {config: {layers: Array<{config: {beta: unknown}}>}};
    for (const bad of [0, -1, 'two', null]) {
      topology.config.layers[0].config.beta = bad;
      await expect(tfl.models.modelFromJSON({modelTopology: topology as never}))
          .rejects.toThrow(
              bad === null ? /beta must be a finite number > 0, but got null/ : /beta must be a finite number > 0/);
    }
    model.dispose();
  });

  it('computes exactly what the op computes, and leaks no tensors when applied inside tidy', () => {
    const layer = layers.smelu({beta: 1});
    const x = tf.tensor2d([[-2, -1, -0.5, 0], [0.25, 0.5, 1, 3]]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; ++i) {
      const [fromLayer, fromOp] = tf.tidy(
          () =>
              [Array.from((layer.apply(x) as tf.Tensor).dataSync()),
               Array.from(smelu(x, 1).dataSync()),
      ]);
      expect(fromLayer).toEqual(fromOp);
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
