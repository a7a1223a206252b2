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

import {smelu, smeluGrad} from 'tfjs-smelu';
import {setSmeLUWasmSimdEnabled, simdKernelsFor} from '../../../src/kernels/wasm/simd_kernels';
import {SMELU_SIMD_WASM_BASE64} from '../../../src/kernels/wasm/smelu_simd_module';
import type {WasmBackendLike} from '../../../src/kernels/wasm/wasm_backend_types';
import {describeSmeLUConformance} from '../../support/conformance';
import {describeCpuAgreement, disableEngineKernelLeakCheck} from '../../support/cpu_agreement';
import {expectNoTensorLeaksPerTest} from '../../support/leak_check';
import {maxRelativeError, smeluDerivRef, smeluRef} from '../../support/reference';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const {assemble} = require('../../../scripts/build-smelu-wasm.js');

const wasmDist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
setWasmPaths(wasmDist + path.sep);

/** The 2n + 1 consecutive float32 values centred on float32(v) (v > 0), and their negatives. */
function float32Neighbourhood(v: number, n: number): Float32Array {
  const bits = new Int32Array(1), value = new Float32Array(bits.buffer);
  value[0] = v;
  const centre = bits[0];
  const out = new Float32Array(2 * (2 * n + 1));
  for (let i = -n; i <= n; ++i) {
    bits[0] = centre + i;
    out[2 * (i + n)] = value[0];
    out[2 * (i + n) + 1] = -value[0];
  }
  return out;
}

function heapBytes(): number {
  return (tf.backend() as unknown as {wasm: {HEAPU8: Uint8Array}}).wasm.HEAPU8.buffer.byteLength;
}

async function useWasm(): Promise<void> {
  await disableEngineKernelLeakCheck();
  expect(await tf.setBackend('wasm')).toBe(true);
}

describeSmeLUConformance('wasm', {
  setup: useWasm,
  // The SIMD module computes in float32 steps (a few roundings, up to ~3.5e-7 measured), so not within 2 ulps
  // like the float64 cpu kernel and JS-loop fallback: the wasm requirement is 1e-6 relative.
  forwardTolerance: {relative: 1e-6},
  gradientTolerance: 1e-6,
});

describe('wasm backend', () => {
  beforeAll(useWasm);
  expectNoTensorLeaksPerTest();

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

  it('SIMD module near both kinks: 1e-6 relative of the float64 reference even for tiny values, β split hi + lo',
     async () => {
       // 0.1 and 3.7 are not float32 (β = hi + lo matters at −β); 1e-18 and 1e18 are the ends of the float32 range.
       for (const beta of [0.1, 3.7, 2, 1e-18, 1e18]) {
         const xs = float32Neighbourhood(beta, 2001);  // odd lengths: the scalar tail runs too
         const dys = Float32Array.from(xs, (_, i) => (i % 5) - 2.5);
         const x = tf.tensor1d(xs), dy = tf.tensor1d(dys);
         const y = smelu(x, beta), g = smeluGrad(dy, x, beta);
         const [ys, gs] = [await y.data(), await g.data()];
         tf.dispose([x, dy, y, g]);
         // Floor 1e-30: the values just above −β, (x+β)²/(4β), are far below 1e-6 and must still be relatively right.
         const yRef = Float64Array.from(xs, (v) => smeluRef(v, beta));
         const gRef = Float64Array.from(xs, (v, i) => dys[i] * smeluDerivRef(v, beta));
         expect({beta, y: maxRelativeError(ys, yRef, 1e-30) <= 1e-6, g: maxRelativeError(gs, gRef, 1e-30) <= 1e-6})
             .toEqual({beta, y: true, g: true});
       }
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
