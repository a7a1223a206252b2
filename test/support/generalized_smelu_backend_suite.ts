/**
 * g-SmeLU on one Node-side backend (wasm, tensorflow), on whichever path the
 * op takes there: the fused `GeneralizedSmeLU` / `GeneralizedSmeLUGrad`
 * kernels when the backend has both, else the documented composite of stock
 * ops. Forward against the float64 reference (scalar and per-channel
 * parameters, every layout the kernels distinguish), gradients (x, scalar
 * and per-channel parameters) against central differences, second
 * derivatives through the registered gradients, 1,000-call leak checks, a
 * profile showing which kernels ran, and a learnable per-channel β layer
 * trained and reloaded.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import {
  generalizedSmelu,
  GeneralizedSmeLUParamName,
  GENERALIZED_SMELU_PARAM_NAMES,
  hasGeneralizedSmeluKernels,
  layers,
  smelu
} from 'tfjs-smelu';
import {
  checkAgainstReference,
  expectNumberAndTensorParamsAgree,
  expectSecondDerivativesMatchReference,
  f32Params,
  inputsFor,
  lcg,
  PARAM_SETS,
  referenceParamGrad,
  sampleInputs
} from './generalized_smelu_cases';
import {expectNoTensorLeaksOver, expectNoTensorLeaksPerTest} from './leak_check';
import {saveAndLoadInMemory} from './model_round_trip';
import {centralDifference, GeneralizedSmeLURefParams, generalizedSmeluRef} from './reference';

export interface GeneralizedSmeLUSuiteOptions {
  /**
   * The path this backend must take: true = fused kernels, false = the
   * composite. Default: the fused kernels exactly when both are registered.
   */
  fused?: boolean;
  /** Relative tolerance of the forward pass against the reference (see checkAgainstReference). Default 2e-6. */
  forwardTolerance?: number;
  /** Relative tolerance of a gradient sum, relative to Σ|dy·∂f/∂p|. Default 5e-5. */
  gradientTolerance?: number;
  /** Same as `fused` (the tensorflow suites' spelling). */
  fusedKernels?: boolean;
  /** Names the path in the suite's title (default: from `fused`). */
  label?: string;
  /**
   * The fused kernels themselves run stock tfjs ops inside (tensorflow with its
   * native ops off), so a profile lists those too, next to the fused kernel.
   */
  fusedKernelsRunOps?: boolean;
}

/**
 * The parameters of `channels` per-channel sets (one per channel, drawn from
 * PARAM_SETS) with the parameters not in `perChannel` shared (taken from
 * `shared`): what a per-channel g-SmeLU computes for channel ch.
 */
function channelParams(channels: number, perChannel: GeneralizedSmeLUParamName[], shared: GeneralizedSmeLURefParams):
    GeneralizedSmeLURefParams[] {
  return Array.from({length: channels}, (_, ch) => {
    const own = f32Params(PARAM_SETS[1 + ch % (PARAM_SETS.length - 1)]);
    const p = {...f32Params(shared)};
    for (const k of perChannel) p[k] = own[k];
    return p;
  });
}

/** The op's parameter options for those channel sets: tensors per channel, numbers otherwise. */
function paramOptions(sets: GeneralizedSmeLURefParams[], perChannel: GeneralizedSmeLUParamName[]) {
  const options: Record<string, number|tf.Tensor> = {};
  for (const k of GENERALIZED_SMELU_PARAM_NAMES) {
    options[k] = perChannel.includes(k) ? tf.tensor1d(sets.map((p) => p[k])) : sets[0][k];
  }
  return options;
}

/** Channel of flat element `i` of a row-major `shape` with channels along `axis`. */
function channelOf(shape: number[], axis: number, i: number): number {
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  return Math.floor(i / inner) % shape[axis];
}

export function describeGeneralizedSmeLUOnBackend(
    backendName: string, setup: () => Promise<void>, options: GeneralizedSmeLUSuiteOptions = {}): void {
  const forwardTol = options.forwardTolerance ?? 2e-6;
  const gradTol = options.gradientTolerance ?? 5e-5;
  const expectFused = options.fused ?? options.fusedKernels;
  const pathName = options.label ??
      (expectFused === true      ? 'fused kernels' :
           expectFused === false ? 'composite path' :
                                   'fused kernels if registered, else composite');

  describe(`generalizedSmelu on ${backendName} (${pathName})`, () => {
    let fused = false;
    beforeAll(async () => {
      await setup();
      expect(tf.getBackend()).toBe(backendName);
      fused = hasGeneralizedSmeluKernels(backendName);
    });
    const leaks = expectNoTensorLeaksPerTest();

    it('runs the expected path, as a profile of the kernels that ran shows', async () => {
      if (expectFused != null) expect(fused).toBe(expectFused);
      const x = tf.tensor2d([-3, -1, 0, 1, 3, 0.5], [2, 3]);
      const beta = tf.tensor1d([1, 2, 3]);
      const forward = await tf.profile(() => generalizedSmelu(x, {beta, gNeg: 0.1}));
      // Every kernel call in order (kernelNames lists each name once).
      const forwardKernels = forward.kernels.map((k) => k.name);
      tf.dispose(forward.result as tf.Tensor);
      const backward = await tf.profile(
          () => tf.grads((xx: tf.Tensor, bb: tf.Tensor) => generalizedSmelu(xx, {beta: bb, gNeg: 0.1}))([x, beta]));
      const backwardKernels = backward.kernels.map((k) => k.name);
      tf.dispose(backward.result as tf.Tensor[]);
      tf.dispose([x, beta]);
      if (fused && options.fusedKernelsRunOps === true) {
        expect(forwardKernels.filter((k) => k.startsWith('GeneralizedSmeLU'))).toEqual(['GeneralizedSmeLU']);
        expect(backwardKernels.filter((k) => k.startsWith('GeneralizedSmeLU'))).toEqual([
          'GeneralizedSmeLU', 'GeneralizedSmeLUGrad', 'GeneralizedSmeLUGrad'
        ]);
      } else if (fused) {
        expect(forwardKernels).toEqual(['GeneralizedSmeLU']);
        expect(backwardKernels.filter((k) => k.startsWith('GeneralizedSmeLU'))).toEqual([
          'GeneralizedSmeLU', 'GeneralizedSmeLUGrad', 'GeneralizedSmeLUGrad'
        ]);
      } else {
        expect(forwardKernels).not.toContain('GeneralizedSmeLU');
        expect(backwardKernels).not.toContain('GeneralizedSmeLUGrad');
        expect(forwardKernels.length).toBeGreaterThan(5);
      }
    });

    it('matches the float64 reference for every parameter set, and smelu in the special case', async () => {
      for (const p of PARAM_SETS) {
        const xs = inputsFor(p);
        // Sizes 208 and 209 (an odd tail after 4-wide vectors).
        for (const values of [xs, [...xs, 0.75]]) {
          const x = tf.tensor1d(values);
          const y = generalizedSmelu(x, p);
          checkAgainstReference(await y.data(), values, p, forwardTol);
          tf.dispose([x, y]);
        }
      }
      const x = tf.linspace(-4, 4, 161);
      const a = generalizedSmelu(x, {alpha: 1.5, beta: 1.5}), b = smelu(x, 1.5);
      const av = await a.data(), bv = await b.data();
      for (let i = 0; i < av.length; ++i) {
        expect(Math.abs(av[i] - bv[i])).toBeLessThanOrEqual(4 * forwardTol * Math.max(1, Math.abs(bv[i])));
      }
      tf.dispose([x, a, b]);
    });

    it('maps NaN → NaN and ±Infinity like the cpu kernel (a zero slope keeps its side flat)', async () => {
      const special = [-Infinity, Infinity, NaN, -Infinity, Infinity, NaN, 1, -1, 0];
      for (const p of [PARAM_SETS[0], {...PARAM_SETS[0], gPos: 0}, PARAM_SETS[2], PARAM_SETS[3]]) {
        const x = tf.tensor1d(special);
        const y = generalizedSmelu(x, p);
        const dx = tf.grad((t: tf.Tensor) => generalizedSmelu(t, p))(x);
        const [got, gotDx] = [Array.from(await y.data()), Array.from(await dx.data())];
        tf.dispose([x, y, dx]);
        const q = f32Params(p);
        const expected = special.map((v) => Number.isNaN(v) ? NaN : Math.fround(generalizedSmeluRef(v, q)));
        expect(got.slice(0, 6)).toEqual(expected.slice(0, 6));
        expect(gotDx.slice(0, 6)).toEqual([q.gNeg, q.gPos, NaN, q.gNeg, q.gPos, NaN].map(Math.fround));
      }
    });

    it('takes per-channel parameters along every axis (channels last, channel blocks, short blocks)', async () => {
      // [outer, channels, inner] layouts: channels last (inner 1), inner 1·12, inner 3, a channel axis of 1.
      const cases: Array<{shape: number[], axis: number, perChannel: GeneralizedSmeLUParamName[]}> = [
        {shape: [7, 6], axis: 1, perChannel: ['alpha', 'beta', 'gNeg', 'gPos', 'shift']},
        {shape: [5, 7], axis: -1, perChannel: ['beta']},
        {shape: [2, 3, 12], axis: 1, perChannel: ['alpha', 'gPos']},
        {shape: [4, 3], axis: 0, perChannel: ['gNeg', 'shift']},
        {shape: [2, 4, 3, 2], axis: 1, perChannel: ['alpha', 'beta', 'shift']},
        {shape: [3, 1, 5], axis: 1, perChannel: ['beta']},
      ];
      const rand = lcg(5);
      for (const {shape, axis, perChannel} of cases) {
        const rank = shape.length;
        const a = axis < 0 ? axis + rank : axis;
        const sets = channelParams(shape[a], perChannel, {...PARAM_SETS[2], alpha: 0.7, gPos: 1.3});
        const size = shape.reduce((p, q) => p * q, 1);
        const xs = Array.from({length: size}, (_, i) => {
          const p = sets[channelOf(shape, a, i)];
          return Math.fround(-p.alpha - 2 * (p.alpha + p.beta) + 5 * (p.alpha + p.beta) * rand());
        });
        const y = tf.tidy(() => generalizedSmelu(tf.tensor(xs, shape), {...paramOptions(sets, perChannel), axis}));
        const got = await y.data();
        y.dispose();
        xs.forEach((v, i) => {
          const p = sets[channelOf(shape, a, i)];
          const expected = generalizedSmeluRef(v, p);
          const tol = forwardTol *
              (Math.abs(expected) + Math.abs(p.shift) +
               (Math.abs(p.gNeg) + Math.abs(p.gPos)) * (Math.abs(v) + p.alpha + p.beta));
          if (!(Math.abs(got[i] - expected) <= tol)) {
            throw new Error(`shape [${shape}] axis ${axis}, element ${i} (x=${v}, channel ${
                channelOf(shape, a, i)}): got ${got[i]}, expected ${expected}`);
          }
        });
      }
    });

    it('gives the same floats for a number and for a tensor holding it, in every mix; gradients reach the tensors',
       () => expectNumberAndTensorParamsAgree());

    it('differentiates w.r.t. x and per-channel / scalar parameters like the reference', async () => {
      const rand = lcg(31);
      const channels = [PARAM_SETS[1], PARAM_SETS[2], PARAM_SETS[3]].map(f32Params);
      const chOf = (i: number) => i % 3;
      const xs: number[] = [];
      for (let i = 0; i < 60; ++i) xs.push(sampleInputs(1, channels[chOf(i)], rand)[0]);
      const dys = xs.map(() => Math.fround(rand() * 2 - 1));
      const perChannel: GeneralizedSmeLUParamName[] = ['beta', 'gNeg', 'shift'];
      const shared = {...channels[0], alpha: Math.fround(0.8), gPos: Math.fround(1.1)};
      const paramsOf = (i: number) => ({...channels[chOf(i)], alpha: shared.alpha, gPos: shared.gPos});
      const grads = tf.tidy(() => {
        const f =
            (x: tf.Tensor, alpha: tf.Tensor, beta: tf.Tensor, gNeg: tf.Tensor, gPos: tf.Tensor, shift: tf.Tensor) =>
                generalizedSmelu(x, {alpha, beta, gNeg, gPos, shift});
        const params = GENERALIZED_SMELU_PARAM_NAMES.map(
            (k) => perChannel.includes(k) ? tf.tensor1d(channels.map((c) => c[k])) : tf.scalar(shared[k]));
        return tf.grads(f)([tf.tensor2d(xs, [20, 3]), ...params], tf.tensor2d(dys, [20, 3]));
      });
      const dx = await grads[0].data();
      xs.forEach((x, i) => {
        const fd = centralDifference((v) => generalizedSmeluRef(v, paramsOf(i)), x, 1e-6 * Math.max(1, Math.abs(x)));
        expect(Math.abs(dx[i] - dys[i] * fd)).toBeLessThan(1e-5);
      });
      for (const [k, name] of GENERALIZED_SMELU_PARAM_NAMES.entries()) {
        const isPerChannel = perChannel.includes(name);
        expect(grads[k + 1].shape).toEqual(isPerChannel ? [3] : []);
        const got = await grads[k + 1].data();
        const {sums, magnitude} =
            referenceParamGrad(name, xs, dys, paramsOf, isPerChannel ? chOf : () => 0, isPerChannel ? 3 : 1);
        sums.forEach((s, ch) => expect(Math.abs(got[ch] - s)).toBeLessThanOrEqual(gradTol * magnitude[ch] + 1e-6));
      }
      tf.dispose(grads);
    });

    it('reduces per-channel parameter gradients along a middle axis, and a [1]-shaped parameter to [1]', async () => {
      const shape = [3, 4, 5];
      const rand = lcg(77);
      const sets = channelParams(4, ['alpha', 'beta', 'gNeg', 'gPos', 'shift'], PARAM_SETS[1]);
      const xs: number[] = [], dys: number[] = [];
      for (let i = 0; i < 60; ++i) {
        xs.push(sampleInputs(1, sets[channelOf(shape, 1, i)], rand)[0]);
        dys.push(Math.fround(rand() * 2 - 1));
      }
      const grads = tf.tidy(() => {
        const f =
            (x: tf.Tensor, alpha: tf.Tensor, beta: tf.Tensor, gNeg: tf.Tensor, gPos: tf.Tensor, shift: tf.Tensor) =>
                generalizedSmelu(x, {alpha, beta, gNeg, gPos, shift, axis: 1});
        const params = GENERALIZED_SMELU_PARAM_NAMES.map((k) => tf.tensor1d(sets.map((p) => p[k])));
        return tf.grads(f)([tf.tensor(xs, shape), ...params], tf.tensor(dys, shape));
      });
      for (const [k, name] of GENERALIZED_SMELU_PARAM_NAMES.entries()) {
        expect(grads[k + 1].shape).toEqual([4]);
        const got = await grads[k + 1].data();
        const {sums, magnitude} =
            referenceParamGrad(name, xs, dys, (i) => sets[channelOf(shape, 1, i)], (i) => channelOf(shape, 1, i), 4);
        sums.forEach((s, ch) => expect(Math.abs(got[ch] - s)).toBeLessThanOrEqual(gradTol * magnitude[ch] + 1e-6));
      }
      tf.dispose(grads);
      const [dBeta] = tf.tidy(
          () =>
              tf.grads((b: tf.Tensor) => generalizedSmelu(tf.tensor1d([-1, 0.5, 3]), {beta: b}))([tf.tensor1d([1.5])]));
      expect(dBeta.shape).toEqual([1]);
      const q = {...PARAM_SETS[0], beta: 1.5};
      const expected = [-1, 0.5, 3].reduce(
          (s, v) => s + centralDifference((b) => generalizedSmeluRef(v, {...q, beta: b}), 1.5, 1e-6), 0);
      expect(Math.abs((await dBeta.data())[0] - expected)).toBeLessThan(1e-5);
      dBeta.dispose();
    });

    it('has second derivatives through the registered gradients (x, dy, per-channel and scalar parameters)',
       async () => {
         await expectSecondDerivativesMatchReference(generalizedSmelu);
       });

    it('leaks no tensors over 1,000 forward + gradient calls (x and every parameter)', () => {
      const x = tf.randomUniform([16, 8], -4, 4, 'float32', 3);
      const alpha = tf.scalar(1.2), beta = tf.tensor1d([0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4]);
      const gNeg = tf.scalar(0.1), gPos = tf.tensor1d(Array.from({length: 8}, (_, i) => 1 + i / 10));
      const shift = tf.scalar(-0.2);
      const gradFn = tf.grads(
          (xx: tf.Tensor, a: tf.Tensor, b: tf.Tensor, gn: tf.Tensor, gp: tf.Tensor, t: tf.Tensor) =>
              tf.sum(generalizedSmelu(xx, {alpha: a, beta: b, gNeg: gn, gPos: gp, shift: t})));
      expectNoTensorLeaksOver(1000, () => {
        generalizedSmelu(x, {alpha, beta, gNeg, gPos, shift});
        gradFn([x, alpha, beta, gNeg, gPos, shift]);
      });
      tf.dispose([x, alpha, beta, gNeg, gPos, shift]);
    });

    it('trains a per-channel β in a gSmelu layer and reloads it with identical predictions', async () => {
      const trueBeta = [0.5, 3];
      const x = tf.randomUniform([128, 2], -4, 4, 'float32', 12);
      const xs = await x.data();
      const target = tf.tensor2d(
          Array.from(xs, (v, i) => generalizedSmeluRef(v, {...PARAM_SETS[0], beta: trueBeta[i % 2]})), [128, 2]);
      const model = tfl.sequential({
        layers: [
          tfl.layers.inputLayer({inputShape: [2]}),
          layers.gSmelu({perChannel: ['beta'], trainableParams: ['beta']}),
        ],
      });
      const optimizer = tf.train.adam(0.05);
      model.compile({optimizer, loss: 'meanSquaredError'});
      const history = await model.fit(x, target, {epochs: 40, batchSize: 128, verbose: 0});
      const losses = history.history.loss as number[];
      expect(losses[losses.length - 1]).toBeLessThan(0.05 * losses[0]);
      const loaded = await saveAndLoadInMemory(model);
      const p1 = model.predict(x) as tf.Tensor, p2 = loaded.predict(x) as tf.Tensor;
      expect(Array.from(await p2.data())).toEqual(Array.from(await p1.data()));
      tf.dispose([x, target, p1, p2]);
      model.dispose();
      loaded.dispose();
      optimizer.dispose();
    });

    it('says clearly that derivatives of a parameter-gradient kernel are not provided (fused path only)', () => {
      if (!fused) {
        console.log(`${backendName}: the composite path differentiates parameter gradients again (tfjs autodiff)`);
        return;
      }
      expect(() => tf.tidy(() => {
        const x = tf.tensor1d([-1, 0.5, 2]);
        const secondOrder = tf.grad((b: tf.Tensor) => tf.grad((bb: tf.Tensor) => generalizedSmelu(x, {beta: bb}))(b));
        return secondOrder(tf.scalar(1.5));
      })).toThrow(/GeneralizedSmeLUGrad: derivatives of the beta gradient are not implemented/);
      // tfjs's engine never disposes what it saved for a backward pass that threw.
      leaks.resetBaseline();
    });
  });
}
