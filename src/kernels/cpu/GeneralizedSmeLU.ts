import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {GeneralizedSmeLUAttrs, GeneralizedSmeLUInputs, GeneralizedSmeLUKernelName} from '../../kernel_names';
import {assertParamShapeFits, assertValidParamValues, GSMELU_PARAM_NAMES} from '../../ops/generalized_smelu_params';
import type {CpuBackendLike, NumericArray} from '../backend_types';
import {channelLayout, gsmeluForwardLoop, GSmeLUParamValues} from './generalized_smelu_math';

/**
 * Reads and checks the five parameter tensors: the values are on the CPU
 * already, so every call checks them (α, β > 0; all finite) at no real cost.
 */
export function readGSmeLUParams(
    backend: CpuBackendLike, inputs: GeneralizedSmeLUInputs, axis: number,
    where: string): GSmeLUParamValues {
  const values = {} as Record<typeof GSMELU_PARAM_NAMES[number], NumericArray>;
  for (const name of GSMELU_PARAM_NAMES) {
    const info = inputs[name];
    assertParamShapeFits(name, info.shape, inputs.x.shape, axis, where);
    values[name] = backend.data.get(info.dataId).values as NumericArray;
    assertValidParamValues(name, values[name], where);
  }
  return values;
}

/** g-SmeLU forward in one pass over x; no intermediate tensors. */
export function generalizedSmeluCpu(
    args: {inputs: GeneralizedSmeLUInputs, backend: unknown, attrs: GeneralizedSmeLUAttrs}):
    TensorInfo {
  const {inputs, attrs: {axis}} = args;
  const backend = args.backend as CpuBackendLike;
  const params = readGSmeLUParams(backend, inputs, axis, GeneralizedSmeLUKernelName);
  const xValues = backend.data.get(inputs.x.dataId).values as NumericArray;
  const out = new Float32Array(xValues.length);
  gsmeluForwardLoop(xValues, out, params, channelLayout(inputs.x.shape, axis, params));
  return backend.makeTensorInfo(inputs.x.shape, 'float32', out);
}

export const generalizedSmeluCpuConfig: KernelConfig = {
  kernelName: GeneralizedSmeLUKernelName,
  backendName: 'cpu',
  kernelFunc: generalizedSmeluCpu as unknown as KernelFunc,
};
