/**
 * Checks that a backend's SmeLU kernels agree with the `cpu` backend's
 * kernels (and with the float64 reference) element by element, on bulk
 * random data, fast-check arrays, special values and a tensor large enough to
 * grow a backend's heap. Used by the `wasm` and `tensorflow` suites, next to
 * the shared conformance suite.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as fc from 'fast-check';
import seedrandom from 'seedrandom';

import {smelu, SmeLUKernelName, smeluGrad} from '../src';
import {PROPERTY_BETAS} from './cases';
import {maxRelativeError, smeluDerivRef, smeluRef} from './reference';

/**
 * Turns off the engine's per-kernel data-id count that `IS_TEST` enables
 * (test/jest.setup.ts). On `wasm` and `tensorflow`, fusedMatMul's custom
 * gradient (any Dense layer in `fit`, with activation 'relu' or 'linear' just
 * the same) keeps saved tensors that this count reports as a leak, although
 * tf.memory() and the backend's data ids stay flat across epochs. Our suites
 * check leaks by counting tensors instead. The cpu backend is used first,
 * while IS_TEST still quiets its "install tfjs-node" banner.
 */
export async function disableEngineKernelLeakCheck(): Promise<void> {
  expect(await tf.setBackend('cpu')).toBe(true);
  tf.tensor1d([0]).dispose();  // the banner comes with the cpu backend's first write
  tf.env().set('IS_TEST', false);
}

/** Relative agreement required with the cpu kernel (absolute below 1e-6, as maxRelativeError's floor). */
export const CPU_AGREEMENT = 1e-6;

/** Float32 inputs: mostly around [−2β, 2β], some anywhere in ±1e6, plus exact kinks and zeros. */
export function bulkInputs(seed: string, beta: number, n: number): Float32Array {
  const random = seedrandom(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; ++i) {
    const pick = random();
    if (pick < 0.8) out[i] = (random() * 4 - 2) * beta;
    else if (pick < 0.95) out[i] = (random() * 2 - 1) * 1e6;
    else out[i] = [-beta, beta, 0, -2 * beta, 2 * beta][i % 5];
  }
  return out;
}

/** Runs `fn` with `backendName` active, then switches back to the backend that was active. */
async function onBackend<T>(backendName: string, fn: () => Promise<T>): Promise<T> {
  const previous = tf.getBackend();
  expect(await tf.setBackend(backendName)).toBe(true);
  try {
    return await fn();
  } finally {
    expect(await tf.setBackend(previous)).toBe(true);
  }
}

async function forward(values: Float32Array, beta: number): Promise<Float32Array> {
  const x = tf.tensor1d(values);
  const y = smelu(x, beta);
  const data = await y.data() as Float32Array;
  tf.dispose([x, y]);
  return data;
}

async function backward(dyValues: Float32Array, values: Float32Array, beta: number): Promise<Float32Array> {
  const dy = tf.tensor1d(dyValues);
  const x = tf.tensor1d(values);
  const g = smeluGrad(dy, x, beta);
  const data = await g.data() as Float32Array;
  tf.dispose([dy, x, g]);
  return data;
}

/** Largest relative error of `actual` against the float64 reference evaluated at each input. */
export function maxErrorVsReference(
    actual: ArrayLike<number>, xs: ArrayLike<number>, reference: (x: number) => number): number {
  return maxRelativeError(actual, Array.from(xs, reference));
}

export function describeCpuAgreement(backendName: string): void {
  describe(`SmeLU on '${backendName}' agrees with the cpu kernel`, () => {
    let tensorsBefore = 0;
    beforeEach(() => {
      expect(tf.getBackend()).toBe(backendName);
      tensorsBefore = tf.memory().numTensors;
    });
    afterEach(() => {
      expect(tf.memory().numTensors).toBe(tensorsBefore);
    });

    it(`forward and gradient within ${CPU_AGREEMENT} relative on 20,000 inputs per β`, async () => {
      for (const beta of PROPERTY_BETAS) {
        const xs = bulkInputs(`forward-${beta}`, beta, 20000);
        const dys = bulkInputs(`dy-${beta}`, 1, 20000);
        const y = await forward(xs, beta);
        const g = await backward(dys, xs, beta);
        const [yCpu, gCpu] = await onBackend('cpu', async () => [await forward(xs, beta), await backward(dys, xs, beta)]);
        expect({beta, vsCpu: maxRelativeError(y, yCpu) <= CPU_AGREEMENT}).toEqual({beta, vsCpu: true});
        expect({beta, vsRef: maxErrorVsReference(y, xs, (v) => smeluRef(v, beta)) <= CPU_AGREEMENT})
            .toEqual({beta, vsRef: true});
        expect({beta, gradVsCpu: maxRelativeError(g, gCpu) <= CPU_AGREEMENT}).toEqual({beta, gradVsCpu: true});
        expect({
          beta,
          gradVsRef: maxRelativeError(g, Array.from(xs, (v, i) => dys[i] * smeluDerivRef(v, beta))) <= CPU_AGREEMENT,
        }).toEqual({beta, gradVsRef: true});
      }
    });

    it('property: any float32 array (NaN, ±Infinity, subnormals included) gives the cpu kernel\'s values', async () => {
      await fc.assert(
          fc.asyncProperty(
              fc.constantFrom(...PROPERTY_BETAS), fc.float32Array({minLength: 0, maxLength: 48}),
              async (beta, xs) => {
                const dys = Float32Array.from(xs, (_, i) => (i % 7) - 3);
                const y = await forward(xs, beta);
                const g = await backward(dys, xs, beta);
                const [yCpu, gCpu] =
                    await onBackend('cpu', async () => [await forward(xs, beta), await backward(dys, xs, beta)]);
                expect(maxRelativeError(y, yCpu)).toBeLessThanOrEqual(CPU_AGREEMENT);
                expect(maxRelativeError(g, gCpu)).toBeLessThanOrEqual(CPU_AGREEMENT);
              }),
          {seed: 20261123, numRuns: 60});
    });

    it('extreme β (1e-20, 1e20, 1e30: outside float32-safe op chains) still agree with the cpu kernel', async () => {
      for (const beta of [1e-20, 1e20, 1e30]) {
        const xs = Float32Array.of(-Infinity, -3e38, -2 * beta, -beta, -1, -1e-30, 0, 1e-30, 1, beta, 3e38, Infinity, NaN);
        const dys = Float32Array.from(xs, () => 2);
        const y = await forward(xs, beta);
        const g = await backward(dys, xs, beta);
        const [yCpu, gCpu] = await onBackend('cpu', async () => [await forward(xs, beta), await backward(dys, xs, beta)]);
        expect({beta, y: maxRelativeError(y, yCpu) <= CPU_AGREEMENT, g: maxRelativeError(g, gCpu) <= CPU_AGREEMENT})
            .toEqual({beta, y: true, g: true});
        expect(maxErrorVsReference(y.subarray(0, 12), xs.subarray(0, 12), (v) => Math.fround(smeluRef(v, beta))))
            .toBeLessThanOrEqual(CPU_AGREEMENT);
      }
    });

    it('special values: NaN → NaN, ±Infinity → 0 / Infinity, gradients NaN / 0 / dy', async () => {
      const xs = Float32Array.of(NaN, -Infinity, Infinity, -0, 0);
      for (const beta of [0.5, 2]) {
        const y = await forward(xs, beta);
        expect(Number.isNaN(y[0])).toBe(true);
        expect(Array.from(y.subarray(1))).toEqual([0, Infinity, beta / 4, beta / 4]);
        const g = await backward(Float32Array.of(1, 3, 3, 2, 2), xs, beta);
        expect(Number.isNaN(g[0])).toBe(true);
        expect(Array.from(g.subarray(1))).toEqual([0, 3, 1, 1]);
      }
    });

    it('runs the kernels directly on int32 input (the op casts first; the kernels cope anyway)', async () => {
      const x = tf.tensor1d([-3, -1, 0, 1, 3], 'int32');
      const dy = tf.tensor1d([1, 1, 2, 2, 2], 'int32');
      const y = tf.engine().runKernel(SmeLUKernelName, {x}, {beta: 2}) as tf.Tensor;
      const g = tf.engine().runKernel('SmeLUGrad', {dy, x}, {beta: 2}) as tf.Tensor;
      expect(y.dtype).toBe('float32');
      expect(Array.from(await y.data())).toEqual([0, 0.125, 0.5, 1.125, 3]);
      expect(Array.from(await g.data())).toEqual([0, 0.25, 1, 1.5, 2]);
      tf.dispose([x, dy, y, g]);
    });

    it('handles a 4M-element tensor (enough to grow a wasm heap mid-kernel)', async () => {
      const n = 4 * 1024 * 1024;
      const beta = 1.5;
      const x = tf.tidy(() => tf.sub(tf.mul(tf.range(0, n, 1, 'float32'), 6 / n), 3));
      const y = smelu(x, beta);
      const ones = tf.onesLike(x);
      const g = smeluGrad(ones, x, beta);
      const [xs, ys, gs] = [await x.data(), await y.data(), await g.data()];
      tf.dispose([x, y, ones, g]);
      expect(ys.length).toBe(n);
      expect(maxErrorVsReference(ys, xs, (v) => smeluRef(v, beta))).toBeLessThanOrEqual(CPU_AGREEMENT);
      expect(maxErrorVsReference(gs, xs, (v) => smeluDerivRef(v, beta))).toBeLessThanOrEqual(CPU_AGREEMENT);
    });
  });
}
