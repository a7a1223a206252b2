/**
 * SmeLU on the real `wasm` backend (@tensorflow/tfjs-backend-wasm) in Node:
 * the shared conformance suite plus element-wise agreement with the cpu
 * kernel. The .wasm binaries are read from the installed package (no network).
 */
import '@tensorflow/tfjs-backend-cpu';

import {setWasmPaths} from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import * as path from 'path';

import {describeSmeLUConformance} from './conformance';
import {describeCpuAgreement, disableEngineKernelLeakCheck} from './cpu_agreement';

const wasmDist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
setWasmPaths(wasmDist + path.sep);

async function useWasm(): Promise<void> {
  await disableEngineKernelLeakCheck();
  expect(await tf.setBackend('wasm')).toBe(true);
}

describeSmeLUConformance('wasm', {
  setup: useWasm,
  // The wasm kernels run the cpu kernel's float64 loops over the heap: same exactness.
  forwardTolerance: {ulp: 2},
  gradientTolerance: 1e-6,
});

describe('wasm backend', () => {
  beforeAll(useWasm);
  it('is the active backend, loaded from the package\'s own .wasm files', () => {
    expect(tf.getBackend()).toBe('wasm');
  });
  describeCpuAgreement('wasm');
});
