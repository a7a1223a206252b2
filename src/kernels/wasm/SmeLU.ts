import {KernelConfig, KernelFunc, TensorInfo, util} from '@tensorflow/tfjs-core';

import {SmeLUAttrs, SmeLUInputs, SmeLUKernelName} from '../../kernel_names';
import {float32SafeBeta, smeluForwardLoop} from '../smelu_math';
import {simdKernelsFor} from './simd_kernels';
import type {WasmBackendLike} from './wasm_backend_types';

/**
 * One pass over the wasm heap: our SIMD module where it runs (float32 lanes,
 * within 1e-6 relative of the cpu kernel), else the cpu kernel's JavaScript
 * loop (also for β outside the float32-safe range).
 */
export function smeluWasm(args: {inputs: SmeLUInputs, backend: unknown, attrs: SmeLUAttrs}): TensorInfo {
  const {inputs: {x}, attrs: {beta}} = args;
  const backend = args.backend as WasmBackendLike;
  const out = backend.makeOutput(x.shape, 'float32');
  const size = util.sizeFromShape(x.shape);
  if (size === 0) return out;
  const simd = x.dtype === 'float32' && float32SafeBeta(beta) ? simdKernelsFor(backend) : null;
  if (simd != null) {
    simd.exports.smelu(backend.getMemoryOffset(x.dataId), backend.getMemoryOffset(out.dataId), size, beta);
  } else {
    // Views only after makeOutput: allocating can grow the heap and detach earlier views.
    smeluForwardLoop(backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(out) as Float32Array, beta);
  }
  return out;
}

export const smeluWasmConfig: KernelConfig = {
  kernelName: SmeLUKernelName,
  backendName: 'wasm',
  kernelFunc: smeluWasm as unknown as KernelFunc,
};
