import {KernelConfig, KernelFunc, TensorInfo, util} from '@tensorflow/tfjs-core';

import {GENERALIZED_SMELU_PARAM_NAMES, GeneralizedSmeLUGradAttrs, GeneralizedSmeLUGradInputs, GeneralizedSmeLUGradKernelName, GeneralizedSmeLUParamName} from '../../kernel_names';
import {channelLayout, generalizedSmeluInputGradLoop, generalizedSmeluParamGradLoop} from '../generalized_smelu_math';
import {gradTargetParam} from '../generalized_smelu_grad_target';
import {readGeneralizedSmeLUParamsWasm, simdRoute} from './GeneralizedSmeLU';
import {allChannelConstants, CONSTANT, CONSTANTS_PER_CHANNEL, checkHeapParamValues, constantBlocksFor, HeapParams, locateHeapParams} from './generalized_smelu_heap_params';
import {SmeLUSimdKernels, simdKernelsFor} from './simd_kernels';
import type {WasmBackendLike} from './wasm_backend_types';

/** dy·∂f/∂x, channels last with per-channel parameters: one call, constants as for the forward call. */
function inputGradChannelsSimd(
    simd: SmeLUSimdKernels, backend: WasmBackendLike, inputs: GeneralizedSmeLUGradInputs, params: HeapParams,
    where: string): TensorInfo {
  const {outer, channels} = params.layout;
  const blocks = constantBlocksFor(simd, params, backend, inputs, where);
  const out = backend.makeOutput(inputs.x.shape, 'float32');
  simd.exports.gsmeluGradXChannels(
      backend.getMemoryOffset(inputs.dy.dataId), backend.getMemoryOffset(inputs.x.dataId),
      backend.getMemoryOffset(out.dataId), outer, channels, blocks.offset);
  return out;
}

/** dy·∂f/∂x with one set of constants for every element, or one per channel block (one call per block). */
function inputGradBlocksSimd(
    simd: SmeLUSimdKernels, backend: WasmBackendLike, inputs: GeneralizedSmeLUGradInputs, out: TensorInfo,
    params: HeapParams): void {
  const dyOffset = backend.getMemoryOffset(inputs.dy.dataId);
  const xOffset = backend.getMemoryOffset(inputs.x.dataId);
  const outOffset = backend.getMemoryOffset(out.dataId);
  const {outer, channels, inner} = params.layout;
  const k = allChannelConstants(simd.heapF32(), params);
  const gradX = simd.exports.gsmeluGradX;
  for (let o = 0; o < outer; ++o) {
    for (let ch = 0; ch < channels; ++ch) {
      const c = ch * CONSTANTS_PER_CHANNEL;
      const start = 4 * (o * channels + ch) * inner;
      gradX(dyOffset + start, xOffset + start, outOffset + start, inner, k[c + CONSTANT.alpha], k[c + CONSTANT.w],
            k[c + CONSTANT.gNeg], k[c + CONSTANT.d]);
    }
  }
}

/**
 * Σ dy·∂f/∂p per channel block with the SIMD module (float32 products,
 * float64 sums), into `out` (one value, or one per channel).
 */
function paramGradSimd(
    simd: SmeLUSimdKernels, backend: WasmBackendLike, inputs: GeneralizedSmeLUGradInputs, out: TensorInfo,
    wrt: GeneralizedSmeLUParamName, params: HeapParams): void {
  const dyOffset = backend.getMemoryOffset(inputs.dy.dataId);
  const xOffset = backend.getMemoryOffset(inputs.x.dataId);
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
export function generalizedSmeluGradWasm(args: {
  inputs: GeneralizedSmeLUGradInputs,
  backend: unknown,
  attrs: GeneralizedSmeLUGradAttrs
}): TensorInfo {
  const {inputs, attrs: {axis, wrt}} = args;
  const backend = args.backend as WasmBackendLike;
  const where = GeneralizedSmeLUGradKernelName;
  // Checked first, as on cpu: an unknown wrt is named before anything else is read.
  const param = wrt === 'x' ? null : gradTargetParam(inputs, wrt, where);
  const simd = inputs.x.dtype === 'float32' && inputs.dy.dtype === 'float32' ? simdKernelsFor(backend) : null;
  if (simd != null) {
    const params = locateHeapParams(backend, inputs, axis, where);
    const route = simdRoute(params.layout);
    if (param == null && route === 'channels') return inputGradChannelsSimd(simd, backend, inputs, params, where);
    if (param == null && route != null) {
      checkHeapParamValues(simd.heapF32(), params, backend, inputs, where);
      const out = backend.makeOutput(inputs.x.shape, 'float32');
      if (util.sizeFromShape(inputs.x.shape) > 0) inputGradBlocksSimd(simd, backend, inputs, out, params);
      return out;
    }
    if (param != null && (route === 'single' || route === 'blocks')) {
      checkHeapParamValues(simd.heapF32(), params, backend, inputs, where);
      const out = backend.makeOutput(param.shape, 'float32');
      paramGradSimd(simd, backend, inputs, out, wrt as GeneralizedSmeLUParamName, params);
      return out;
    }
  }
  const params = readGeneralizedSmeLUParamsWasm(backend, inputs, axis, where);
  const layout = channelLayout(inputs.x.shape, axis, params);
  if (param == null) {
    const out = backend.makeOutput(inputs.x.shape, 'float32');
    if (util.sizeFromShape(inputs.x.shape) === 0) return out;
    // Views only after makeOutput: allocating can grow the heap and detach earlier views.
    generalizedSmeluInputGradLoop(
        backend.typedArrayFromHeap(inputs.dy), backend.typedArrayFromHeap(inputs.x),
        backend.typedArrayFromHeap(out) as Float32Array, params, layout);
    return out;
  }
  const out = backend.makeOutput(param.shape, 'float32');
  generalizedSmeluParamGradLoop(
      wrt as GeneralizedSmeLUParamName, backend.typedArrayFromHeap(inputs.dy), backend.typedArrayFromHeap(inputs.x),
      backend.typedArrayFromHeap(out) as Float32Array, params, layout);
  return out;
}

export const generalizedSmeluGradWasmConfig: KernelConfig = {
  kernelName: GeneralizedSmeLUGradKernelName,
  backendName: 'wasm',
  kernelFunc: generalizedSmeluGradWasm as unknown as KernelFunc,
};
