import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {SmeLUAttrs, SmeLUInputs, SmeLUKernelName} from '../../kernel_names';
import type {CpuBackendLike, NumericArray} from '../backend_types';
import {smeluForwardLoop} from '../smelu_math';

/** One pass over the input's typed array; no intermediate tensors. */
export function smeluCpu(args: {inputs: SmeLUInputs, backend: unknown, attrs: SmeLUAttrs}): TensorInfo {
  const {inputs: {x}, attrs: {beta}} = args;
  const backend = args.backend as CpuBackendLike;
  const xValues = backend.data.get(x.dataId).values as NumericArray;
  const out = new Float32Array(xValues.length);
  smeluForwardLoop(xValues, out, beta);
  return backend.makeTensorInfo(x.shape, 'float32', out);
}

export const smeluCpuConfig: KernelConfig = {
  kernelName: SmeLUKernelName,
  backendName: 'cpu',
  kernelFunc: smeluCpu as unknown as KernelFunc,
};
