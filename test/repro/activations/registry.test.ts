/** The reproducibility demo's registry entries `gsmelu` and `smelu-learned`. */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';

import {GeneralizedSmeLU, SmeLU} from 'tfjs-smelu';
import {activationNames, getActivation} from 'tfjs-smelu-repro';
import {smeluRef} from '../../support/reference';

describe('registry entries for learnable smoothness', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  });

  it('lists gsmelu and smelu-learned', () => {
    expect(activationNames()).toEqual(expect.arrayContaining(['gsmelu', 'smelu-learned']));
  });

  it.each([['gsmelu', GeneralizedSmeLU, 5], ['smelu-learned', SmeLU, 1]] as const)(
      '%s starts as smelu(x, β) with trainable, deterministically initialized weights', async (name, cls, nWeights) => {
        const before = tf.memory().numTensors;
        const spec = getActivation(name);
        expect(spec.beta).not.toBeNull();
        const xs = [-3, -1, -0.2, 0, 0.4, 1, 3];
        for (const beta of [0.5, 2]) {
          const a = spec.createLayer(beta, 1), b = spec.createLayer(beta, 2);
          expect(a).toBeInstanceOf(cls);
          const x = tf.tensor1d(xs);
          const ya = a.apply(x) as tf.Tensor, yb = b.apply(x) as tf.Tensor;
          const got = await ya.data();
          xs.forEach((v, i) => expect(got[i]).toBeCloseTo(smeluRef(v, beta), 6));
          expect(Array.from(await yb.data())).toEqual(Array.from(got));
          expect(a.trainableWeights.length).toBe(nWeights);
          tf.dispose([x, ya, yb]);
          a.dispose();
          b.dispose();
        }
        expect(tf.memory().numTensors).toBe(before);
      });
});
