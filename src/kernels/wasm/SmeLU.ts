import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {SmeLUAttrs, SmeLUInputs, SmeLUKernelName} from '../../kernel_names';
import {smeluForwardLoop} from '../cpu/smelu_math';
import type {WasmBackendLike} from './wasm_backend_types';

/** One pass over the wasm heap with the CPU kernel's branch-free loop. */
export function smeluWasm(args: {inputs: SmeLUInputs, backend: unknown, attrs: SmeLUAttrs}): TensorInfo {
  const {inputs: {x}, attrs: {beta}} = args;
  const backend = args.backend as WasmBackendLike;
  const out = backend.makeOutput(x.shape, 'float32');
  // Views only after makeOutput: allocating can grow the heap and detach earlier views.
  smeluForwardLoop(backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(out) as Float32Array, beta);
  return out;
}

export const smeluWasmConfig: KernelConfig = {
  kernelName: SmeLUKernelName,
  backendName: 'wasm',
  kernelFunc: smeluWasm as unknown as KernelFunc,
};
