/**
 * g-SmeLU forward: fused cpu kernel and the composite fallback against the
 * float64 reference (the piecewise definition in docs/generalized-smelu.md), the SmeLU special case,
 * C¹ continuity at −α and β, per-channel parameters, special values and bad input.
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';

import {
  generalizedSmelu,
  generalizedSmeluComposite,
  GeneralizedSmeLUParams,
  hasGeneralizedSmeluKernels,
  smelu
} from 'tfjs-smelu';
import {
  checkAgainstReference,
  expectNumberAndTensorParamsAgree,
  f32Params,
  inputsFor,
  PARAM_SETS,
  termScale
} from '../support/generalized_smelu_cases';
import {GeneralizedSmeLURefParams, generalizedSmeluDerivRef, generalizedSmeluRef, smeluRef} from '../support/reference';

type Op = (x: tf.Tensor|tf.TensorLike, p?: GeneralizedSmeLUParams) => tf.Tensor;
const PATHS: Array<[string, Op]> = [
  ['fused cpu kernel', generalizedSmelu],
  ['composite of tfjs ops', generalizedSmeluComposite],
];

describe('generalizedSmelu forward', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
    expect(hasGeneralizedSmeluKernels('cpu')).toBe(true);
  });

  let tensorsBefore = 0;
  beforeEach(() => {
    tensorsBefore = tf.memory().numTensors;
  });
  afterEach(() => {
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('checks the documented formulas: C¹ at −α and β, SmeLU at α = β, g₋ = 0, g₊ = 1, t = 0', () => {
    // Written out once more from docs/generalized-smelu.md's table, independent of reference.ts.
    for (const p of PARAM_SETS) {
      const {alpha: A, beta: B, gNeg: gn, gPos: gp, shift: t} = p;
      const a = (gp - gn) / (2 * (A + B));
      const b = (A * gp + B * gn) / (A + B);
      const c = t + (A * A * (gp + gn) + 2 * A * B * gn) / (2 * (A + B));
      const scale = termScale(A + B, p) + 1;
      expect(Math.abs((a * A * A - b * A + c) - t)).toBeLessThan(1e-12 * scale);
      expect(Math.abs((-2 * a * A + b) - gn)).toBeLessThan(1e-12 * scale);
      const right = gp * B + t + (A + B) * gn / 2 + (A - B) * gp / 2;
      expect(Math.abs((a * B * B + b * B + c) - right)).toBeLessThan(1e-12 * scale);
      expect(Math.abs((2 * a * B + b) - gp)).toBeLessThan(1e-12 * scale);
    }
    for (const beta of [0.1, 1, 2, 7.5]) {
      for (const x of [-9, -beta, -0.3 * beta, 0, 0.6 * beta, beta, 9]) {
        expect(generalizedSmeluRef(x, {alpha: beta, beta, gNeg: 0, gPos: 1, shift: 0}))
            .toBeCloseTo(smeluRef(x, beta), 12);
      }
    }
  });

  for (const [pathName, op] of PATHS) {
    describe(pathName, () => {
      it('matches the float64 reference for several parameter sets', async () => {
        for (const p of PARAM_SETS) {
          const xs = inputsFor(p);
          const xt = tf.tensor1d(xs);
          const y = op(xt, p);
          expect(y.dtype).toBe('float32');
          expect(y.shape).toEqual([xs.length]);
          // Fused: float64 arithmetic, one rounding. Composite: ~15 float32 ops.
          checkAgainstReference(await y.data(), xs, p, pathName.startsWith('fused') ? 2 ** -23 : 2e-6);
          tf.dispose([xt, y]);
        }
      });

      it('equals smelu(x, β) when α = β, g₋ = 0, g₊ = 1, t = 0 (and by default with β = 2)', async () => {
        for (const beta of [0.25, 1, 2, 5]) {
          const x = tf.linspace(-3 * beta, 3 * beta, 241);
          const expected = smelu(x, beta);
          const y = op(x, {alpha: beta, beta, gNeg: 0, gPos: 1, shift: 0});
          const got = await y.data(), want = await expected.data();
          for (let i = 0; i < got.length; ++i) {
            // Same function, different float32 formula: at most one rounding apart.
            expect(Math.abs(got[i] - want[i]))
                .toBeLessThanOrEqual(
                    2 ** -23 * Math.max(Math.abs(want[i]), beta) * (pathName.startsWith('fused') ? 1 : 4));
          }
          tf.dispose([x, expected, y]);
        }
        const x = tf.tensor1d([-5, -2, -1, 0, 1, 2, 5]);
        const byDefault = op(x), expected = smelu(x, 2);
        expect(Array.from(await byDefault.data())).toEqual(Array.from(await expected.data()));
        tf.dispose([x, byDefault, expected]);
      });

      it('is C¹ at −α and β (property: no value or slope jump at the breakpoints)', async () => {
        const finiteIn = (min: number, max: number) => fc.double({min, max, noNaN: true, noDefaultInfinity: true});
        const params = fc.record({
          alpha: finiteIn(0.05, 10),
          beta: finiteIn(0.05, 10),
          gNeg: finiteIn(-3, 3),
          gPos: finiteIn(-3, 3),
          shift: finiteIn(-5, 5),
        });
        const samples = fc.sample(params, {numRuns: 60, seed: 9});
        for (const raw of samples) {
          const p = f32Params(raw);
          const delta = (p.alpha + p.beta) / 1024;
          for (const x0 of [-p.alpha, p.beta]) {
            const xs = [x0 - delta, x0, x0 + delta].map(Math.fround);
            const xt = tf.tensor1d(xs);
            const y = op(xt, p);
            const [fm, f0, fp] = Array.from(await y.data());
            tf.dispose([xt, y]);
            // Second difference: ~|a|δ² when C¹, ~jump in value, or ~δ·(slope jump) otherwise.
            const a = Math.abs(p.gPos - p.gNeg) / (2 * (p.alpha + p.beta));
            const roundoff = (pathName.startsWith('fused') ? 2 ** -22 : 1.6e-5) * (termScale(x0, p) + Math.abs(f0));
            expect(Math.abs(fp - 2 * f0 + fm)).toBeLessThanOrEqual(2 * a * delta * delta + roundoff);
            // The one-sided slopes agree with g₋ / g₊ from the definition.
            const slopeLeft = (f0 - fm) / (xs[1] - xs[0]), slopeRight = (fp - f0) / (xs[2] - xs[1]);
            const slopeTol = 2 * a * delta + 2 * roundoff / delta;
            expect(Math.abs(slopeLeft - generalizedSmeluDerivRef(x0 - delta / 2, p))).toBeLessThanOrEqual(slopeTol);
            expect(Math.abs(slopeRight - generalizedSmeluDerivRef(x0 + delta / 2, p))).toBeLessThanOrEqual(slopeTol);
          }
        }
      });

      it('takes per-channel parameters along the last axis or along `axis`', async () => {
        const channels: GeneralizedSmeLURefParams[] = [PARAM_SETS[1], PARAM_SETS[2], PARAM_SETS[3]];
        const pick = (k: keyof GeneralizedSmeLURefParams) => channels.map((c) => c[k]);
        const base = [-4, -1.5, -0.2, 0, 0.3, 1.7, 4.5];
        // Last axis: shape [7, 3], channel = column.
        const lastAxis = base.flatMap((v) => [v, v * 0.5, v * 2]).map(Math.fround);
        const perChannel = {
          alpha: pick('alpha'),
          beta: pick('beta'),
          gNeg: pick('gNeg'),
          gPos: pick('gPos'),
          shift: pick('shift'),
        };
        const x2 = tf.tensor2d(lastAxis, [7, 3]);
        const y = op(x2, perChannel);
        const got = await y.data();
        lastAxis.forEach((x, i) => {
          const p = f32Params(channels[i % 3]);
          expect(Math.abs(got[i] - generalizedSmeluRef(x, p))).toBeLessThanOrEqual(2e-6 * (termScale(x, p) + 1));
        });
        // axis 1 of [2, 3, 4]: channel = middle index; tensor parameters mix with numbers.
        const x3 = tf.randomUniform([2, 3, 4], -6, 6, 'float32', 3);
        const beta3 = tf.tensor1d(pick('beta'));
        const y3 = op(x3, {beta: beta3, gNeg: pick('gNeg'), shift: 0.5, axis: 1});
        const xv = await x3.data(), yv = await y3.data();
        for (let i = 0; i < xv.length; ++i) {
          const ch = Math.floor(i / 4) % 3;
          const p = f32Params({alpha: 2, beta: channels[ch].beta, gNeg: channels[ch].gNeg, gPos: 1, shift: 0.5});
          expect(Math.abs(yv[i] - generalizedSmeluRef(xv[i], p))).toBeLessThanOrEqual(2e-6 * (termScale(xv[i], p) + 1));
        }
        tf.dispose([x2, y, x3, beta3, y3]);
      });

      it('handles int32 inputs, NaN and ±Infinity (a zero slope keeps its side flat)', async () => {
        const xi = tf.tensor1d([-3, 0, 3], 'int32');
        const yi = op(xi, {alpha: 1, beta: 2, gNeg: -0.5});
        expect(yi.dtype).toBe('float32');
        expect(Array.from(await yi.data())).toEqual([1, -0.25, 1.75]);
        const special = [-Infinity, Infinity, NaN];
        for (const p of [PARAM_SETS[0], PARAM_SETS[2], {...PARAM_SETS[3], gPos: 0}]) {
          const xt = tf.tensor1d(special);
          const y = op(xt, p);
          const got = Array.from(await y.data());
          // toEqual treats NaN as equal to NaN.
          expect(got).toEqual(special.map((x) => generalizedSmeluRef(x, f32Params(p))));
          tf.dispose([xt, y]);
        }
        tf.dispose([xi, yi]);
      });
    });
  }

  it('gives the same floats on the cpu kernel for a number and for a tensor holding it, in every mix', async () => {
    await expectNumberAndTensorParamsAgree();
  });

  it('passes numbers (and defaults) to the kernel as attrs, tensors as inputs: no tensor made per call', async () => {
    const x = tf.tensor2d([-3, -1, 0, 1, 3, 0.5], [2, 3]);
    const beta = tf.tensor1d([1, 2, 3]);
    const before = tf.memory().numTensors;
    // tf.profile hands back one shared record: read each before the next profile.
    const profile = async (f: () => tf.Tensor) => {
      const info = await tf.profile(f);
      const seen = {kernels: info.kernels.map((k) => [k.name, k.inputShapes]), newTensors: info.newTensors};
      tf.dispose(info.result as tf.Tensor);
      return seen;
    };
    // One kernel and one new tensor each (the output): x alone, or x and the tensor β.
    expect(await profile(() => generalizedSmelu(x, {alpha: 1, gNeg: 0.1})))
        .toEqual({kernels: [['GeneralizedSmeLU', [[2, 3]]]], newTensors: 1});
    expect(await profile(() => generalizedSmelu(x, {alpha: 1, beta, gNeg: 0.1})))
        .toEqual({kernels: [['GeneralizedSmeLU', [[2, 3], [3]]]], newTensors: 1});
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, beta]);
  });

  it('gives the same result on both paths for random per-channel parameters', async () => {
    const x = tf.randomNormal([5, 4, 6], 0, 3, 'float32', 1);
    const params = {
      alpha: tf.randomUniform([6], 0.1, 3, 'float32', 2),
      beta: tf.randomUniform([6], 0.1, 3, 'float32', 3),
      gNeg: tf.randomUniform([6], -1, 1, 'float32', 4),
      gPos: 0.8,
      shift: tf.scalar(0.2),
    };
    const fused = generalizedSmelu(x, params), composite = generalizedSmeluComposite(x, params);
    const a = await fused.data(), b = await composite.data();
    for (let i = 0; i < a.length; ++i) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-5 * (1 + Math.abs(a[i])));
    tf.dispose([x, fused, composite, ...Object.values(params).filter((v) => v instanceof tf.Tensor) as tf.Tensor[]]);
  });
});

describe('generalizedSmelu bad input', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  });

  const x = () => tf.zeros([2, 4]);

  it.each([
    ['alpha', 0, /^generalizedSmelu(Composite)?: alpha must be a finite number > 0, but got 0\.$/],
    ['alpha', -1, /alpha must be a finite number > 0, but got -1/],
    ['beta', NaN, /beta must be a finite number > 0, but got NaN/],
    ['beta', Infinity, /beta must be a finite number > 0, but got Infinity/],
    ['gNeg', NaN, /gNeg must be a finite number, but got NaN/],
    ['gPos', -Infinity, /gPos must be a finite number, but got -Infinity/],
    ['shift', Infinity, /shift must be a finite number, but got Infinity/],
    ['beta', '2', /argument 'beta' must be a Tensor or TensorLike of numbers, but got the string "2"/],
  ])('rejects %s = %p', (name, value, message) => {
    const before = tf.memory().numTensors;
    for (const op of [generalizedSmelu, generalizedSmeluComposite]) {
      expect(() => tf.tidy(() => op(x(), {[name]: value} as GeneralizedSmeLUParams))).toThrow(message);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a number that is valid but not in float32, where the kernels compute', () => {
    for (const op of [generalizedSmelu, generalizedSmeluComposite]) {
      expect(() => tf.tidy(() => op(x(), {alpha: 1e-50})))
          .toThrow(
              /^generalizedSmelu(Composite)?: alpha must be a finite number > 0 in float32, but 1e-50 rounds to 0\.$/);
      expect(() => tf.tidy(() => op(x(), {shift: -1e39})))
          .toThrow(/shift must be a finite number in float32, but -1e\+39 rounds to -Infinity\./);
    }
  });

  it('checks a direct kernel call: array inputs that match the attrs, number attrs, wrt a tensor', () => {
    const [xt, dy, beta] = [x(), tf.ones([2, 4]), tf.scalar(2)];
    const numbers = {axis: 1, alpha: 1, beta: 2, gNeg: 0, gPos: 1, shift: 0};
    const run = (name: string, inputs: unknown, attrs: object) => () =>
        tf.engine().runKernel(name, inputs as tf.NamedTensorMap, attrs as tf.NamedAttrMap);
    expect(run('GeneralizedSmeLU', {x: xt, beta}, {axis: 1}))
        .toThrow(
            'GeneralizedSmeLU: inputs must be an array [x, ...the tensor parameters] (number parameters are attrs), but got an object with keys x, beta.');
    expect(run('GeneralizedSmeLU', [xt], {...numbers, beta: null}))
        .toThrow(
            'GeneralizedSmeLU: parameter beta has no attr value, so it must be tensor input 1, but the call has 1 inputs.');
    expect(run('GeneralizedSmeLU', [xt, beta], numbers))
        .toThrow('GeneralizedSmeLU: expected 1 inputs (x and the parameters without an attr value), but got 2.');
    expect(run('GeneralizedSmeLU', [xt], {...numbers, gPos: '1'}))
        .toThrow('GeneralizedSmeLU: attr gPos must be a number, or null for a tensor input, but got the string "1".');
    expect(run('GeneralizedSmeLU', [xt], {...numbers, alpha: 0}))
        .toThrow('GeneralizedSmeLU: alpha must be a finite number > 0, but got 0.');
    expect(run('GeneralizedSmeLUGrad', [dy, xt, beta], {...numbers, beta: null, wrt: 'alpha'}))
        .toThrow(
            'GeneralizedSmeLUGrad: attr wrt is \'alpha\', but alpha is a number attr, not a tensor input: it has no gradient.');
    const grad = tf.engine().runKernel(
                     'GeneralizedSmeLUGrad', [dy, xt, beta] as unknown as tf.NamedTensorMap,
                     {...numbers, beta: null, wrt: 'beta'} as unknown as tf.NamedAttrMap) as tf.Tensor;
    expect(grad.shape).toEqual([]);
    tf.dispose([xt, dy, beta, grad]);
  });

  it('rejects bad values inside arrays and, on cpu, inside tensors (naming the element)', () => {
    expect(() => tf.tidy(() => generalizedSmelu(x(), {beta: [1, 2, -3, 4]})))
        .toThrow(/beta\[2\] must be a finite number > 0, but got -3/);
    expect(() => tf.tidy(() => generalizedSmelu(x(), {gPos: [1, NaN, 1, 1]})))
        .toThrow(/gPos\[1\] must be a finite number, but got NaN/);
    expect(() => tf.tidy(() => generalizedSmelu(x(), {alpha: tf.tensor1d([1, 0, 1, 1])})))
        .toThrow(/GeneralizedSmeLU: alpha\[1\] must be a finite number > 0, but got 0/);
    expect(() => tf.tidy(() => generalizedSmelu(x(), {shift: tf.scalar(Infinity)})))
        .toThrow(/shift must be a finite number, but got Infinity/);
  });

  it('rejects a per-channel parameter whose size does not match the channel dimension', () => {
    expect(() => tf.tidy(() => generalizedSmelu(x(), {beta: [1, 2, 3]})))
        .toThrow(
            'generalizedSmelu: beta has 3 values (shape [3]) but must hold 1 value or one per channel: the input (shape [2,4]) has 4 channels along axis -1.');
    expect(() => tf.tidy(() => generalizedSmelu(x(), {gNeg: [0, 0, 0, 0], axis: 0})))
        .toThrow(/gNeg has 4 values \(shape \[4\]\).*has 2 channels along axis 0/);
    expect(() => tf.tidy(() => generalizedSmeluComposite(x(), {alpha: tf.ones([2, 4])})))
        .toThrow(/alpha has 8 values \(shape \[2,4\]\)/);
    expect(() => tf.tidy(() => generalizedSmelu(tf.scalar(1), {beta: [1, 2]})))
        .toThrow(/beta has 2 values \(shape \[2\]\) but the input is a scalar/);
    expect(() => tf.tidy(() => generalizedSmelu(x(), {axis: 2})))
        .toThrow(/axis must be an integer in \[-2, 2\) for an input of rank 2, but got 2/);
  });

  it('rejects a non-object options argument and non-numeric x', () => {
    expect(() => tf.tidy(() => generalizedSmelu(x(), 3 as unknown as GeneralizedSmeLUParams)))
        .toThrow(/second argument must be an options object/);
    expect(() => tf.tidy(() => generalizedSmelu(tf.tensor1d([true, false] as unknown as number[], 'bool'))))
        .toThrow(/x must have dtype float32 or int32, but got dtype 'bool'/);
  });
});
