/**
 * SmeLU on the real `wasm` backend (@tensorflow/tfjs-backend-wasm) in Node:
 * the shared conformance suite plus element-wise agreement with the cpu
 * kernel, for our SIMD module and for the JavaScript-loop fallback. The .wasm
 * binaries are read from the installed package (no network).
 */
import '@tensorflow/tfjs-backend-cpu';

import {setWasmPaths} from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import * as path from 'path';

import {describeSmeLUConformance} from './conformance';
import {SMELU_SIMD_WASM_BASE64} from '../src/kernels/wasm/smelu_simd_module';
import {setSmeLUWasmSimdEnabled, simdKernelsFor} from '../src/kernels/wasm/simd_kernels';
import type {WasmBackendLike} from '../src/kernels/wasm/wasm_backend_types';
import {describeCpuAgreement, disableEngineKernelLeakCheck} from './cpu_agreement';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const {assemble} = require('../scripts/build-smelu-wasm.js');

const wasmDist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
setWasmPaths(wasmDist + path.sep);

function heapBytes(): number {
  return (tf.backend() as unknown as {wasm: {HEAPU8: Uint8Array}}).wasm.HEAPU8.buffer.byteLength;
}

async function useWasm(): Promise<void> {
  await disableEngineKernelLeakCheck();
  expect(await tf.setBackend('wasm')).toBe(true);
}

describeSmeLUConformance('wasm', {
  setup: useWasm,
  // Both wasm paths compute in float64 like the cpu kernel: same exactness.
  forwardTolerance: {ulp: 2},
  gradientTolerance: 1e-6,
});

describe('wasm backend', () => {
  beforeAll(useWasm);

  it('is the active backend, loaded from the package\'s own .wasm files', () => {
    expect(tf.getBackend()).toBe('wasm');
  });

  it('runs our SIMD module on the backend\'s own heap (Node has wasm SIMD)', () => {
    expect(simdKernelsFor(tf.backend() as unknown as WasmBackendLike)).not.toBeNull();
  });

  it('ships the SIMD module assembled from smelu_simd.wat (generated file up to date)', async () => {
    const bytes: Buffer = await assemble();
    expect(bytes.toString('base64')).toBe(SMELU_SIMD_WASM_BASE64);
  });

  describeCpuAgreement('wasm', {heapBytes});

  describe('with the SIMD module switched off (the JavaScript-loop fallback)', () => {
    beforeAll(() => setSmeLUWasmSimdEnabled(false));
    afterAll(() => setSmeLUWasmSimdEnabled(true));
    it('uses the fallback', () => {
      expect(simdKernelsFor(tf.backend() as unknown as WasmBackendLike)).toBeNull();
    });
    describeCpuAgreement('wasm', {heapBytes});
  });
});
