/** Shared g-SmeLU test cases and helpers (parameter sets, inputs, float64 gradient sums). */
import * as tf from '@tensorflow/tfjs-core';

import type {GeneralizedSmeLUParams} from 'tfjs-smelu';
import {generalizedSmelu, GeneralizedSmeLUParamName, GENERALIZED_SMELU_PARAM_NAMES} from 'tfjs-smelu';
import {centralDifference, GeneralizedSmeLURefParams, generalizedSmeluDerivRef, generalizedSmeluRef} from './reference';

/** Symmetric (SmeLU), asymmetric, negative-slope, decreasing and tiny transitions. */
export const PARAM_SETS: GeneralizedSmeLURefParams[] = [
  {alpha: 2, beta: 2, gNeg: 0, gPos: 1, shift: 0},
  {alpha: 0.5, beta: 3, gNeg: 0.1, gPos: 1.2, shift: -0.3},
  {alpha: 1, beta: 2, gNeg: -0.5, gPos: 1, shift: 0},
  {alpha: 3, beta: 0.25, gNeg: 2, gPos: -1, shift: 5},
  {alpha: 1e-3, beta: 2e-3, gNeg: 0.01, gPos: 1, shift: 0},
];

/** The parameters as the kernels see them: rounded to float32. */
export function f32Params(p: GeneralizedSmeLURefParams): GeneralizedSmeLURefParams {
  const q = {...p};
  for (const k of GENERALIZED_SMELU_PARAM_NAMES) q[k] = Math.fround(p[k]);
  return q;
}

/** Size of the terms the formula adds up: rounding errors scale with it, not with |f|. */
export function termScale(x: number, p: GeneralizedSmeLURefParams): number {
  return Math.abs(p.shift) + (Math.abs(p.gNeg) + Math.abs(p.gPos)) * (Math.abs(x) + p.alpha + p.beta);
}

/** Inputs spread over the three pieces, the breakpoints themselves and large values. */
export function inputsFor(p: GeneralizedSmeLURefParams): number[] {
  const xs: number[] = [];
  const lo = -p.alpha - 2 * (p.alpha + p.beta), hi = p.beta + 2 * (p.alpha + p.beta);
  for (let i = 0; i <= 200; ++i) xs.push(Math.fround(lo + (hi - lo) * i / 200));
  xs.push(Math.fround(-p.alpha), Math.fround(p.beta), 0, -1e6, 1e6, 37.5, -37.5);
  return xs;
}

/** Throws on the first element further than relTol·(|f| + termScale) from the reference. */
export function checkAgainstReference(
    actual: ArrayLike<number>, xs: number[], p: GeneralizedSmeLURefParams, relTol: number): void {
  const q = f32Params(p);
  for (let i = 0; i < xs.length; ++i) {
    const expected = generalizedSmeluRef(xs[i], q);
    const tol = relTol * (Math.abs(expected) + termScale(xs[i], q));
    if (!(Math.abs(actual[i] - expected) <= tol)) {
      throw new Error(
          `x=${xs[i]} params=${JSON.stringify(p)}: got ${actual[i]}, expected ${expected} (tolerance ${tol})`);
    }
  }
}

/** Deterministic pseudo-random numbers in [0, 1) (tests must not depend on Math.random). */
export function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** float32 inputs over all three pieces, kept away from the breakpoints (where f″ jumps). */
export function sampleInputs(n: number, p: GeneralizedSmeLURefParams, rand: () => number): number[] {
  const w = p.alpha + p.beta;
  const xs: number[] = [];
  while (xs.length < n) {
    const x = Math.fround(-p.alpha - w + 3 * w * rand());
    const margin = 1e-3 * w;
    if (Math.abs(x + p.alpha) > margin && Math.abs(x - p.beta) > margin) xs.push(x);
  }
  return xs;
}

/**
 * Σ_i dy_i · ∂f(x_i)/∂p by central differences of the float64 reference,
 * per channel, with Σ|dy_i · ∂f/∂p| (what rounding errors scale with).
 * `relStep`: the step relative to max(1, |p|); far outside the transition f
 * is linear in every parameter, so a large step is exact there and keeps
 * the roundoff of a huge f (≈ |f|·1e-16 / step) small.
 */
export function referenceParamGrad(
    name: GeneralizedSmeLUParamName, xs: number[], dys: number[], paramsOf: (i: number) => GeneralizedSmeLURefParams,
    channelOf: (i: number) => number, channels: number, relStep = 1e-6): {sums: number[], magnitude: number[]} {
  const sums = new Array(channels).fill(0), magnitude = new Array(channels).fill(0);
  for (let i = 0; i < xs.length; ++i) {
    const p = paramsOf(i);
    const h = relStep * Math.max(1, Math.abs(p[name]));
    const d = centralDifference((v) => generalizedSmeluRef(xs[i], {...p, [name]: v}), p[name], h);
    sums[channelOf(i)] += dys[i] * d;
    magnitude[channelOf(i)] += Math.abs(dys[i] * d);
  }
  return {sums, magnitude};
}

/**
 * Checks second derivatives of g-SmeLU through `op`'s registered gradients on
 * the current backend: with G = Σ v·dy·f′(x) over a [12, 3] input whose
 * channels (the last axis) have their own α and g₊ (β and g₋ scalars), the
 * gradients of G with respect to x, dy, α, β, g₋ and g₊ against central
 * differences of the float64 derivative. The shift t is left out: f′ does not
 * depend on it (tf.grads rejects unconnected inputs).
 */
export async function expectSecondDerivativesMatchReference(
    op: (x: tf.Tensor, params: GeneralizedSmeLUParams) => tf.Tensor): Promise<void> {
  const watched = GENERALIZED_SMELU_PARAM_NAMES.filter((k) => k !== 'shift');
  const rand = lcg(41);
  const channels = [PARAM_SETS[1], PARAM_SETS[2], PARAM_SETS[3]].map(f32Params);
  const channelOf = (i: number) => i % 3;
  const xs = Array.from({length: 36}, (_, i) => sampleInputs(1, channels[channelOf(i)], rand)[0]);
  const dys = xs.map(() => Math.fround(rand() * 2 - 1));
  const vs = xs.map(() => Math.fround(rand() * 2 - 1));
  const perChannel: GeneralizedSmeLUParamName[] = ['alpha', 'gPos'];
  const shared = {...channels[0], beta: Math.fround(1.5), gNeg: Math.fround(0.2), shift: Math.fround(0.1)};
  const paramsOf = (i: number): GeneralizedSmeLURefParams =>
      ({...channels[channelOf(i)], beta: shared.beta, gNeg: shared.gNeg, shift: shared.shift});
  const grads = tf.tidy(() => {
    const G = (x: tf.Tensor, dy: tf.Tensor, alpha: tf.Tensor, beta: tf.Tensor, gNeg: tf.Tensor, gPos: tf.Tensor) =>
        tf.mul(
            tf.grad((xx: tf.Tensor) => op(xx, {alpha, beta, gNeg, gPos, shift: shared.shift}))(x, dy),
            tf.tensor2d(vs, [12, 3]));
    const params =
        watched.map((k) => perChannel.includes(k) ? tf.tensor1d(channels.map((c) => c[k])) : tf.scalar(shared[k]));
    return tf.grads(G)([tf.tensor2d(xs, [12, 3]), tf.tensor2d(dys, [12, 3]), ...params]);
  });
  const [dx, ddy] = [await grads[0].data(), await grads[1].data()];
  xs.forEach((x, i) => {
    const p = paramsOf(i);
    const second = centralDifference((v) => generalizedSmeluDerivRef(v, p), x, 1e-6);
    expect(Math.abs(dx[i] - vs[i] * dys[i] * second)).toBeLessThan(1e-4);
    expect(Math.abs(ddy[i] - vs[i] * generalizedSmeluDerivRef(x, p))).toBeLessThan(1e-5);
  });
  for (const [k, name] of watched.entries()) {
    const isPerChannel = perChannel.includes(name);
    const got = await grads[k + 2].data();
    expect(grads[k + 2].shape).toEqual(isPerChannel ? [3] : []);
    const sums = new Array(isPerChannel ? 3 : 1).fill(0);
    let magnitude = 0;
    xs.forEach((x, i) => {
      const p = paramsOf(i);
      const d = centralDifference((pv) => generalizedSmeluDerivRef(x, {...p, [name]: pv}), p[name], 1e-6);
      sums[isPerChannel ? channelOf(i) : 0] += vs[i] * dys[i] * d;
      magnitude += Math.abs(vs[i] * dys[i] * d);
    });
    sums.forEach((sv, ch) => expect(Math.abs(got[ch] - sv)).toBeLessThanOrEqual(1e-4 * magnitude + 1e-5));
  }
  tf.dispose(grads);
}

/**
 * Each of the five parameters a number (a kernel attr) or a scalar tensor (a
 * kernel input), all 32 mixes, on the current backend: y, dx and the
 * gradients of the tensor parameters must be the same floats as with every
 * parameter a tensor. Three settings: two parameter sets with single values
 * (one with a zero slope), and one next to a per-channel β (channels last),
 * on inputs over every piece plus ±Infinity, NaN and 0.
 */
export async function expectNumberAndTensorParamsAgree(): Promise<void> {
  const names = GENERALIZED_SMELU_PARAM_NAMES;
  const rand = lcg(41);
  const settings: Array<[GeneralizedSmeLURefParams, boolean]> =
      [[PARAM_SETS[1], false], [PARAM_SETS[0], false], [PARAM_SETS[2], true]];
  for (const [set, perChannelBeta] of settings) {
    const p = f32Params(set);
    const xs = [...inputsFor(p).slice(0, 96), -Infinity, Infinity, NaN, 0];
    const dys = xs.map(() => Math.fround(rand() * 2 - 1));
    const shape: [number, number] = [xs.length / 4, 4];
    const betas = [p.beta, 0.5 * p.beta, 2 * p.beta, p.beta].map(Math.fround);
    const isTensor = (mask: number, i: number) => ((mask >> i) & 1) === 1 || (perChannelBeta && names[i] === 'beta');
    /** y, dx, then the gradient of each tensor parameter (in parameter order) when `mask` picks the tensors. */
    const run = async (mask: number) => {
      const out = tf.tidy(() => {
        const tensorNames = names.filter((_, i) => isTensor(mask, i));
        const tensors = tensorNames.map((k) => (k === 'beta' && perChannelBeta ? tf.tensor1d(betas) : tf.scalar(p[k])));
        const f = (x: tf.Tensor, ...ts: tf.Tensor[]) => {
          const options: GeneralizedSmeLUParams = {};
          for (const k of names) options[k] = tensorNames.includes(k) ? ts[tensorNames.indexOf(k)] : p[k];
          return generalizedSmelu(x, options);
        };
        const x = tf.tensor2d(xs, shape);
        return [f(x, ...tensors), ...tf.grads(f)([x, ...tensors], tf.tensor2d(dys, shape))];
      });
      const values = await Promise.all(out.map(async (t) => Array.from(await t.data())));
      tf.dispose(out);
      return values;
    };
    const allTensors = await run(31);
    for (let mask = 0; mask < 31; ++mask) {
      const got = await run(mask);
      const context = {params: p, perChannelBeta, tensors: names.filter((_, i) => isTensor(mask, i))};
      expect({...context, y: got[0]}).toEqual({...context, y: allTensors[0]});
      expect({...context, dx: got[1]}).toEqual({...context, dx: allTensors[1]});
      let k = 2;
      names.forEach((name, i) => {
        if (isTensor(mask, i))
          expect({...context, name, grad: got[k++]}).toEqual({...context, name, grad: allTensors[2 + i]});
      });
      expect(got).toHaveLength(k);
    }
  }
}
