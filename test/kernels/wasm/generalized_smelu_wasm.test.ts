/**
 * g-SmeLU on the real `wasm` backend (the .wasm binaries are read from the
 * installed package, no network): the fused kernels with our SIMD module,
 * the same kernels with the SIMD module off (the cpu kernels' loops on heap
 * views), and the composite path; plus element-wise agreement of the fused
 * kernels with the cpu kernels.
 */
import '@tensorflow/tfjs-backend-cpu';

import {setWasmPaths} from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import * as path from 'path';

import {
  generalizedSmelu,
  generalizedSmeluComposite,
  GENERALIZED_SMELU_PARAM_NAMES,
  GeneralizedSmeLUParamName
} from 'tfjs-smelu';
import {ALL_KERNEL_CONFIGS} from '../../../src/kernels';
import {setSmeLUWasmSimdEnabled, simdKernelsFor} from '../../../src/kernels/wasm/simd_kernels';
import type {WasmBackendLike} from '../../../src/kernels/wasm/wasm_backend_types';
import {disableEngineKernelLeakCheck} from '../../support/cpu_agreement';
import {describeGeneralizedSmeLUOnBackend} from '../../support/generalized_smelu_backend_suite';
import {f32Params, lcg, PARAM_SETS, termScale} from '../../support/generalized_smelu_cases';
import {expectNoTensorLeaksPerTest} from '../../support/leak_check';
import {generalizedSmeluRef} from '../../support/reference';

const wasmDist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
setWasmPaths(wasmDist + path.sep);

async function useWasm(): Promise<void> {
  await disableEngineKernelLeakCheck();
  expect(await tf.setBackend('wasm')).toBe(true);
}

// The SIMD module computes in float32 steps: about 1e-7 of the terms' size, within the suite's 2e-6.
describeGeneralizedSmeLUOnBackend('wasm', useWasm, {fused: true, gradientTolerance: 2e-6});

describe('g-SmeLU wasm kernels with the SIMD module off', () => {
  beforeAll(() => setSmeLUWasmSimdEnabled(false));
  afterAll(() => setSmeLUWasmSimdEnabled(true));
  describeGeneralizedSmeLUOnBackend('wasm', useWasm, {fused: true, gradientTolerance: 2e-6});
});

describe('g-SmeLU on wasm without the fused kernels (composite path)', () => {
  const fusedConfigs =
      ALL_KERNEL_CONFIGS.filter((c) => c.backendName === 'wasm' && c.kernelName.startsWith('GeneralizedSmeLU'));
  beforeAll(() => {
    expect(fusedConfigs).toHaveLength(2);
    for (const c of fusedConfigs) tf.unregisterKernel(c.kernelName, c.backendName);
  });
  afterAll(() => {
    for (const c of fusedConfigs) tf.registerKernel(c);
  });
  describeGeneralizedSmeLUOnBackend('wasm', useWasm, {fused: false});
});

describe('g-SmeLU wasm kernels agree with the cpu kernels element by element', () => {
  beforeAll(useWasm);
  expectNoTensorLeaksPerTest();

  /** Forward and every gradient on the current backend, as plain arrays. */
  async function run(
      xs: Float32Array, dys: Float32Array, shape: number[], axis: number,
      params: Record<GeneralizedSmeLUParamName, number[]>): Promise<number[][]> {
    const out = tf.tidy(() => {
      const x = tf.tensor(xs, shape), dy = tf.tensor(dys, shape);
      const ps = GENERALIZED_SMELU_PARAM_NAMES.map((k) => tf.tensor1d(params[k]));
      const f = (xx: tf.Tensor, ...p: tf.Tensor[]) =>
          generalizedSmelu(xx, {alpha: p[0], beta: p[1], gNeg: p[2], gPos: p[3], shift: p[4], axis});
      return [f(x, ...ps), ...tf.grads(f)([x, ...ps], dy)];
    });
    const values = await Promise.all(out.map(async (t) => Array.from(await t.data())));
    tf.dispose(out);
    return values;
  }

  async function onCpu<T>(fn: () => Promise<T>): Promise<T> {
    expect(await tf.setBackend('cpu')).toBe(true);
    try {
      return await fn();
    } finally {
      expect(await tf.setBackend('wasm')).toBe(true);
    }
  }

  it('on every SIMD route (single, channels last, blocks) and the loop, within 2e-6 of the terms\' size', async () => {
    const rand = lcg(99);
    const layouts: Array<{shape: number[], axis: number, channels: number}> = [
      {shape: [4097], axis: 0, channels: 1},      // one value each: single call, odd tail
      {shape: [65, 11], axis: 1, channels: 11},   // channels last, 11 = 8 + a 3-lane tail
      {shape: [5, 3, 37], axis: 1, channels: 3},  // blocks of 37
      {shape: [7, 5, 3], axis: 1, channels: 5},   // blocks of 3: the JavaScript loop
    ];
    for (const {shape, axis, channels} of layouts) {
      const size = shape.reduce((a, b) => a * b, 1);
      const params = {} as Record<GeneralizedSmeLUParamName, number[]>;
      for (const k of GENERALIZED_SMELU_PARAM_NAMES) {
        params[k] = Array.from({length: channels}, (_, ch) => PARAM_SETS[(ch + 1) % PARAM_SETS.length][k]);
      }
      const xs = Float32Array.from(
          {length: size},
          (_, i) => i % 97 === 0 ? [NaN, Infinity, -Infinity, 3e38, -3e38][(i / 97) % 5] : (rand() * 2 - 1) * 8);
      const dys = Float32Array.from({length: size}, () => rand() * 2 - 1);
      const wasm = await run(xs, dys, shape, axis, params);
      const cpu = await onCpu(() => run(xs, dys, shape, axis, params));
      ['forward', 'dx', ...GENERALIZED_SMELU_PARAM_NAMES].forEach((what, k) => {
        const scale = cpu[k].reduce((m, v) => Number.isFinite(v) ? Math.max(m, Math.abs(v)) : m, 1);
        wasm[k].forEach((v, i) => {
          const c = cpu[k][i];
          const ok = Number.isNaN(c) ? Number.isNaN(v) :
              !Number.isFinite(c)    ? v === c :
                                       Math.abs(v - c) <=
                  2e-6 * (Math.abs(c) + (k <= 1 ? 8 * (1 + Math.abs(xs[i])) : scale));
          if (!ok) throw new Error(`shape [${shape}], ${what}[${i}] (x=${xs[i]}): wasm ${v}, cpu ${c}`);
        });
      });
    }
  });

  it('checks parameter values like the cpu kernel (they are on the CPU heap anyway)', () => {
    const x = tf.tensor1d([1, 2]);
    const beta = tf.tensor1d([-1]);
    expect(() => tf.tidy(() => generalizedSmelu(x, {beta})))
        .toThrow(/GeneralizedSmeLU: beta must be a finite number > 0, but got -1/);
    // The composite path does not read tensor values back (as on GPU backends), so it does not check them.
    expect(() => tf.tidy(() => {
      generalizedSmeluComposite(x, {beta});
    })).not.toThrow();
    tf.dispose([x, beta]);
  });
});

describe('g-SmeLU wasm forward with per-channel parameters (channels last), through the op', () => {
  beforeAll(useWasm);
  expectNoTensorLeaksPerTest();

  /** Channel c's parameters: a PARAM_SETS entry, varied by channel (zero slopes in some channels only). */
  function channelParams(channels: number): Record<GeneralizedSmeLUParamName, number[]> {
    const out = {} as Record<GeneralizedSmeLUParamName, number[]>;
    for (const k of GENERALIZED_SMELU_PARAM_NAMES) {
      out[k] = Array.from({length: channels}, (_, c) => {
        const v = PARAM_SETS[c % PARAM_SETS.length][k];
        return k === 'alpha' || k === 'beta' ? v * (1 + c / 32) : v;
      });
    }
    return out;
  }

  it('broadcasts one value per channel over any number of rows (odd or even) and channels, within 2e-6', () => {
    const rand = lcg(7);
    for (const shape of [[1, 1], [1, 7], [2, 3], [3, 5], [4, 128], [7, 125], [2, 2, 9], [33, 13]]) {
      const channels = shape[shape.length - 1];
      const size = shape.reduce((a, b) => a * b, 1);
      const xs = Float32Array.from(
          {length: size},
          (_, i) => i % 11 === 5 ? [NaN, Infinity, -Infinity, 3e38, -3e38][(i / 11 | 0) % 5] : (rand() * 2 - 1) * 9);
      const params = channelParams(channels);
      const ys = tf.tidy(() => {
        const p = {} as Record<GeneralizedSmeLUParamName, tf.Tensor>;
        for (const k of GENERALIZED_SMELU_PARAM_NAMES) p[k] = tf.tensor1d(params[k]);
        return generalizedSmelu(tf.tensor(xs, shape), p).dataSync();
      });
      ys.forEach((y, i) => {
        const c = i % channels;
        const q = f32Params({
          alpha: params.alpha[c],
          beta: params.beta[c],
          gNeg: params.gNeg[c],
          gPos: params.gPos[c],
          shift: params.shift[c]
        });
        const e = generalizedSmeluRef(xs[i], q);
        const ok = Number.isNaN(e)              ? Number.isNaN(y) :
            Math.abs(e) > 3.4028234663852886e38 ? y === Math.fround(e) :
                                                  Math.abs(y - e) <=
                2e-6 * (Math.abs(e) + termScale(Number.isFinite(xs[i]) ? xs[i] : 0, q));
        if (!ok) throw new Error(`shape [${shape}], element ${i} (x=${xs[i]}, channel ${c}): got ${y}, expected ${e}`);
      });
    }
  });

  it('names a bad per-channel value (cpu kernel\'s message) and leaves nothing behind', () => {
    const backend = tf.backend() as unknown as {numDataIds(): number};
    const x = tf.zeros([3, 4]);
    const ids = backend.numDataIds();
    const cases: Array<[Partial<Record<GeneralizedSmeLUParamName, number[]>>, RegExp]> = [
      [{beta: [1, 2, -1, 3]}, /GeneralizedSmeLU: beta\[2\] must be a finite number > 0, but got -1/],
      [{alpha: [1, 0, 1, 1]}, /GeneralizedSmeLU: alpha\[1\] must be a finite number > 0, but got 0/],
      [{gPos: [1, 1, 1, Infinity]}, /GeneralizedSmeLU: gPos\[3\] must be a finite number/],
    ];
    for (const [bad, message] of cases) {
      expect(() => tf.tidy(() => {
        const p: Record<string, tf.Tensor> = {};
        for (const [k, v] of Object.entries(bad)) p[k] = tf.tensor1d(v);
        generalizedSmelu(x, p);
      })).toThrow(message);
    }
    expect(backend.numDataIds()).toBe(ids);
    x.dispose();
  });

  it('frees its scratch memory: repeated calls do not grow the heap', () => {
    const heap = () => (tf.backend() as unknown as {wasm: {HEAPU8: Uint8Array}}).wasm.HEAPU8.length;
    const x = tf.randomUniform([16, 1000], -4, 4);
    const p = {beta: tf.linspace(0.5, 2, 1000), gNeg: tf.linspace(-0.1, 0.1, 1000)};
    const step = () => {
      tf.dispose([generalizedSmelu(x, p), tf.grad((t: tf.Tensor) => generalizedSmelu(t, p))(x)]);
    };
    step();
    const before = heap();
    for (let i = 0; i < 200; ++i) step();
    expect(heap()).toBe(before);
    tf.dispose([x, p.beta, p.gNeg]);
  });

  it('keeps the constants of recent parameter tensors, and recomputes them for new values (Variable.assign)', () => {
    const kernels = simdKernelsFor(tf.backend() as unknown as WasmBackendLike)!;
    const x = tf.tensor2d([[-3, -0.5, 0.25, 2], [1, -1, 4, -4]]);
    const beta = tf.tidy(() => tf.variable(tf.tensor1d([1, 2, 3, 4])));
    const gPos = tf.tensor1d([1, 0.5, 2, 1]);
    const expected = (b: number[]) => Array.from(
        x.dataSync(),
        (v, i) => Math.fround(
            generalizedSmeluRef(v, {alpha: 2, beta: b[i % 4], gNeg: 0, gPos: [1, 0.5, 2, 1][i % 4], shift: 0})));
    const run = () => tf.tidy(() => Array.from(generalizedSmelu(x, {beta, gPos}).dataSync()));
    const close = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]) <= 1e-6 * (1 + Math.abs(b[i])));
    expect(close(run(), expected([1, 2, 3, 4]))).toBe(true);
    const kept = kernels.constantBlocks.size;
    expect(close(run(), expected([1, 2, 3, 4]))).toBe(true);
    expect(kernels.constantBlocks.size).toBe(kept);  // the same tensors: kept, not computed again
    tf.tidy(() => beta.assign(tf.tensor1d([0.5, 0.25, 5, 1])));
    expect(close(run(), expected([0.5, 0.25, 5, 1]))).toBe(true);
    tf.dispose([x, beta, gPos]);
  });

  it('bounds the kept constants: new parameter tensors every call (a training loop) do not grow the heap', () => {
    const heap = () => (tf.backend() as unknown as {wasm: {HEAPU8: Uint8Array}}).wasm.HEAPU8.length;
    const kernels = simdKernelsFor(tf.backend() as unknown as WasmBackendLike)!;
    const x = tf.randomUniform([8, 512], -4, 4);
    const step = (i: number) => tf.tidy(() => {
      const p = {beta: tf.fill([512], 1 + i / 100), gNeg: tf.fill([512], 0.1)};
      generalizedSmelu(x, p);
    });
    for (let i = 0; i < 20; ++i) step(i);
    const before = heap();
    for (let i = 20; i < 300; ++i) step(i);
    expect(heap()).toBe(before);
    expect(kernels.constantBlocks.size).toBeLessThanOrEqual(8);
    x.dispose();
  });
});
