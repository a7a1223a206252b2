import {KernelConfig, KernelFunc, TensorInfo, util} from '@tensorflow/tfjs-core';

import {
  GENERALIZED_SMELU_PARAM_NAMES,
  GeneralizedSmeLUGradAttrs,
  GeneralizedSmeLUGradInputs,
  GeneralizedSmeLUGradKernelName,
  GeneralizedSmeLUParamName
} from '../../kernel_names';
import {gradTargetParam} from '../generalized_smelu_grad_target';
import {channelLayout, generalizedSmeluInputGradLoop, generalizedSmeluParamGradLoop} from '../generalized_smelu_math';
import {allNumbers, KernelParams, NumberParams, readKernelParams} from '../generalized_smelu_params';
import {
  allChannelConstants,
  CONSTANT,
  CONSTANTS_PER_CHANNEL,
  checkHeapParamValues,
  constantBlocksFor,
  constantsOfNumbers,
  HeapParams,
  locateHeapParams
} from './generalized_smelu_heap_params';
import {readGeneralizedSmeLUParamsWasm, simdRoute} from './GeneralizedSmeLU';
import {SmeLUSimdKernels, simdKernelsFor} from './simd_kernels';
import type {WasmBackendLike} from './wasm_backend_types';

/** dy·∂f/∂x, channels last with per-channel parameters: one call, constants as for the forward call. */
function inputGradChannelsSimd(
    simd: SmeLUSimdKernels, backend: WasmBackendLike, dy: TensorInfo, x: TensorInfo, kernelParams: KernelParams,
    params: HeapParams, where: string): TensorInfo {
  const {outer, channels} = params.layout;
  const blocks = constantBlocksFor(simd, params, backend, kernelParams, where);
  const out = backend.makeOutput(x.shape, 'float32');
  simd.exports.gsmeluGradXChannels(
      backend.getMemoryOffset(dy.dataId), backend.getMemoryOffset(x.dataId), backend.getMemoryOffset(out.dataId), outer,
      channels, blocks.offset);
  return out;
}

/** dy·∂f/∂x with one set of constants for every element, or one per channel block (one call per block). */
function inputGradBlocksSimd(
    simd: SmeLUSimdKernels, backend: WasmBackendLike, dy: TensorInfo, x: TensorInfo, out: TensorInfo,
    params: HeapParams): void {
  const dyOffset = backend.getMemoryOffset(dy.dataId);
  const xOffset = backend.getMemoryOffset(x.dataId);
  const outOffset = backend.getMemoryOffset(out.dataId);
  const {outer, channels, inner} = params.layout;
  const k = allChannelConstants(simd.heapF32(), params);
  const gradX = simd.exports.gsmeluGradX;
  for (let o = 0; o < outer; ++o) {
    for (let ch = 0; ch < channels; ++ch) {
      const c = ch * CONSTANTS_PER_CHANNEL;
      const start = 4 * (o * channels + ch) * inner;
      gradX(
          dyOffset + start, xOffset + start, outOffset + start, inner, k[c + CONSTANT.alpha], k[c + CONSTANT.w],
          k[c + CONSTANT.gNeg], k[c + CONSTANT.d]);
    }
  }
}

/**
 * Σ dy·∂f/∂p per channel block with the SIMD module (float32 products,
 * float64 sums), into `out` (one value, or one per channel).
 */
function paramGradSimd(
    simd: SmeLUSimdKernels, backend: WasmBackendLike, dy: TensorInfo, x: TensorInfo, out: TensorInfo,
    wrt: GeneralizedSmeLUParamName, params: HeapParams): void {
  const dyOffset = backend.getMemoryOffset(dy.dataId);
  const xOffset = backend.getMemoryOffset(x.dataId);
  const which = GENERALIZED_SMELU_PARAM_NAMES.indexOf(wrt);
  const {outer, channels, inner} = params.layout;
  const k = allChannelConstants(simd.heapF32(), params);
  const paramGrad = simd.exports.gsmeluParamGrad;
  const sums = new Float64Array(util.sizeFromShape(out.shape));
  for (let ch = 0; ch < channels; ++ch) {
    const c = ch * CONSTANTS_PER_CHANNEL;
    const w = k[c + CONSTANT.w];
    for (let o = 0; o < outer; ++o) {
      const start = 4 * (o * channels + ch) * inner;
      sums[sums.length === 1 ? 0 : ch] += paramGrad(
          which, dyOffset + start, xOffset + start, inner, k[c + CONSTANT.alpha], w, k[c + CONSTANT.gNeg],
          k[c + CONSTANT.gPos] - k[c + CONSTANT.gNeg], 1 / w);
    }
  }
  // A view only now: the heap does not grow inside the loop above, but makeOutput (before) may have grown it.
  (backend.typedArrayFromHeap(out) as Float32Array).set(sums);
}

/**
 * dy·∂f/∂x, or Σ dy·∂f/∂p reduced to parameter p's shape (float64 sums):
 * the SIMD module where the layout suits it (see `simdRoute`; per-channel
 * parameters along the last axis take the loop for parameter gradients),
 * else the cpu kernels' loops on heap views.
 */
export function generalizedSmeluGradWasm(
    args: {inputs: GeneralizedSmeLUGradInputs, backend: unknown, attrs: GeneralizedSmeLUGradAttrs}): TensorInfo {
  const {inputs, attrs} = args;
  const {axis, wrt} = attrs;
  const backend = args.backend as WasmBackendLike;
  const where = GeneralizedSmeLUGradKernelName;
  const kernelParams = readKernelParams(inputs, attrs, 2, where);
  // Checked first, as on cpu: an unknown wrt is named before anything else is read.
  const param = wrt === 'x' ? null : gradTargetParam(kernelParams, wrt, where);
  const [dy, x] = inputs;
  const simd = x.dtype === 'float32' && dy.dtype === 'float32' ? simdKernelsFor(backend) : null;
  if (simd != null) {
    if (param == null && allNumbers(kernelParams)) {
      const out = backend.makeOutput(x.shape, 'float32');
      const size = util.sizeFromShape(x.shape);
      if (size > 0) {
        const k = constantsOfNumbers(kernelParams as NumberParams);
        simd.exports.gsmeluGradX(
            backend.getMemoryOffset(dy.dataId), backend.getMemoryOffset(x.dataId), backend.getMemoryOffset(out.dataId),
            size, k[CONSTANT.alpha], k[CONSTANT.w], k[CONSTANT.gNeg], k[CONSTANT.d]);
      }
      return out;
    }
    const params = locateHeapParams(simd, backend, x, kernelParams, axis, where);
    const route = simdRoute(params.layout);
    if (param == null && route === 'channels') {
      return inputGradChannelsSimd(simd, backend, dy, x, kernelParams, params, where);
    }
    if (param == null && route != null) {
      checkHeapParamValues(simd.heapF32(), params, backend, kernelParams, where);
      const out = backend.makeOutput(x.shape, 'float32');
      if (util.sizeFromShape(x.shape) > 0) inputGradBlocksSimd(simd, backend, dy, x, out, params);
      return out;
    }
    if (param != null && (route === 'single' || route === 'blocks')) {
      checkHeapParamValues(simd.heapF32(), params, backend, kernelParams, where);
      const out = backend.makeOutput(param.tensor.shape, 'float32');
      paramGradSimd(simd, backend, dy, x, out, param.name, params);
      return out;
    }
  }
  const params = readGeneralizedSmeLUParamsWasm(backend, x, kernelParams, axis, where);
  const layout = channelLayout(x.shape, axis, params);
  if (param == null) {
    const out = backend.makeOutput(x.shape, 'float32');
    if (util.sizeFromShape(x.shape) === 0) return out;
    // Views only after makeOutput: allocating can grow the heap and detach earlier views.
    generalizedSmeluInputGradLoop(
        backend.typedArrayFromHeap(dy), backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(out) as Float32Array,
        params, layout);
    return out;
  }
  const out = backend.makeOutput(param.tensor.shape, 'float32');
  generalizedSmeluParamGradLoop(
      param.name, backend.typedArrayFromHeap(dy), backend.typedArrayFromHeap(x),
      backend.typedArrayFromHeap(out) as Float32Array, params, layout);
  return out;
}

export const generalizedSmeluGradWasmConfig: KernelConfig = {
  kernelName: GeneralizedSmeLUGradKernelName,
  backendName: 'wasm',
  kernelFunc: generalizedSmeluGradWasm as unknown as KernelFunc,
};
