/**
 * What the webgl and webgpu g-SmeLU kernels share: the programs' outputs and
 * the parameters each reads, the parameter shape check
 * and the last step of a parameter gradient, per-element products dy·∂f/∂p
 * summed to the parameter's shape (every axis for a single value, every axis
 * but the channel axis for per-channel values) by the backend's own `Sum`
 * kernel, so the reduction stays on the device.
 */
import {getKernel, KernelFunc, Reshape, Sum, TensorInfo, util} from '@tensorflow/tfjs-core';

import {GENERALIZED_SMELU_PARAM_NAMES, GeneralizedSmeLUGradTarget, GeneralizedSmeLUParamName} from '../kernel_names';
import {assertParamShapeFits} from '../validate';
import type {KernelParams} from './generalized_smelu_params';

/** What a program outputs: f(x), dy·∂f/∂x, or dy·∂f/∂p per element for p ≠ shift (whose product is dy itself). */
export type GeneralizedSmeLUOutput = 'forward'|Exclude<GeneralizedSmeLUGradTarget, 'shift'>;

/** Parameters each output needs, in input order after `x` (forward) or `dy, x` (gradients). */
export const GENERALIZED_SMELU_PROGRAM_PARAMS: Record<GeneralizedSmeLUOutput, GeneralizedSmeLUParamName[]> = {
  forward: ['alpha', 'beta', 'gNeg', 'gPos', 'shift'],
  x: ['alpha', 'beta', 'gNeg', 'gPos'],
  alpha: ['alpha', 'beta', 'gNeg', 'gPos'],
  beta: ['alpha', 'beta', 'gNeg', 'gPos'],
  gNeg: ['alpha', 'beta'],
  gPos: ['alpha', 'beta'],
};

/**
 * Checks that every tensor parameter holds one value or one per channel
 * along `axis`. Only shapes: on a GPU the values stay there (reading them
 * back would stall every call), so α, β > 0 is the caller's to keep. (Number
 * parameters were checked, values included, when the call was read.)
 */
export function assertGeneralizedSmeLUParamShapes(
    x: TensorInfo, params: KernelParams, axis: number, where: string): void {
  for (const name of GENERALIZED_SMELU_PARAM_NAMES) {
    const param = params[name];
    if (typeof param !== 'number') assertParamShapeFits(name, param.shape, x.shape, axis, where);
  }
}

function kernelFunc(kernelName: string, backendName: string): KernelFunc {
  const config = getKernel(kernelName, backendName);
  if (config == null) throw new Error(`the ${backendName} backend has no ${kernelName} kernel`);
  return config.kernelFunc;
}

/**
 * Σ `products` over the axes that `param` does not have, shaped like
 * `param`, as a new tensor. `ownsProducts`: `products` is an intermediate
 * of the caller's, freed here with `dispose`; else (an input such as dy) it
 * is left alone.
 */
export function sumToParamShape(
    products: TensorInfo, ownsProducts: boolean, param: TensorInfo, axis: number, backend: object, backendName: string,
    dispose: (info: TensorInfo) => void): TensorInfo {
  const rank = products.shape.length;
  const perChannel = util.sizeFromShape(param.shape) !== 1;
  const axes = Array.from({length: rank}, (_, i) => i).filter((i) => !perChannel || i !== axis);
  let summed = products, owned = ownsProducts;
  if (axes.length > 0) {
    summed = kernelFunc(Sum, backendName)({inputs: {x: products}, backend, attrs: {axis: axes, keepDims: false}}) as
        TensorInfo;
    if (ownsProducts) dispose(products);
    owned = true;
  }
  if (owned && util.arraysEqual(summed.shape, param.shape)) return summed;
  // The parameter's shape ([1] for a single value given as [1], or an input's
  // own data as a new reference): reshape shares the data, it copies nothing.
  const shaped =
      kernelFunc(Reshape, backendName)({inputs: {x: summed}, backend, attrs: {shape: param.shape}}) as TensorInfo;
  if (owned) dispose(summed);
  return shaped;
}
