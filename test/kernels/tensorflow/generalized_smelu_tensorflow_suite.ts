/**
 * The `tensorflow` backend's g-SmeLU kernels (src/kernels/tensorflow/
 * GeneralizedSmeLU*.ts) on either path: tfjs-smelu's native ops, or the
 * composite of stock ops they fall back to. Forward against the float64
 * reference and the cpu kernels, gradients (x, scalar and per-channel
 * parameters, both channel layouts) against central differences, second
 * derivatives through the registered gradients, parameter checks with the
 * cpu kernels' wording, and 1,000-call leak checks.
 */
import * as tf from '@tensorflow/tfjs-core';

import {
  generalizedSmelu,
  GeneralizedSmeLUGradKernelName,
  GeneralizedSmeLUKernelName,
  GeneralizedSmeLUParamName,
  GeneralizedSmeLUParams,
  GENERALIZED_SMELU_PARAM_NAMES,
  hasGeneralizedSmeluKernels,
  smelu
} from 'tfjs-smelu';
import {
  checkAgainstReference,
  expectSecondDerivativesMatchReference,
  f32Params,
  inputsFor,
  lcg,
  PARAM_SETS,
  referenceParamGrad,
  sampleInputs,
  termScale
} from '../../support/generalized_smelu_cases';
import {centralDifference, GeneralizedSmeLURefParams, generalizedSmeluRef} from '../../support/reference';
import {nativeCallCounts, useTensorflow} from './tensorflow_env';

type Kernels = 'native'|'composite';

/** Runs `fn` on the cpu backend (its fused float64 kernels), then returns to `tensorflow`. */
async function onCpu<T>(fn: () => Promise<T>): Promise<T> {
  expect(await tf.setBackend('cpu')).toBe(true);
  try {
    return await fn();
  } finally {
    expect(await tf.setBackend('tensorflow')).toBe(true);
  }
}

/** Forward and every gradient (tf.grads with upstream dy) of g-SmeLU for tensor parameters. */
async function forwardAndGrads(
    xs: number[], shape: number[], dys: number[], params: Record<GeneralizedSmeLUParamName, number[]>,
    axis: number): Promise<Float32Array[]> {
  const out = tf.tidy(() => {
    const tensors = GENERALIZED_SMELU_PARAM_NAMES.map(
        (k) => params[k].length === 1 ? tf.scalar(params[k][0]) : tf.tensor1d(params[k]));
    const f = (x: tf.Tensor, alpha: tf.Tensor, beta: tf.Tensor, gNeg: tf.Tensor, gPos: tf.Tensor, shift: tf.Tensor) =>
        generalizedSmelu(x, {alpha, beta, gNeg, gPos, shift, axis});
    const x = tf.tensor(xs, shape);
    const y = f(x, ...tensors as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor]);
    return [y, ...tf.grads(f)([x, ...tensors], tf.tensor(dys, shape))];
  });
  const values = await Promise.all(out.map((t) => t.data() as Promise<Float32Array>));
  tf.dispose(out);
  return values.map((v) => Float32Array.from(v));  // tfjs-node's arrays come from another realm
}

export function describeGeneralizedSmeLUTensorflowKernels(kernels: Kernels): void {
  describe(
      `g-SmeLU kernels on 'tensorflow' (${kernels === 'native' ? 'native ops' : 'composite of stock ops'})`, () => {
        beforeAll(() => useTensorflow(kernels));

        let tensorsBefore = 0;
        beforeEach(() => {
          tensorsBefore = tf.memory().numTensors;
        });
        afterEach(() => {
          expect(tf.memory().numTensors).toBe(tensorsBefore);
        });

        it(`registers both kernels and runs them on the ${kernels} path`, async () => {
          expect(tf.getBackend()).toBe('tensorflow');
          expect(hasGeneralizedSmeluKernels('tensorflow')).toBe(true);
          const before = nativeCallCounts();
          const profile = await tf.profile(() => tf.tidy(() => {
            const x = tf.tensor1d([-3, -1, 0, 1, 3]);
            const beta = tf.scalar(2);
            return tf.grads((xx: tf.Tensor, bb: tf.Tensor) => generalizedSmelu(xx, {alpha: 1, beta: bb, gNeg: -0.5}))(
                [x, beta]);
          }));
          const names = profile.kernels.map((k) => k.name);
          expect(names.filter((n) => n === GeneralizedSmeLUKernelName)).toHaveLength(1);
          expect(names.filter((n) => n === GeneralizedSmeLUGradKernelName)).toHaveLength(2);
          const after = nativeCallCounts();
          const delta = (op: string) => after == null || before == null ? 0 : after[op] - before[op];
          const expected = kernels === 'native' ? 1 : 0;
          if (kernels === 'native') expect(after).not.toBeNull();
          expect([
            delta('TfjsGeneralizedSmeLU'), delta('TfjsGeneralizedSmeLUGradX'), delta('TfjsGeneralizedSmeLUGradBeta')
          ]).toEqual([expected, expected, expected]);
          tf.dispose(profile.result as tf.Tensor[]);
        });

        it('matches the float64 reference for every parameter set, per channel too (last axis, axis 1)', async () => {
          for (const p of PARAM_SETS) {
            const xs = inputsFor(p);
            const x = tf.tensor1d(xs);
            const y = generalizedSmelu(x, p);
            checkAgainstReference(await y.data(), xs, p, 2e-6);
            tf.dispose([x, y]);
          }
          const channels = [PARAM_SETS[1], PARAM_SETS[2], PARAM_SETS[3]].map(f32Params);
          const pick = (k: GeneralizedSmeLUParamName) => channels.map((c) => c[k]);
          const all =
              {alpha: pick('alpha'), beta: pick('beta'), gNeg: pick('gNeg'), gPos: pick('gPos'), shift: pick('shift')};
          for (const {shape, axis, channelOf} of
                   [{shape: [40, 3], axis: -1, channelOf: (i: number) => i % 3},
                    {shape: [4, 3, 10], axis: 1, channelOf: (i: number) => Math.floor(i / 10) % 3},
          ]) {
            const rand = lcg(5);
            const xs = Array.from({length: 120}, (_, i) => sampleInputs(1, channels[channelOf(i)], rand)[0]);
            const x = tf.tensor(xs, shape);
            const y = generalizedSmelu(x, {...all, axis});
            const got = await y.data();
            xs.forEach((v, i) => {
              const q = channels[channelOf(i)];
              expect(Math.abs(got[i] - generalizedSmeluRef(v, q))).toBeLessThanOrEqual(2e-6 * (termScale(v, q) + 1));
            });
            tf.dispose([x, y]);
          }
        });

        it('equals smelu(x, β) when α = β, g₋ = 0, g₊ = 1, t = 0', async () => {
          for (const beta of [0.25, 1, 2, 5]) {
            const x = tf.linspace(-3 * beta, 3 * beta, 241);
            const y = generalizedSmelu(x, {alpha: beta, beta}), expected = smelu(x, beta);
            const got = await y.data(), want = await expected.data();
            for (let i = 0; i < got.length; ++i) {
              expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(2 ** -21 * Math.max(Math.abs(want[i]), beta));
            }
            tf.dispose([x, y, expected]);
          }
        });

        it('handles scalars, empty tensors, int32 input (also straight into the kernel), NaN and ±Infinity',
           async () => {
             const one = tf.scalar(1), none = tf.zeros([0, 3]);
             const s = generalizedSmelu(one, {alpha: 1, beta: 2, gNeg: -0.5});
             expect(s.shape).toEqual([]);
             expect(Array.from(await s.data())).toEqual([0]);
             const empty = generalizedSmelu(none, {beta: [1, 2, 3]});
             expect(empty.shape).toEqual([0, 3]);
             const xi = tf.tensor1d([-3, 0, 3], 'int32');
             const yi = generalizedSmelu(xi, {alpha: 1, beta: 2, gNeg: -0.5});
             expect(yi.dtype).toBe('float32');
             expect(Array.from(await yi.data())).toEqual([1, -0.25, 1.75]);
             const params = {
               alpha: tf.scalar(1),
               beta: tf.scalar(2),
               gNeg: tf.scalar(-0.5),
               gPos: tf.scalar(1),
               shift: tf.scalar(0)
             };
             const inputs = [xi, params.alpha, params.beta, params.gNeg, params.gPos, params.shift];
             const direct =
                 tf.engine().runKernel(GeneralizedSmeLUKernelName, inputs as unknown as tf.NamedTensorMap, {axis: 0}) as
                 tf.Tensor;
             expect(direct.dtype).toBe('float32');
             expect(Array.from(await direct.data())).toEqual([1, -0.25, 1.75]);
             const special = [-Infinity, Infinity, NaN];
             for (const p of [PARAM_SETS[0], PARAM_SETS[2], {...PARAM_SETS[3], gPos: 0}]) {
               const xt = tf.tensor1d(special);
               const y = generalizedSmelu(xt, p);
               expect(Array.from(await y.data())).toEqual(special.map((v) => generalizedSmeluRef(v, f32Params(p))));
               const dx = tf.grad((t: tf.Tensor) => generalizedSmelu(t, p))(xt);
               const q = f32Params(p);
               expect(Array.from(await dx.data())).toEqual([q.gNeg, q.gPos, NaN]);
               tf.dispose([xt, y, dx]);
             }
             tf.dispose([one, none, s, empty, xi, yi, direct, ...Object.values(params)]);
           });

        it('agrees with the cpu kernels (float64) on 30,000 inputs: forward and every gradient', async () => {
          const channels = PARAM_SETS.slice(0, 4).map(f32Params);
          const pick = (k: GeneralizedSmeLUParamName) => channels.map((c) => c[k]);
          const params = {alpha: pick('alpha'), beta: pick('beta'), gNeg: [0.05], gPos: pick('gPos'), shift: [-0.5]};
          const rand = lcg(99);
          const shape = [7500, 4];
          const xs = Array.from({length: 30000}, (_, i) => {
            const q = channels[i % 4], w = q.alpha + q.beta;
            return Math.fround(rand() < 0.9 ? -q.alpha - w + 3 * w * rand() : (rand() * 2 - 1) * 1e4);
          });
          const dys = xs.map(() => Math.fround(rand() * 2 - 1));
          const here = await forwardAndGrads(xs, shape, dys, params, -1);
          const cpu = await onCpu(() => forwardAndGrads(xs, shape, dys, params, -1));
          const paramsOf = (i: number) => ({...channels[i % 4], gNeg: Math.fround(0.05), shift: Math.fround(-0.5)});
          // Element-wise outputs: within a few float32 roundings of the terms' size.
          for (let i = 0; i < xs.length; ++i) {
            const scale = termScale(xs[i], paramsOf(i)) + 1;
            if (!(Math.abs(here[0][i] - cpu[0][i]) <= 2e-6 * scale) ||
                !(Math.abs(here[1][i] - cpu[1][i]) <= 2e-6 * (1 + Math.abs(cpu[1][i])))) {
              throw new Error(
                  `x=${xs[i]}: forward ${here[0][i]} vs cpu ${cpu[0][i]}, dx ${here[1][i]} vs cpu ${cpu[1][i]}`);
            }
          }
          // Parameter gradients: sums, within 2e-6 of Σ|terms| (float32 terms, float64 sums).
          GENERALIZED_SMELU_PARAM_NAMES.forEach((name, k) => {
            const perChannel = params[name].length > 1;
            const {magnitude} = referenceParamGrad(
                name, xs, dys, paramsOf, perChannel ? (i) => i % 4 : () => 0, perChannel ? 4 : 1, 0.5);
            magnitude.forEach((m, ch) => {
              expect({name, ch, close: Math.abs(here[k + 2][ch] - cpu[k + 2][ch]) <= 2e-6 * m + 1e-6})
                  .toEqual({name, ch, close: true});
            });
          });
        });

        it('agrees with the cpu kernels on every channel layout (many channels last; long and short inner axes)',
           async () => {
             // The native ops walk x differently per layout (native/src/kernels.cc, Walk): one set of constants,
             // runs sharing a channel, or a repeating tile of per-element constants.
             const rand = lcg(7);
             for (const {shape, axis} of
                      [{shape: [3, 1500], axis: -1},     // 1,500 channels, inner 1: the per-channel table is the tile
                       {shape: [2, 7, 5], axis: 1},      // period 35: a tile of 35·30 entries
                       {shape: [2, 6, 70], axis: 1},     // inner 70: runs sharing a channel
                       {shape: [1, 5000, 60], axis: 1},  // period 300,000, beyond the largest tile: runs of 60
             ]) {
               const channels = shape[axis < 0 ? shape.length + axis : axis];
               const size = shape.reduce((a, b) => a * b, 1);
               const xs = Array.from({length: size}, () => Math.fround(rand() * 12 - 6));
               const dys = xs.map(() => Math.fround(rand() * 2 - 1));
               const perChannel = (lo: number, hi: number) =>
                   Array.from({length: channels}, () => Math.fround(lo + (hi - lo) * rand()));
               const params = {
                 alpha: perChannel(0.2, 3),
                 beta: perChannel(0.2, 3),
                 gNeg: [Math.fround(-0.2)],
                 gPos: perChannel(0.5, 1.5),
                 shift: perChannel(-1, 1)
               };
               const here = await forwardAndGrads(xs, shape, dys, params, axis);
               const cpu = await onCpu(() => forwardAndGrads(xs, shape, dys, params, axis));
               for (const k of [0, 1]) {
                 for (let i = 0; i < size; ++i) {
                   if (!(Math.abs(here[k][i] - cpu[k][i]) <= 1e-5 * (1 + Math.abs(cpu[k][i])))) {
                     throw new Error(
                         `shape [${shape}], ${k === 0 ? 'forward' : 'dx'}[${i}]: ${here[k][i]} vs cpu ${cpu[k][i]}`);
                   }
                 }
               }
               for (let k = 2; k < 7; ++k) {
                 expect(here[k].length).toBe(cpu[k].length);
                 here[k].forEach((v, ch) => {
                   if (!(Math.abs(v - cpu[k][ch]) <= 1e-4 * (1 + Math.abs(cpu[k][ch])))) {
                     throw new Error(`shape [${shape}], d/d${GENERALIZED_SMELU_PARAM_NAMES[k - 2]}[${ch}]: ${
                         v} vs cpu ${cpu[k][ch]}`);
                   }
                 });
               }
             }
           });

        it('differentiates w.r.t. x and every parameter like the reference (scalar; per channel on both layouts)',
           async () => {
             const rand = lcg(17);
             for (const p of PARAM_SETS) {
               const q = f32Params(p);
               const xs = sampleInputs(48, q, rand);
               const dys = xs.map(() => Math.fround(rand() * 2 - 1));
               const scalars = Object.fromEntries(GENERALIZED_SMELU_PARAM_NAMES.map((k) => [k, [q[k]]])) as
                   Record<GeneralizedSmeLUParamName, number[]>;
               const [, dx, ...dParams] = await forwardAndGrads(xs, [xs.length], dys, scalars, 0);
               xs.forEach((x, i) => {
                 const fd = centralDifference((v) => generalizedSmeluRef(v, q), x, 1e-6 * Math.max(1, Math.abs(x)));
                 expect(Math.abs(dx[i] - dys[i] * fd)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(dys[i] * fd)));
               });
               GENERALIZED_SMELU_PARAM_NAMES.forEach((name, k) => {
                 const {sums, magnitude} = referenceParamGrad(name, xs, dys, () => q, () => 0, 1);
                 if (!(Math.abs(dParams[k][0] - sums[0]) <= 5e-6 * magnitude[0] + 1e-6)) {
                   throw new Error(`d/d${name} for ${JSON.stringify(p)}: got ${dParams[k][0]}, expected ${sums[0]}`);
                 }
               });
             }
             const channels = [PARAM_SETS[1], PARAM_SETS[2], PARAM_SETS[3]].map(f32Params);
             for (const {shape, axis, channelOf} of
                      [{shape: [5, 4, 3], axis: -1, channelOf: (i: number) => i % 3},
                       {shape: [4, 3, 5], axis: 1, channelOf: (i: number) => Math.floor(i / 5) % 3},
             ]) {
               const size = shape.reduce((a, b) => a * b, 1);
               const xs = Array.from({length: size}, (_, i) => sampleInputs(1, channels[channelOf(i)], rand)[0]);
               const dys = xs.map(() => Math.fround(rand() * 2 - 1));
               const perChannel: GeneralizedSmeLUParamName[] = ['alpha', 'beta', 'gPos'];
               const shared:
                   GeneralizedSmeLURefParams = {...channels[0], gNeg: Math.fround(0.05), shift: Math.fround(-0.5)};
               const paramsOf = (i: number) => ({...channels[channelOf(i)], gNeg: shared.gNeg, shift: shared.shift});
               const values = Object.fromEntries(GENERALIZED_SMELU_PARAM_NAMES.map(
                                  (k) => [k, perChannel.includes(k) ? channels.map((c) => c[k]) : [shared[k]]])) as
                   Record<GeneralizedSmeLUParamName, number[]>;
               const [, dx, ...dParams] = await forwardAndGrads(xs, shape, dys, values, axis);
               xs.forEach((x, i) => {
                 const fd =
                     centralDifference((v) => generalizedSmeluRef(v, paramsOf(i)), x, 1e-6 * Math.max(1, Math.abs(x)));
                 expect(Math.abs(dx[i] - dys[i] * fd)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(dys[i] * fd)));
               });
               GENERALIZED_SMELU_PARAM_NAMES.forEach((name, k) => {
                 const isPerChannel = perChannel.includes(name);
                 expect(dParams[k].length).toBe(isPerChannel ? 3 : 1);
                 const {sums, magnitude} = referenceParamGrad(
                     name, xs, dys, paramsOf, isPerChannel ? channelOf : () => 0, isPerChannel ? 3 : 1);
                 sums.forEach((s, ch) => {
                   if (!(Math.abs(dParams[k][ch] - s) <= 5e-6 * magnitude[ch] + 1e-6)) {
                     throw new Error(`axis ${axis}, d/d${name}[${ch}]: got ${dParams[k][ch]}, expected ${s}`);
                   }
                 });
               });
             }
           });

        it('has second derivatives through the registered gradients (x, dy, per-channel and scalar parameters)',
           async () => {
             await expectSecondDerivativesMatchReference(generalizedSmelu);
           });

        it('rejects bad parameter values inside tensors with the cpu kernels\' message', async () => {
          const cases: Array<[string, () => GeneralizedSmeLUParams]> = [
            ['alpha[1] = 0', () => ({alpha: tf.tensor1d([1, 0, 1, 1])})],
            ['beta = -2', () => ({beta: tf.scalar(-2)})],
            ['gPos[2] = NaN', () => ({gPos: tf.tensor1d([1, 1, NaN, 1])})],
            ['shift = Infinity', () => ({shift: tf.scalar(Infinity)})],
            [
              'beta[3] = 0.1 (fine) and gNeg[0] = -Infinity',
              () => ({beta: tf.tensor1d([1, 1, 1, 0.1]), gNeg: tf.tensor1d([-Infinity, 0, 0, 0])})
            ],
          ];
          for (const [label, params] of cases) {
            const messageOn = async (backend: string) => {
              const previous = tf.getBackend();
              expect(await tf.setBackend(backend)).toBe(true);
              try {
                tf.tidy(() => generalizedSmelu(tf.zeros([2, 4]), params()));
                return 'no error';
              } catch (e) {
                return (e as Error).message;
              } finally {
                expect(await tf.setBackend(previous)).toBe(true);
              }
            };
            const before = tf.memory().numTensors;
            const here = await messageOn('tensorflow');
            expect({label, here}).toEqual({label, here: await messageOn('cpu')});
            expect(here).toMatch(/^GeneralizedSmeLU: \w+(\[\d\])? must be a finite number/);
            // When a kernel throws inside tf.tidy, tfjs disposes the scope's tensors: nothing is left over.
            expect(tf.memory().numTensors).toBe(before);
          }
          // The gradient kernel checks too.
          const grad = () => tf.tidy(
              () => tf.grad((b: tf.Tensor) => generalizedSmelu(tf.ones([3]), {beta: b}))(tf.tensor1d([1, -1, 1])));
          expect(grad).toThrow(/^GeneralizedSmeLU(Grad)?: beta\[1\] must be a finite number > 0, but got -1\.$/);
          tensorsBefore = tf.memory().numTensors;  // a throw mid-backprop leaves tfjs's saved tensors (not ours)
        });

        it('says clearly that derivatives of a parameter-gradient kernel are not provided', () => {
          expect(() => tf.tidy(() => {
            const x = tf.tensor1d([-1, 0.5, 2]);
            return tf.grad((b: tf.Tensor) => tf.grad((bb: tf.Tensor) => generalizedSmelu(x, {beta: bb}))(b))(
                tf.scalar(1.5));
          })).toThrow(/GeneralizedSmeLUGrad: derivatives of the beta gradient are not implemented/);
          tensorsBefore = tf.memory().numTensors;  // tfjs keeps the tensors saved for an aborted backward pass
        });

        it('leaks no tensors over 1,000 forward + gradient calls (per-channel β learnt, scalar α)', () => {
          const x = tf.randomNormal([64, 4], 0, 2, 'float32', 1);
          const beta = tf.tensor1d([0.5, 1, 2, 4]);
          const alpha = tf.scalar(1.5);
          const f = (xx: tf.Tensor, aa: tf.Tensor, bb: tf.Tensor) =>
              generalizedSmelu(xx, {alpha: aa, beta: bb, gNeg: -0.1});
          const gradFn = tf.grads(f);
          tf.dispose(gradFn([x, alpha, beta]));  // warm up
          const before = tf.memory().numTensors;
          for (let i = 0; i < 1000; ++i) {
            tf.tidy(() => {
              f(x, alpha, beta);
              gradFn([x, alpha, beta]);
            });
          }
          expect(tf.memory().numTensors).toBe(before);
          tf.dispose([x, beta, alpha]);
        });
      });
}
