/**
 * Gradients of g-SmeLU with respect to x and each parameter (scalar and per
 * channel, reduced over the other axes), fused cpu kernels and composite,
 * against central finite differences of the float64 reference; and SmeLU's
 * own dβ through the tied α = β form that `layers.smelu({learnBeta})` uses.
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';

import {
  generalizedSmelu,
  generalizedSmeluComposite,
  GeneralizedSmeLUGradKernelName,
  GeneralizedSmeLUParamName,
  GeneralizedSmeLUParams,
  GENERALIZED_SMELU_PARAM_NAMES
} from 'tfjs-smelu';
import {
  expectSecondDerivativesMatchReference,
  f32Params as f32,
  lcg,
  PARAM_SETS,
  referenceParamGrad,
  sampleInputs
} from '../support/generalized_smelu_cases';
import {
  centralDifference,
  GeneralizedSmeLURefParams,
  generalizedSmeluDerivRef,
  generalizedSmeluRef,
  smeluBetaDerivRef,
  smeluRef
} from '../support/reference';

type Op = (x: tf.Tensor|tf.TensorLike, p?: GeneralizedSmeLUParams) => tf.Tensor;
const PATHS: Array<[string, Op, number]> = [
  // [name, op, relative tolerance on a gradient sum, relative to Σ|dy·∂f/∂p|]
  ['fused cpu kernel', generalizedSmelu, 2e-6],
  ['composite of tfjs ops', generalizedSmeluComposite, 5e-5],
];

describe('generalizedSmelu gradients', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  });

  let tensorsBefore = 0;
  beforeEach(() => {
    tensorsBefore = tf.memory().numTensors;
  });
  afterEach(() => {
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  for (const [pathName, op, relTol] of PATHS) {
    describe(pathName, () => {
      it('w.r.t. x and each scalar parameter match central differences of the reference', async () => {
        const rand = lcg(17);
        for (const p of PARAM_SETS) {
          const q = f32(p);
          const xs = sampleInputs(64, q, rand);
          const dys = xs.map(() => Math.fround(rand() * 2 - 1));
          const grads = tf.tidy(() => {
            const f =
                (x: tf.Tensor, alpha: tf.Tensor, beta: tf.Tensor, gNeg: tf.Tensor, gPos: tf.Tensor, shift: tf.Tensor) =>
                    op(x, {alpha, beta, gNeg, gPos, shift});
            return tf.grads(f)(
                [tf.tensor1d(xs), ...GENERALIZED_SMELU_PARAM_NAMES.map((k) => tf.scalar(q[k]))], tf.tensor1d(dys));
          });
          const [dx, ...dParams] = await Promise.all(grads.map((g) => g.data()));
          grads.slice(1).forEach((g) => expect(g.shape).toEqual([]));
          for (let i = 0; i < xs.length; ++i) {
            const fd = centralDifference((v) => generalizedSmeluRef(v, q), xs[i], 1e-6 * Math.max(1, Math.abs(xs[i])));
            const expected = dys[i] * generalizedSmeluDerivRef(xs[i], q);
            expect(Math.abs(dys[i] * fd - expected)).toBeLessThan(1e-6);  // the analytic reference agrees with FD
            expect(Math.abs(dx[i] - dys[i] * fd)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(expected)));
          }
          GENERALIZED_SMELU_PARAM_NAMES.forEach((name, k) => {
            const {sums, magnitude} = referenceParamGrad(name, xs, dys, () => q, () => 0, 1);
            const err = Math.abs(dParams[k][0] - sums[0]);
            if (!(err <= relTol * magnitude[0] + 1e-6)) {
              throw new Error(`d/d${name} for ${JSON.stringify(p)}: got ${dParams[k][0]}, expected ${sums[0]}`);
            }
          });
          tf.dispose(grads);
        }
      });

      it('w.r.t. per-channel parameters are reduced over the other axes (last axis and axis 1)', async () => {
        const rand = lcg(23);
        const channels = [PARAM_SETS[1], PARAM_SETS[2], PARAM_SETS[3]].map(f32);
        for (const layout of [{shape: [5, 4, 3], axis: -1}, {shape: [4, 3, 5], axis: 1}]) {
          const {shape, axis} = layout;
          const size = shape.reduce((a, b) => a * b, 1);
          const channelOf = axis === -1 ? (i: number) => i % 3 : (i: number) => Math.floor(i / 5) % 3;
          const xs: number[] = [];
          for (let i = 0; i < size; ++i) xs.push(sampleInputs(1, channels[channelOf(i)], rand)[0]);
          const dys = xs.map(() => Math.fround(rand() * 2 - 1));
          // alpha, beta and gPos per channel; gNeg and shift shared (gradient summed over everything).
          const perChannel: GeneralizedSmeLUParamName[] = ['alpha', 'beta', 'gPos'];
          const shared: GeneralizedSmeLURefParams = {...channels[0], gNeg: Math.fround(0.05), shift: Math.fround(-0.5)};
          const paramsOf = (i: number) => ({...channels[channelOf(i)], gNeg: shared.gNeg, shift: shared.shift});
          const grads = tf.tidy(() => {
            const f =
                (x: tf.Tensor, alpha: tf.Tensor, beta: tf.Tensor, gNeg: tf.Tensor, gPos: tf.Tensor, shift: tf.Tensor) =>
                    op(x, {alpha, beta, gNeg, gPos, shift, axis});
            const paramTensors = GENERALIZED_SMELU_PARAM_NAMES.map(
                (k) => perChannel.includes(k) ? tf.tensor1d(channels.map((c) => c[k])) : tf.scalar(shared[k]));
            return tf.grads(f)([tf.tensor(xs, shape), ...paramTensors], tf.tensor(dys, shape));
          });
          expect(grads[0].shape).toEqual(shape);
          for (const [k, name] of GENERALIZED_SMELU_PARAM_NAMES.entries()) {
            const g = grads[k + 1];
            const isPerChannel = perChannel.includes(name);
            expect(g.shape).toEqual(isPerChannel ? [3] : []);
            const got = await g.data();
            const {sums, magnitude} =
                referenceParamGrad(name, xs, dys, paramsOf, isPerChannel ? channelOf : () => 0, isPerChannel ? 3 : 1);
            sums.forEach((s, ch) => {
              if (!(Math.abs(got[ch] - s) <= relTol * magnitude[ch] + 1e-6)) {
                throw new Error(`axis ${axis}, d/d${name}[${ch}]: got ${got[ch]}, expected ${s}`);
              }
            });
          }
          tf.dispose(grads);
        }
      });

      it('has second derivatives: d(dy·f′(x)) w.r.t. x, dy and per-channel / scalar parameters', async () => {
        await expectSecondDerivativesMatchReference(op);
      });

      it('gives SmeLU\'s dβ = (β² − x²)/(4β²) when α and β are one tensor (learnable-β SmeLU)', async () => {
        for (const beta of [0.5, 2]) {
          const xs = [-3, -1.5, -0.4, 0.1, 0.45, 1.2, 3].map((v) => Math.fround(v * beta));
          const dys = [0.3, -1, 0.7, 1, -0.2, 0.5, 2];
          const [dBeta, dx] = tf.tidy(() => {
            const x = tf.tensor1d(xs), dy = tf.tensor1d(dys), b = tf.scalar(beta);
            const g = tf.grads((xx: tf.Tensor, bb: tf.Tensor) => op(xx, {alpha: bb, beta: bb}))([x, b], dy);
            return [g[1], g[0]];
          });
          let expected = 0, fd = 0;
          xs.forEach((x, i) => {
            expected += dys[i] * smeluBetaDerivRef(x, beta);
            fd += dys[i] * centralDifference((bb) => smeluRef(x, bb), beta, 1e-6);
          });
          expect(Math.abs(expected - fd)).toBeLessThan(1e-6);
          expect(Math.abs((await dBeta.data())[0] - expected)).toBeLessThan(1e-5);
          const gotDx = await dx.data();
          xs.forEach(
              (x, i) => expect(gotDx[i]).toBeCloseTo(dys[i] * Math.min(Math.max((x + beta) / (2 * beta), 0), 1), 5));
          tf.dispose([dBeta, dx]);
        }
      });
    });
  }

  it('are right far from the transition too (|x| around and beyond 2^20·(α+β), ±Infinity slopes)', async () => {
    const q = f32(PARAM_SETS[2]);
    const w = q.alpha + q.beta;
    const xs = [-5e6 * w, -1048575 * w, -1048577 * w, 1048575 * w, 1048577 * w, 3e7 * w].map(Math.fround);
    const dys = [0.5, -1, 0.25, 1, -0.75, 0.125];
    const grads = tf.tidy(() => {
      const f = (x: tf.Tensor, alpha: tf.Tensor, beta: tf.Tensor, gNeg: tf.Tensor, gPos: tf.Tensor, shift: tf.Tensor) =>
          generalizedSmelu(x, {alpha, beta, gNeg, gPos, shift});
      return tf.grads(f)(
          [tf.tensor1d(xs), ...GENERALIZED_SMELU_PARAM_NAMES.map((k) => tf.scalar(q[k]))], tf.tensor1d(dys));
    });
    const dx = await grads[0].data();
    xs.forEach((x, i) => expect(dx[i]).toBeCloseTo(dys[i] * generalizedSmeluDerivRef(x, q), 6));
    for (const [k, name] of GENERALIZED_SMELU_PARAM_NAMES.entries()) {
      const got = (await grads[k + 1].data())[0];
      // Outside [−α, β] f is linear in each parameter: a unit step is exact.
      const {sums, magnitude} = referenceParamGrad(name, xs, dys, () => q, () => 0, 1, 0.5);
      expect(Math.abs(got - sums[0])).toBeLessThanOrEqual(1e-6 * magnitude[0] + 1e-6);
    }
    tf.dispose(grads);
    const inf = tf.tensor1d([-Infinity, Infinity]);
    const dInf = tf.grad((x: tf.Tensor) => generalizedSmelu(x, q))(inf);
    expect(Array.from(await dInf.data())).toEqual([q.gNeg, q.gPos]);
    tf.dispose([inf, dInf]);
  });

  it('says clearly that derivatives of a parameter-gradient kernel are not provided (fused path)', () => {
    const before = tf.memory().numTensors;
    expect(() => tf.tidy(() => {
      const x = tf.tensor1d([-1, 0.5, 2]);
      const secondOrder = tf.grad((b: tf.Tensor) => tf.grad((bb: tf.Tensor) => generalizedSmelu(x, {beta: bb}))(b));
      return secondOrder(tf.scalar(1.5));
    })).toThrow(/GeneralizedSmeLUGrad: derivatives of the beta gradient are not implemented/);
    // When a gradient function throws mid-backprop, tfjs's engine never
    // disposes the tensors it saved for that backward pass (it does so only
    // after a completed one): not ours to clean up, so reset the baseline.
    expect(tf.memory().numTensors).toBeGreaterThanOrEqual(before);
    tensorsBefore = tf.memory().numTensors;
  });

  it('trains one watched parameter while the others stay fixed numbers (tf.variableGrads)', async () => {
    const x = tf.tensor1d([-1, 0.5, 2]);
    const beta = tf.tidy(() => tf.variable(tf.scalar(1.5)));
    const {value, grads} = tf.variableGrads(() => tf.sum(generalizedSmelu(x, {beta, alpha: 1})), [beta]);
    expect(Object.keys(grads)).toEqual([beta.name]);
    const q = {alpha: 1, beta: 1.5, gNeg: 0, gPos: 1, shift: 0};
    const expected = [-1, 0.5, 2].reduce(
        (s, v) => s + centralDifference((b) => generalizedSmeluRef(v, {...q, beta: b}), 1.5, 1e-6), 0);
    expect((await grads[beta.name].data())[0]).toBeCloseTo(expected, 5);
    tf.dispose([x, beta, value, grads[beta.name]]);
  });
});

describe('GeneralizedSmeLUGrad kernel: the wrt attr', () => {
  it.each(['gamma', 'dy', ''])('refuses wrt = %j on cpu with a message naming the attr and the value', (wrt) => {
    const before = tf.memory().numTensors;
    const [x, dy] = [tf.tensor1d([-1, 0, 1]), tf.tensor1d([1, 1, 1])];
    const [alpha, beta, gNeg, gPos, shift] = [1, 1, 0, 1, 0].map((v) => tf.scalar(v));
    const inputs = [dy, x, alpha, beta, gNeg, gPos, shift] as unknown as tf.NamedTensorMap;
    expect(
        () => tf.engine().runKernel(
            GeneralizedSmeLUGradKernelName, inputs, {axis: -1, wrt} as unknown as tf.NamedAttrMap))
        .toThrow(`GeneralizedSmeLUGrad: attr wrt must be one of x, alpha, beta, gNeg, gPos, shift, but got '${wrt}'.`);
    tf.dispose([x, dy, alpha, beta, gNeg, gPos, shift]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
