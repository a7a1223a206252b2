import {KernelConfig, KernelFunc, TensorInfo, util} from '@tensorflow/tfjs-core';

import {SmeLUAttrs, SmeLUGradInputs, SmeLUGradKernelName} from '../../kernel_names';
import {float32SafeBeta, smeluBackwardLoop} from '../smelu_math';
import {simdKernelsFor} from './simd_kernels';
import type {WasmBackendLike} from './wasm_backend_types';

/**
 * dy · f′(x) in one pass over the wasm heap (float32 SIMD module, else the
 * cpu kernel's loop, also for β outside the float32-safe range).
 */
export function smeluGradWasm(args: {inputs: SmeLUGradInputs, backend: unknown, attrs: SmeLUAttrs}): TensorInfo {
  const {inputs: {dy, x}, attrs: {beta}} = args;
  const backend = args.backend as WasmBackendLike;
  const out = backend.makeOutput(x.shape, 'float32');
  const size = util.sizeFromShape(x.shape);
  if (size === 0) return out;
  const simd =
      x.dtype === 'float32' && dy.dtype === 'float32' && float32SafeBeta(beta) ? simdKernelsFor(backend) : null;
  if (simd != null) {
    simd.exports.smeluGrad(
        backend.getMemoryOffset(dy.dataId), backend.getMemoryOffset(x.dataId), backend.getMemoryOffset(out.dataId),
        size, beta);
  } else {
    // Views only after makeOutput: allocating can grow the heap and detach earlier views.
    smeluBackwardLoop(
        backend.typedArrayFromHeap(dy), backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(out) as Float32Array,
        beta);
  }
  return out;
}

export const smeluGradWasmConfig: KernelConfig = {
  kernelName: SmeLUGradKernelName,
  backendName: 'wasm',
  kernelFunc: smeluGradWasm as unknown as KernelFunc,
};
