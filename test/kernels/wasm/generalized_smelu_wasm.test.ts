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

import {generalizedSmelu, generalizedSmeluComposite, GENERALIZED_SMELU_PARAM_NAMES, GeneralizedSmeLUParamName} from 'tfjs-smelu';
import {ALL_KERNEL_CONFIGS} from '../../../src/kernels';
import {setSmeLUWasmSimdEnabled} from '../../../src/kernels/wasm/simd_kernels';
import {disableEngineKernelLeakCheck} from '../../support/cpu_agreement';
import {describeGeneralizedSmeLUOnBackend} from '../../support/generalized_smelu_backend_suite';
import {lcg, PARAM_SETS} from '../../support/generalized_smelu_cases';
import {expectNoTensorLeaksPerTest} from '../../support/leak_check';

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
  const fusedConfigs = ALL_KERNEL_CONFIGS.filter(
      (c) => c.backendName === 'wasm' && c.kernelName.startsWith('GeneralizedSmeLU'));
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
  async function run(xs: Float32Array, dys: Float32Array, shape: number[], axis: number,
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
      const xs = Float32Array.from({length: size}, (_, i) =>
          i % 97 === 0 ? [NaN, Infinity, -Infinity, 3e38, -3e38][(i / 97) % 5] : (rand() * 2 - 1) * 8);
      const dys = Float32Array.from({length: size}, () => rand() * 2 - 1);
      const wasm = await run(xs, dys, shape, axis, params);
      const cpu = await onCpu(() => run(xs, dys, shape, axis, params));
      ['forward', 'dx', ...GENERALIZED_SMELU_PARAM_NAMES].forEach((what, k) => {
        const scale = cpu[k].reduce((m, v) => Number.isFinite(v) ? Math.max(m, Math.abs(v)) : m, 1);
        wasm[k].forEach((v, i) => {
          const c = cpu[k][i];
          const ok = Number.isNaN(c) ? Number.isNaN(v) : !Number.isFinite(c) ? v === c :
              Math.abs(v - c) <= 2e-6 * (Math.abs(c) + (k <= 1 ? 8 * (1 + Math.abs(xs[i])) : scale));
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
