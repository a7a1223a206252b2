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

import {smelu, SmeLUKernelName, smeluGrad} from 'tfjs-smelu';
import {PROPERTY_BETAS} from './cases';
import {expectNoTensorLeaksPerTest} from './leak_check';
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
    if (pick < 0.8)
      out[i] = (random() * 4 - 2) * beta;
    else if (pick < 0.95)
      out[i] = (random() * 2 - 1) * 1e6;
    else
      out[i] = [-beta, beta, 0, -2 * beta, 2 * beta][i % 5];
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
  // A plain loop: TypedArray.from with a map function is ~25x slower on 4M elements.
  const expected = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; ++i) expected[i] = reference(xs[i]);
  return maxRelativeError(actual, expected);
}

export interface AgreementOptions {
  /** Current size of the backend's heap in bytes, where it has one (wasm). */
  heapBytes?: () => number;
}

export function describeCpuAgreement(backendName: string, options: AgreementOptions = {}): void {
  describe(`SmeLU on '${backendName}' agrees with the cpu kernel`, () => {
    beforeEach(() => {
      expect(tf.getBackend()).toBe(backendName);
    });
    expectNoTensorLeaksPerTest();

    it(`forward and gradient within ${CPU_AGREEMENT} relative on 20,000 inputs per β`, async () => {
      for (const beta of PROPERTY_BETAS) {
        const xs = bulkInputs(`forward-${beta}`, beta, 20000);
        const dys = bulkInputs(`dy-${beta}`, 1, 20000);
        const y = await forward(xs, beta);
        const g = await backward(dys, xs, beta);
        const [yCpu, gCpu] =
            await onBackend('cpu', async () => [await forward(xs, beta), await backward(dys, xs, beta)]);
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
        const xs =
            Float32Array.of(-Infinity, -3e38, -2 * beta, -beta, -1, -1e-30, 0, 1e-30, 1, beta, 3e38, Infinity, NaN);
        const dys = Float32Array.from(xs, () => 2);
        const y = await forward(xs, beta);
        const g = await backward(dys, xs, beta);
        const [yCpu, gCpu] =
            await onBackend('cpu', async () => [await forward(xs, beta), await backward(dys, xs, beta)]);
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

    it('computes correctly in the call whose output allocation grows the heap (wasm: views taken after it)',
       async () => {
         // Small enough that the calls needed to use up the free heap stay quick (JS loops run slowly under jest).
         const n = 256 * 1024;
         const beta = 1.5;
         const x = tf.tensor1d(Float32Array.from({length: n}, (_, i) => i / n * 6 - 3));
         const ones = tf.onesLike(x);
         /**
          * Calls `run` until one call grows the heap (keeping the outputs so that
          * free space runs out), then returns that call's output; on a backend
          * without a heap, the first call's.
          */
         const inCallThatGrowsHeap = (run: () => tf.Tensor): tf.Tensor => {
           const kept: tf.Tensor[] = [];
           try {
             for (let i = 0; i < 1000; ++i) {
               const before = options.heapBytes?.() ?? 0;
               const out = run();
               if (options.heapBytes == null || options.heapBytes() > before) return out;
               kept.push(out);
             }
             throw new Error('the heap never grew');
           } finally {
             tf.dispose(kept);
           }
         };
         const y = inCallThatGrowsHeap(() => smelu(x, beta));
         const g = inCallThatGrowsHeap(() => smeluGrad(ones, x, beta));
         const [xs, ys, gs] = [await x.data(), await y.data(), await g.data()];
         tf.dispose([x, ones, y, g]);
         // Every 31st element plus both kinks' neighbourhoods: per-element work is slow under jest.
         const picked: number[] = [];
         for (let i = 0; i < n; i += 31) picked.push(i);
         for (const kink of [-beta, beta]) {
           const centre = Math.round((kink + 3) / 6 * n);
           for (let i = centre - 500; i < centre + 500; ++i) picked.push(i);
         }
         const at = (a: ArrayLike<number>) => Float32Array.from(picked, (i) => a[i]);
         expect(maxErrorVsReference(at(ys), at(xs), (v) => smeluRef(v, beta))).toBeLessThanOrEqual(CPU_AGREEMENT);
         expect(maxErrorVsReference(at(gs), at(xs), (v) => smeluDerivRef(v, beta))).toBeLessThanOrEqual(CPU_AGREEMENT);
       });
  });
}
