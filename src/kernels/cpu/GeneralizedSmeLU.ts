import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {GeneralizedSmeLUAttrs, GeneralizedSmeLUInputs, GeneralizedSmeLUKernelName} from '../../kernel_names';
import {GENERALIZED_SMELU_PARAM_NAMES} from '../../kernel_names';
import {assertParamShapeFits, assertValidParamValues} from '../../validate';
import type {CpuBackendLike, NumericArray} from '../backend_types';
import {channelLayout, generalizedSmeluForwardLoop, GeneralizedSmeLUParamValues} from '../generalized_smelu_math';

/**
 * Reads and checks the five parameter tensors: the values are on the CPU
 * already, so every call checks them (α, β > 0; all finite) at no real cost.
 */
export function readGeneralizedSmeLUParams(
    backend: CpuBackendLike, inputs: GeneralizedSmeLUInputs, axis: number,
    where: string): GeneralizedSmeLUParamValues {
  const values = {} as Record<typeof GENERALIZED_SMELU_PARAM_NAMES[number], NumericArray>;
  for (const name of GENERALIZED_SMELU_PARAM_NAMES) {
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
  const params = readGeneralizedSmeLUParams(backend, inputs, axis, GeneralizedSmeLUKernelName);
  const xValues = backend.data.get(inputs.x.dataId).values as NumericArray;
  const out = new Float32Array(xValues.length);
  generalizedSmeluForwardLoop(xValues, out, params, channelLayout(inputs.x.shape, axis, params));
  return backend.makeTensorInfo(inputs.x.shape, 'float32', out);
}

export const generalizedSmeluCpuConfig: KernelConfig = {
  kernelName: GeneralizedSmeLUKernelName,
  backendName: 'cpu',
  kernelFunc: generalizedSmeluCpu as unknown as KernelFunc,
};
