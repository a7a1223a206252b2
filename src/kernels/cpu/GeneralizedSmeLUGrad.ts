import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {GeneralizedSmeLUGradAttrs, GeneralizedSmeLUGradInputs, GeneralizedSmeLUGradKernelName} from '../../kernel_names';
import type {CpuBackendLike, NumericArray} from '../backend_types';
import {readGeneralizedSmeLUParams} from './GeneralizedSmeLU';
import {channelLayout, generalizedSmeluInputGradLoop, generalizedSmeluParamGradLoop} from '../generalized_smelu_math';
import {gradTargetParam} from '../generalized_smelu_grad_target';

/**
 * dy·∂f/∂x (shape of x), or Σ dy·∂f/∂p reduced to parameter p's shape, in
 * one pass over x and dy; no intermediate tensors.
 */
export function generalizedSmeluGradCpu(args: {
  inputs: GeneralizedSmeLUGradInputs,
  backend: unknown,
  attrs: GeneralizedSmeLUGradAttrs
}): TensorInfo {
  const {inputs, attrs: {axis, wrt}} = args;
  const backend = args.backend as CpuBackendLike;
  const params = readGeneralizedSmeLUParams(backend, inputs, axis, GeneralizedSmeLUGradKernelName);
  const layout = channelLayout(inputs.x.shape, axis, params);
  const dyValues = backend.data.get(inputs.dy.dataId).values as NumericArray;
  const xValues = backend.data.get(inputs.x.dataId).values as NumericArray;
  if (wrt === 'x') {
    const out = new Float32Array(xValues.length);
    generalizedSmeluInputGradLoop(dyValues, xValues, out, params, layout);
    return backend.makeTensorInfo(inputs.x.shape, 'float32', out);
  }
  const param = gradTargetParam(inputs, wrt, GeneralizedSmeLUGradKernelName);
  const out = new Float32Array(params[wrt].length);
  generalizedSmeluParamGradLoop(wrt, dyValues, xValues, out, params, layout);
  return backend.makeTensorInfo(param.shape, 'float32', out);
}

export const generalizedSmeluGradCpuConfig: KernelConfig = {
  kernelName: GeneralizedSmeLUGradKernelName,
  backendName: 'cpu',
  kernelFunc: generalizedSmeluGradCpu as unknown as KernelFunc,
};
