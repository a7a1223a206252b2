/**
 * SmeLU and g-SmeLU on tfjs-node's backend `tensorflow` for every β from 1e-20
 * to 1e3, on both paths the kernels take (tfjs-smelu's fused native ops and
 * the chain of stock TensorFlow ops), at float32 points next to −β, 0 and +β:
 * forward and gradients against the cpu kernels (float64 loops) and the
 * float64 reference.
 *
 * Next to −β the result is tiny: with s = x + β, f = s²/(4β). Computing the
 * square first, s² left float32's normal range before f did (β < 1/4), and
 * for β between 1e-18 and about 1e-11 the float32 paths returned 0 where f
 * is a normal float (see float32SafeBeta in src/kernels/smelu_math.ts).
 *
 * Agreement: within 4 float32 ulps (the float32 paths round at most four
 * times: β's split, 1/(4β), two products). TensorFlow runs its kernels with
 * flush-to-zero, so where the exact result is a float32 subnormal (below
 * 2^-126 ≈ 1.18e-38) it may come out 0 on `tensorflow`, as for every
 * TensorFlow op (tf.mul included); that is the one allowed difference.
 * @fullRun tfjs-node
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';

import {generalizedSmelu, smelu, smeluGrad} from 'tfjs-smelu';
import {expectNoTensorLeaksPerTest} from '../../support/leak_check';
import {smeluDerivRef, smeluRef, ulpDistanceF32} from '../../support/reference';
import {useTensorflow} from './tensorflow_env';

/** Largest ulp distance the float32 paths may have from cpu and from the rounded reference. */
const MAX_ULPS = 4;
/** The smallest normal float32. */
const MIN_NORMAL_F32 = 2 ** -126;

/**
 * 1e-20 … 1e3: every decade, a β float32 cannot hold in each (3.7·10^k), and
 * one whose float64 remainder after float32 rounding is tiny (β = hi·(1 + 2^-40)),
 * which puts a float32 x at s = β − hi ≈ β·2^-40 from −β.
 */
const BETAS: number[] = [];
for (let k = -20; k <= 3; ++k) {
  BETAS.push(10 ** k, 3.7 * 10 ** k, Math.fround(10 ** k) * (1 + 2 ** -40));
}

/** Float32 points next to −β, 0 and +β (a few ulps of β on each side), and across (−β, β). */
function pointsNear(beta: number): number[] {
  const hi = Math.fround(beta);
  const xs = new Set<number>();
  for (const center of [-hi, hi]) {
    for (let k = -8; k <= 8; ++k) xs.add(Math.fround(center + k * hi * 2 ** -24));
  }
  for (let k = -8; k <= 8; ++k) xs.add(Math.fround(k * hi / 8));
  for (let k = 1; k <= 64; k *= 2) xs.add(Math.fround(-hi * (1 - k * 2 ** -24)));
  return [...xs].sort((a, b) => a - b);
}

/** Runs `fn` on the cpu backend, then returns to `tensorflow`. */
async function onCpu<T>(fn: () => T): Promise<T> {
  expect(await tf.setBackend('cpu')).toBe(true);
  try {
    return fn();
  } finally {
    expect(await tf.setBackend('tensorflow')).toBe(true);
  }
}

/** Whether a float32 result `got` agrees with `expected` (a float32, or a float64 rounded here). */
function agrees(got: number, expected: number): boolean {
  const want = Math.fround(expected);
  if (ulpDistanceF32(got, want) <= MAX_ULPS) return true;
  return got === 0 && Math.abs(want) < MIN_NORMAL_F32;
}

/** One line per element that does not agree, for a readable failure. */
function disagreements(label: string, xs: number[], got: ArrayLike<number>, expected: ArrayLike<number>): string[] {
  const lines: string[] = [];
  for (let i = 0; i < xs.length; ++i) {
    if (!agrees(got[i], expected[i])) {
      lines.push(`${label} x=${xs[i]}: got ${got[i]}, expected ${expected[i]} (${
          ulpDistanceF32(got[i], Math.fround(expected[i]))} ulp)`);
    }
  }
  return lines;
}

/** SmeLU's forward and dy·f′ (dy = 1) for `xs`, read back. */
function smeluForwardAndGrad(xs: number[], beta: number): [Float32Array, Float32Array] {
  return tf.tidy(() => {
    const x = tf.tensor1d(xs);
    return [
      Float32Array.from(smelu(x, beta).dataSync()),
      Float32Array.from(smeluGrad(tf.onesLike(x), x, beta).dataSync()),
    ];
  });
}

/**
 * g-SmeLU with α = β, g₋ = 0, g₊ = 1, t = 0 (which is SmeLU), one channel per
 * element so that each parameter gradient is that element's own term:
 * [f, ∂f/∂x, ∂f/∂α, ∂f/∂β, ∂f/∂g₋, ∂f/∂g₊, ∂f/∂t].
 */
function generalizedForwardAndGrads(xs: number[], width: number): Float32Array[] {
  return tf.tidy(() => {
    const n = xs.length;
    const channel = (v: number) => tf.fill([n], v);
    const f = (x: tf.Tensor, alpha: tf.Tensor, beta: tf.Tensor, gNeg: tf.Tensor, gPos: tf.Tensor, shift: tf.Tensor) =>
        generalizedSmelu(x, {alpha, beta, gNeg, gPos, shift});
    const args: [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor] =
        [tf.tensor2d(xs, [1, n]), channel(width), channel(width), channel(0), channel(1), channel(0)];
    const outputs = [f(...args), ...tf.grads(f)(args)];
    return outputs.map((t) => Float32Array.from(t.dataSync()));
  });
}

/**
 * The same from the float64 definitions: with r = clip((x+β)/(2β), 0, 1),
 * ∂f/∂α = r − r²/2, ∂f/∂β = −r²/2, ∂f/∂g₋ = (x + β) − SmeLU(x), ∂f/∂g₊ = SmeLU(x).
 */
function generalizedReference(xs: number[], width: number): number[][] {
  const r = (x: number) => Math.min(Math.max((x + width) / (2 * width), 0), 1);
  return [
    xs.map((x) => smeluRef(x, width)),
    xs.map((x) => smeluDerivRef(x, width)),
    xs.map((x) => r(x) - r(x) * r(x) / 2),
    xs.map((x) => -r(x) * r(x) / 2),
    xs.map((x) => (x + width) - smeluRef(x, width)),
    xs.map((x) => smeluRef(x, width)),
    xs.map(() => 1),
  ];
}

const GENERALIZED_OUTPUTS = ['f', 'df/dx', 'df/dalpha', 'df/dbeta', 'df/dgNeg', 'df/dgPos', 'df/dshift'];

describe.each(['native', 'composite'] as const)('tensorflow backend (%s path), β from 1e-20 to 1e3', (path) => {
  beforeAll(() => useTensorflow(path));
  expectNoTensorLeaksPerTest();

  it('SmeLU: forward and gradient next to −β, 0 and +β agree with cpu and the float64 reference', async () => {
    const failures: string[] = [];
    let tinyNormalResults = 0;
    for (const beta of BETAS) {
      const xs = pointsNear(beta);
      const [y, g] = smeluForwardAndGrad(xs, beta);
      const [yCpu, gCpu] = await onCpu(() => smeluForwardAndGrad(xs, beta));
      const label = `β=${beta}`;
      failures.push(
          ...disagreements(`${label} forward vs cpu`, xs, y, yCpu),
          ...disagreements(`${label} forward vs reference`, xs, y, xs.map((x) => smeluRef(x, beta))),
          ...disagreements(`${label} gradient vs cpu`, xs, g, gCpu),
          ...disagreements(`${label} gradient vs reference`, xs, g, xs.map((x) => smeluDerivRef(x, beta))));
      // The points the old square-first arithmetic lost: s² below 2^-126 while f is a normal float.
      tinyNormalResults +=
          xs.filter((x) => {
              const s = x + beta;
              return s > 0 && s < beta && s * s < MIN_NORMAL_F32 && smeluRef(x, beta) >= MIN_NORMAL_F32;
            }).length;
    }
    expect(failures).toEqual([]);
    // The sweep does reach them (hundreds of points), so the agreement above covers the fixed case.
    expect(tinyNormalResults).toBeGreaterThan(100);
  });

  it('g-SmeLU (α = β): forward, dx and every parameter gradient agree with cpu and the float64 reference', async () => {
    const failures: string[] = [];
    for (const beta of BETAS) {
      // g-SmeLU's parameters are float32 tensors: the width is float32(β).
      const width = Math.fround(beta);
      const xs = pointsNear(width);
      const got = generalizedForwardAndGrads(xs, width);
      const cpu = await onCpu(() => generalizedForwardAndGrads(xs, width));
      const reference = generalizedReference(xs, width);
      GENERALIZED_OUTPUTS.forEach((name, k) => {
        failures.push(
            ...disagreements(`width=${width} ${name} vs cpu`, xs, got[k], cpu[k]),
            ...disagreements(`width=${width} ${name} vs reference`, xs, got[k], reference[k]));
      });
    }
    expect(failures).toEqual([]);
  });
});
