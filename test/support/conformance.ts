/**
 * The backend-agnostic SmeLU test suite. Each Node-side backend's test file
 * calls `describeSmeLUConformance` after loading its backend; the suite runs
 * on whatever `tf.getBackend()` is, and compares against the float64
 * reference (test/reference.ts), hand-computed vectors (test/cases.ts) and
 * central finite differences.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import * as fc from 'fast-check';

import {layers, smelu, smeluGrad} from 'tfjs-smelu';
import {KNOWN_VECTORS, PROPERTY_BETAS, sampleInputs, SPECIAL_VALUES} from './cases';
import {expectNoTensorLeaksOver, expectNoTensorLeaksPerTest} from './leak_check';
import {
  centralDifference,
  maxRelativeError,
  smeluDerivRef,
  smeluRef,
  smeluSecondDerivRef,
  ulpDistanceF32
} from './reference';

export interface ConformanceOptions {
  /** Activates the backend; must make `tf.getBackend()` equal `backendName`. */
  setup: () => Promise<void>;
  /**
   * Forward accuracy. `{ulp: n}`: within n float32 ulps of the
   * float32-rounded reference (exact kernels); `{relative: r}`: within r
   * relative error (floor 1e-30) for kernels that compute in float32 steps.
   */
  forwardTolerance: {ulp: number}|{relative: number};
  /** Relative tolerance for first and second derivatives. */
  gradientTolerance: number;
  /** Calls in the leak test (default 1,000: enough for a leak of one tensor per call to stand out). */
  leakIterations?: number;
}

/** Asserts every element of `actual` matches `reference(x)` within the tolerance. */
export function expectMatchesReference(
    actual: ArrayLike<number>, xs: ArrayLike<number>, reference: (x: number) => number,
    tolerance: ConformanceOptions['forwardTolerance'], context: string): void {
  for (let i = 0; i < xs.length; ++i) {
    const expected = Math.fround(reference(xs[i]));
    const got = actual[i];
    let ok: boolean;
    if ('ulp' in tolerance) {
      ok = ulpDistanceF32(got, expected) <= tolerance.ulp;
    } else {
      ok = maxRelativeError([got], [expected], 1e-30) <= tolerance.relative;
    }
    if (!ok) {
      throw new Error(`${context}: x=${xs[i]} gave ${got}, expected ${expected} (${JSON.stringify(tolerance)})`);
    }
  }
}

export function describeSmeLUConformance(backendName: string, options: ConformanceOptions): void {
  const leakIterations = options.leakIterations ?? 1000;
  const gradTol = options.gradientTolerance;

  describe(`SmeLU conformance on '${backendName}'`, () => {
    beforeAll(async () => {
      await options.setup();
      expect(tf.getBackend()).toBe(backendName);
    });
    expectNoTensorLeaksPerTest();

    it('matches the hand-computed vectors (forward and gradient)', async () => {
      for (const v of KNOWN_VECTORS) {
        const x = tf.tensor1d(v.x);
        const y = smelu(x, v.beta);
        const dx = tf.grad((t: tf.Tensor) => tf.sum(smelu(t, v.beta)))(x);
        expect(y.dtype).toBe('float32');
        expect(Array.from(await y.data())).toEqual(v.y);
        expect(maxRelativeError(await dx.data(), v.dy)).toBeLessThanOrEqual(gradTol);
        tf.dispose([x, y, dx]);
      }
    });

    it('defaults to beta = 2', async () => {
      const y = smelu([-3, -1, 0, 1, 3]);
      expect(Array.from(await y.data())).toEqual(KNOWN_VECTORS[0].y);
      y.dispose();
    });

    it('maps NaN → NaN, −Infinity → 0, +Infinity → +Infinity', async () => {
      for (const beta of [0.5, 2]) {
        const y = smelu(SPECIAL_VALUES.x, beta);
        const got = Array.from(await y.data());
        expect(got[0]).toBeNaN();
        expect(got.slice(1)).toEqual(SPECIAL_VALUES.y.slice(1));
        y.dispose();
      }
    });

    it('handles scalars, empty tensors, higher ranks and int32 input', async () => {
      const inputs =
          [tf.scalar(1), tf.zeros([0, 3]), tf.fill([2, 1, 2, 3], -1), tf.tensor1d([-3, -1, 0, 1, 3], 'int32')];
      const [scalar, empty, rank4, ints] = inputs.map((x) => smelu(x, 2));
      expect(scalar.shape).toEqual([]);
      // Array.from: tfjs-node returns typed arrays made outside jest's sandbox realm.
      expect(Array.from(await scalar.data())).toEqual([1.125]);
      expect(empty.shape).toEqual([0, 3]);
      expect(empty.size).toBe(0);
      expect(rank4.shape).toEqual([2, 1, 2, 3]);
      expect(Array.from(await rank4.data())).toEqual(new Array(12).fill(0.125));
      expect(ints.dtype).toBe('float32');
      expect(Array.from(await ints.data())).toEqual(KNOWN_VECTORS[0].y);
      tf.dispose([...inputs, scalar, empty, rank4, ints]);
    });

    it('property: forward agrees with the float64 reference on random float32 inputs', async () => {
      for (const {beta, x} of sampleInputs(20261123, 200)) {
        const y = smelu(x, beta);
        expectMatchesReference(
            await y.data(), Float32Array.from(x), (v) => smeluRef(v, beta), options.forwardTolerance,
            `smelu beta=${beta}`);
        y.dispose();
      }
    });

    it('property: gradient agrees with the analytic derivative f′ = clip((x+β)/(2β), 0, 1)', async () => {
      for (const {beta, x} of sampleInputs(7, 100)) {
        const xt = tf.tensor1d(x);
        const dx = tf.grad((t: tf.Tensor) => tf.sum(smelu(t, beta)))(xt);
        expectMatchesReference(
            await dx.data(), await xt.data(), (v) => smeluDerivRef(v, beta), {relative: gradTol}, `grad beta=${beta}`);
        tf.dispose([xt, dx]);
      }
    });

    it('property: gradient agrees with central finite differences of the reference', async () => {
      await fc.assert(
          fc.asyncProperty(
              fc.constantFrom(...PROPERTY_BETAS.filter((b) => b >= 0.1)),
              fc.array(fc.double({min: -3, max: 3, noNaN: true}), {minLength: 1, maxLength: 32}),
              async (beta, unit) => {
                // Stay a few h away from the kinks at ±β, where f′ has corners.
                const xs = unit.map((u) => u * beta).filter((v) => Math.abs(Math.abs(v) - beta) > 1e-3 * beta);
                if (xs.length === 0) return;
                const xt = tf.tensor1d(xs);
                const upstream = tf.tensor1d(xs.map((_, i) => 1 + i / xs.length));
                const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(smelu(t, beta), upstream)))(xt);
                const got = await dx.data();
                const x32 = await xt.data();
                tf.dispose([xt, upstream, dx]);
                for (let i = 0; i < xs.length; ++i) {
                  const fd = centralDifference((v) => smeluRef(v, beta), x32[i], 1e-6 * beta) * (1 + i / xs.length);
                  expect(Math.abs(got[i] - fd)).toBeLessThanOrEqual(1e-5 + gradTol * Math.abs(fd));
                }
              }),
          {seed: 11, numRuns: 40});
    });

    it('second derivative: tf.grad(tf.grad(smelu)) is 1/(2β) inside (−β, β), 0 outside', async () => {
      for (const beta of [0.5, 2]) {
        const xs = [-3, -1.5, -0.4, 0, 0.3, 1.2, 3].map((v) => v * beta / 2);
        const x = tf.tensor1d(xs);
        const d2 = tf.grad((t: tf.Tensor) => tf.sum(tf.grad((u: tf.Tensor) => tf.sum(smelu(u, beta)))(t)))(x);
        expect(maxRelativeError(await d2.data(), xs.map((v) => smeluSecondDerivRef(v, beta))))
            .toBeLessThanOrEqual(gradTol);
        tf.dispose([x, d2]);
      }
    });

    it('gradient of smeluGrad with respect to dy is f′(x) (the SmeLUGrad kernel again)', async () => {
      const beta = 1;
      const xs = [-2, -0.5, 0, 0.5, 2];
      const x = tf.tensor1d(xs);
      const dy = tf.tensor1d([1, 2, 3, 4, 5]);
      const [gDy, gX] = tf.grads((d: tf.Tensor, t: tf.Tensor) => tf.sum(smeluGrad(d, t, beta)))([dy, x]);
      expect(maxRelativeError(await gDy.data(), xs.map((v) => smeluDerivRef(v, beta)))).toBeLessThanOrEqual(gradTol);
      expect(maxRelativeError(await gX.data(), xs.map((v, i) => (i + 1) * smeluSecondDerivRef(v, beta))))
          .toBeLessThanOrEqual(gradTol);
      tf.dispose([x, dy, gDy, gX]);
    });

    it('is continuous with a continuous gradient at ±β and monotonic', async () => {
      for (const beta of [0.1, 2, 3.7]) {
        const b = Math.fround(beta);
        // The float32 neighbours on each side of both kinks.
        const around = (k: number) => [k * (1 - 2 ** -20), k, k * (1 + 2 ** -20)].map(Math.fround);
        const xs = [...around(-b), ...around(b)].sort((p, q) => p - q);
        const x = tf.tensor1d(xs);
        const yt = smelu(x, beta);
        const gt = tf.grad((t: tf.Tensor) => tf.sum(smelu(t, beta)))(x);
        const [y, g] = [await yt.data(), await gt.data()];
        tf.dispose([x, yt, gt]);
        for (let i = 1; i < xs.length; ++i) {
          expect(y[i]).toBeGreaterThanOrEqual(y[i - 1]);
          if (i % 3 !== 0) {  // neighbours across the same kink
            expect(Math.abs(y[i] - y[i - 1])).toBeLessThanOrEqual(1e-5 * Math.max(1, b));
            expect(Math.abs(g[i] - g[i - 1])).toBeLessThanOrEqual(1e-5);
          }
        }
      }
      await fc.assert(
          fc.asyncProperty(
              fc.constantFrom(...PROPERTY_BETAS), fc.array(fc.float({noNaN: true}), {minLength: 2, maxLength: 64}),
              async (beta, raw) => {
                const sorted = Float32Array.from(raw).sort();
                const x = tf.tensor1d(sorted);
                const y = smelu(x, beta);
                const out = await y.data();
                tf.dispose([x, y]);
                for (let i = 1; i < out.length; ++i) expect(out[i]).toBeGreaterThanOrEqual(out[i - 1]);
              }),
          {seed: 5, numRuns: 60});
    });

    it(`leaks no tensors over ${leakIterations} forward + gradient calls`, () => {
      const x = tf.randomNormal([64], 0, 2, 'float32', 1);
      const gradFn = tf.grad((t: tf.Tensor) => tf.sum(smelu(t, 1.5)));
      expectNoTensorLeaksOver(leakIterations, () => {
        smelu(x, 1.5);
        gradFn(x);
      });
      x.dispose();
    });

    it('trains a small model whose loss decreases', async () => {
      const model = tfl.sequential();
      const init = (seed: number) => tfl.initializers.glorotUniform({seed});
      // 'smelu' is not in tfjs-layers' ActivationIdentifier union; it resolves at run time.
      model.add(
          tfl.layers.dense({units: 16, inputShape: [2], activation: 'smelu' as never, kernelInitializer: init(1)}));
      model.add(layers.smelu({beta: 0.5}));
      model.add(tfl.layers.dense({units: 1, kernelInitializer: init(2)}));
      const optimizer = tf.train.adam(0.05);
      model.compile({optimizer, loss: 'meanSquaredError'});
      // y = |x0| + x1² on a fixed grid.
      const grid: number[][] = [];
      for (let i = -4; i <= 4; ++i)
        for (let j = -4; j <= 4; ++j) grid.push([i / 4, j / 4]);
      const xs = tf.tensor2d(grid);
      const ys = tf.tensor2d(grid.map(([a, b]) => [Math.abs(a) + b * b]));
      const history = await model.fit(xs, ys, {epochs: 40, batchSize: 27, shuffle: false, verbose: 0});
      const losses = history.history.loss as number[];
      expect(losses[losses.length - 1]).toBeLessThan(0.5 * losses[0]);
      tf.dispose([xs, ys]);
      model.dispose();
      optimizer.dispose();  // not owned by the model: model.dispose() leaves its slots
    });
  });
}
