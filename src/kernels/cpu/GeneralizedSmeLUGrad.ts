import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {
  GeneralizedSmeLUGradAttrs,
  GeneralizedSmeLUGradInputs,
  GeneralizedSmeLUGradKernelName
} from '../../kernel_names';
import type {CpuBackendLike, NumericArray} from '../backend_types';
import {gradTargetParam} from '../generalized_smelu_grad_target';
import {channelLayout, generalizedSmeluInputGradLoop, generalizedSmeluParamGradLoop} from '../generalized_smelu_math';
import {readKernelParams} from '../generalized_smelu_params';
import {readGeneralizedSmeLUParams} from './GeneralizedSmeLU';

/**
 * dy·∂f/∂x (shape of x), or Σ dy·∂f/∂p reduced to parameter p's shape, in
 * one pass over x and dy; no intermediate tensors.
 */
export function generalizedSmeluGradCpu(
    args: {inputs: GeneralizedSmeLUGradInputs, backend: unknown, attrs: GeneralizedSmeLUGradAttrs}): TensorInfo {
  const {inputs, attrs} = args;
  const {axis, wrt} = attrs;
  const backend = args.backend as CpuBackendLike;
  const where = GeneralizedSmeLUGradKernelName;
  const kernelParams = readKernelParams(inputs, attrs, 2, where);
  // Checked first: an unknown wrt, or a number parameter, is named before anything else is read.
  const param = wrt === 'x' ? null : gradTargetParam(kernelParams, wrt, where);
  const [dy, x] = inputs;
  const params = readGeneralizedSmeLUParams(backend, x, kernelParams, axis, where);
  const layout = channelLayout(x.shape, axis, params);
  const dyValues = backend.data.get(dy.dataId).values as NumericArray;
  const xValues = backend.data.get(x.dataId).values as NumericArray;
  if (param == null) {
    const out = new Float32Array(xValues.length);
    generalizedSmeluInputGradLoop(dyValues, xValues, out, params, layout);
    return backend.makeTensorInfo(x.shape, 'float32', out);
  }
  const out = new Float32Array(params[param.name].length);
  generalizedSmeluParamGradLoop(param.name, dyValues, xValues, out, params, layout);
  return backend.makeTensorInfo(param.tensor.shape, 'float32', out);
}

export const generalizedSmeluGradCpuConfig: KernelConfig = {
  kernelName: GeneralizedSmeLUGradKernelName,
  backendName: 'cpu',
  kernelFunc: generalizedSmeluGradCpu as unknown as KernelFunc,
};
