import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {
  GENERALIZED_SMELU_PARAM_NAMES,
  GeneralizedSmeLUAttrs,
  GeneralizedSmeLUInputs,
  GeneralizedSmeLUKernelName
} from '../../kernel_names';
import {assertParamShapeFits, assertValidParamValues} from '../../validate';
import type {CpuBackendLike, NumericArray} from '../backend_types';
import {channelLayout, generalizedSmeluForwardLoop, GeneralizedSmeLUParamValues} from '../generalized_smelu_math';
import {KernelParams, readKernelParams} from '../generalized_smelu_params';

/**
 * The five parameters' values: a number attr as one value, a tensor's data
 * checked (α, β > 0; all finite; the values are on the CPU already, so every
 * call checks them at no real cost).
 */
export function readGeneralizedSmeLUParams(
    backend: CpuBackendLike, x: TensorInfo, params: KernelParams, axis: number,
    where: string): GeneralizedSmeLUParamValues {
  const values = {} as Record<typeof GENERALIZED_SMELU_PARAM_NAMES[number], NumericArray|number[]>;
  for (const name of GENERALIZED_SMELU_PARAM_NAMES) {
    const param = params[name];
    if (typeof param === 'number') {
      values[name] = [param];  // readKernelParams rounded and checked it
      continue;
    }
    assertParamShapeFits(name, param.shape, x.shape, axis, where);
    values[name] = backend.data.get(param.dataId).values as NumericArray;
    assertValidParamValues(name, values[name], where);
  }
  return values;
}

/** g-SmeLU forward in one pass over x; no intermediate tensors. */
export function generalizedSmeluCpu(
    args: {inputs: GeneralizedSmeLUInputs, backend: unknown, attrs: GeneralizedSmeLUAttrs}): TensorInfo {
  const {inputs, attrs} = args;
  const backend = args.backend as CpuBackendLike;
  const where = GeneralizedSmeLUKernelName;
  const x = inputs[0];
  const params = readGeneralizedSmeLUParams(backend, x, readKernelParams(inputs, attrs, 1, where), attrs.axis, where);
  const xValues = backend.data.get(x.dataId).values as NumericArray;
  const out = new Float32Array(xValues.length);
  generalizedSmeluForwardLoop(xValues, out, params, channelLayout(x.shape, attrs.axis, params));
  return backend.makeTensorInfo(x.shape, 'float32', out);
}

export const generalizedSmeluCpuConfig: KernelConfig = {
  kernelName: GeneralizedSmeLUKernelName,
  backendName: 'cpu',
  kernelFunc: generalizedSmeluCpu as unknown as KernelFunc,
};
