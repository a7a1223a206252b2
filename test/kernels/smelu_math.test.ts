/**
 * The cpu kernels' fast loops (four elements per iteration, branch-free)
 * hand some inputs to exact fallbacks: ±∞/NaN anywhere in the array, |x|
 * far beyond β, and β outside the fast range. These tests put exactly those
 * inputs inside long arrays (where the unrolled loop, not the tail, meets
 * them) and compare every element with the float64 reference.
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import seedrandom from 'seedrandom';

import {smelu, smeluGrad} from 'tfjs-smelu';
import {expectNoTensorLeaksPerTest} from '../support/leak_check';
import {smeluDerivRef, smeluRef, ulpDistanceF32} from '../support/reference';

/** β values at and across the kernels' fast-path limits, plus ordinary ones. */
const BETAS = [1e-305, 1e-299, 1e-3, 0.1, 1, 2, 3.7, 100, 1e149, 1e151, 1e301];

/** Float32 inputs around ±β (neighbouring floats), far beyond it, random, and specials at odd positions. */
function inputsFor(beta: number, seed: string): Float32Array {
  const random = seedrandom(seed);
  const n = 4099;  // not a multiple of 4: the tail runs too
  const x = new Float32Array(n);
  const bits = new Int32Array(x.buffer);
  for (let i = 0; i < n; ++i) {
    const kind = i % 5;
    if (kind === 0) {
      x[i] = (random() < 0.5 ? -1 : 1) * beta;  // ±β rounded to float32…
      bits[i] += Math.floor(random() * 9) - 4;  // …and its neighbours
    } else if (kind === 1) {
      x[i] = (random() * 4 - 2) * beta;
    } else if (kind === 2) {
      x[i] = (random() * 2 - 1) * beta * 2 ** (10 + random() * 30);  // beyond the backward fast range
    } else {
      bits[i] = (random() * 2 ** 32) | 0;  // any float32 bit pattern
    }
  }
  for (const [position, value] of [[6, NaN], [13, Infinity], [22, -Infinity], [2049, -Infinity], [4095, NaN]]) {
    x[position] = value;
  }
  return x;
}

describe('cpu SmeLU kernels: fast loops and their exact fallbacks', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  });
  expectNoTensorLeaksPerTest();

  it.each(BETAS)('forward matches the float64 reference within 1 ulp (β = %p)', async (beta) => {
    const x = inputsFor(beta, `forward ${beta}`);
    const y = tf.tidy(() => smelu(tf.tensor1d(x), beta));
    const got = await y.data();
    y.dispose();
    let worst = 0;
    let worstAt = -1;
    for (let i = 0; i < x.length; ++i) {
      const distance = ulpDistanceF32(got[i], smeluRef(x[i], beta));
      if (distance > worst) [worst, worstAt] = [distance, i];
    }
    expect(worst <= 1 ? 'ok' : `${worst} ulp at x = ${x[worstAt]}`).toBe('ok');
  });

  it.each(BETAS)('backward dy·f′(x) matches the float64 reference within 1 ulp (β = %p)', async (beta) => {
    const x = inputsFor(beta, `backward ${beta}`);
    const random = seedrandom(`dy ${beta}`);
    const dy = Float32Array.from(x, () => random() * 4 - 2);
    const g = tf.tidy(() => smeluGrad(tf.tensor1d(dy), tf.tensor1d(x), beta));
    const got = await g.data();
    g.dispose();
    let worst = 0;
    for (let i = 0; i < x.length; ++i) {
      worst = Math.max(worst, ulpDistanceF32(got[i], dy[i] * smeluDerivRef(x[i], beta)));
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('maps NaN → NaN, −∞ → 0, +∞ → +∞ inside the unrolled loop, forward and backward', async () => {
    const x = tf.tensor1d([1, 2, 3, 4, NaN, -Infinity, Infinity, 0.5, 5]);
    const y = smelu(x, 1);
    const dx = tf.tidy(() => tf.grad((t: tf.Tensor) => smelu(t, 1))(x, tf.onesLike(x)));
    const [yv, dv] = [await y.data(), await dx.data()];
    expect(Array.from(yv.slice(4, 7))).toEqual([NaN, 0, Infinity]);
    expect(Array.from(dv.slice(4, 7))).toEqual([NaN, 0, 1]);
    tf.dispose([x, y, dx]);
  });
});
