import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {SmeLUAttrs, SmeLUGradInputs, SmeLUGradKernelName} from '../../kernel_names';
import type {CpuBackendLike, NumericArray} from '../backend_types';
import {smeluBackwardLoop} from '../smelu_math';

/** dy · f′(x) in one pass; no intermediate tensors. */
export function smeluGradCpu(args: {inputs: SmeLUGradInputs, backend: unknown, attrs: SmeLUAttrs}): TensorInfo {
  const {inputs: {dy, x}, attrs: {beta}} = args;
  const backend = args.backend as CpuBackendLike;
  const dyValues = backend.data.get(dy.dataId).values as NumericArray;
  const xValues = backend.data.get(x.dataId).values as NumericArray;
  const out = new Float32Array(xValues.length);
  smeluBackwardLoop(dyValues, xValues, out, beta);
  return backend.makeTensorInfo(x.shape, 'float32', out);
}

export const smeluGradCpuConfig: KernelConfig = {
  kernelName: SmeLUGradKernelName,
  backendName: 'cpu',
  kernelFunc: smeluGradCpu as unknown as KernelFunc,
};
