import {KernelConfig, KernelFunc, TensorInfo, util} from '@tensorflow/tfjs-core';

import {GENERALIZED_SMELU_PARAM_NAMES, GeneralizedSmeLUGradAttrs, GeneralizedSmeLUGradInputs, GeneralizedSmeLUGradKernelName, GeneralizedSmeLUParamName} from '../../kernel_names';
import {ChannelLayout, channelLayout, generalizedSmeluInputGradLoop, generalizedSmeluParamGradLoop, GeneralizedSmeLUParamValues} from '../generalized_smelu_math';
import {gradTargetParam} from '../generalized_smelu_grad_target';
import {channelConstants, readGeneralizedSmeLUParamsWasm, simdRoute, writeChannelConstants} from './GeneralizedSmeLU';
import {SmeLUSimdExports, simdKernelsFor} from './simd_kernels';
import type {WasmBackendLike} from './wasm_backend_types';

function inputGradSimd(
    simd: SmeLUSimdExports, backend: WasmBackendLike, inputs: GeneralizedSmeLUGradInputs, out: TensorInfo,
    params: GeneralizedSmeLUParamValues, layout: ChannelLayout, route: 'single'|'channels'|'blocks'): void {
  const dyOffset = backend.getMemoryOffset(inputs.dy.dataId);
  const xOffset = backend.getMemoryOffset(inputs.x.dataId);
  const outOffset = backend.getMemoryOffset(out.dataId);
  const {outer, channels, inner} = layout;
  if (route === 'channels') {
    const scratch = writeChannelConstants(backend, params, channels);
    try {
      simd.gsmeluGradXChannels(dyOffset, xOffset, outOffset, outer, channels, backend.getMemoryOffset(scratch.dataId));
    } finally {
      backend.disposeData(scratch.dataId);
    }
    return;
  }
  for (let o = 0; o < outer; ++o) {
    for (let ch = 0; ch < channels; ++ch) {
      const k = channelConstants(params, ch);
      const start = 4 * (o * channels + ch) * inner;
      simd.gsmeluGradX(dyOffset + start, xOffset + start, outOffset + start, inner, k.alpha, k.w, k.gNeg, k.d);
    }
  }
}

/**
 * Σ dy·∂f/∂p per channel block with the SIMD module (float32 products,
 * float64 sums), into `out` (one value, or one per channel).
 */
function paramGradSimd(
    simd: SmeLUSimdExports, backend: WasmBackendLike, inputs: GeneralizedSmeLUGradInputs, out: Float32Array,
    wrt: GeneralizedSmeLUParamName, params: GeneralizedSmeLUParamValues, layout: ChannelLayout): void {
  const dyOffset = backend.getMemoryOffset(inputs.dy.dataId);
  const xOffset = backend.getMemoryOffset(inputs.x.dataId);
  const which = GENERALIZED_SMELU_PARAM_NAMES.indexOf(wrt);
  const {outer, channels, inner} = layout;
  const sums = new Float64Array(out.length);
  for (let ch = 0; ch < channels; ++ch) {
    const k = channelConstants(params, ch);
    for (let o = 0; o < outer; ++o) {
      const start = 4 * (o * channels + ch) * inner;
      sums[out.length === 1 ? 0 : ch] +=
          simd.gsmeluParamGrad(which, dyOffset + start, xOffset + start, inner, k.alpha, k.w, k.gNeg, k.gPos - k.gNeg,
                               1 / k.w);
    }
  }
  out.set(sums);
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
  const params = readGeneralizedSmeLUParamsWasm(backend, inputs, axis, GeneralizedSmeLUGradKernelName);
  const layout = channelLayout(inputs.x.shape, axis, params);
  if (wrt === 'x') {
    const out = backend.makeOutput(inputs.x.shape, 'float32');
    if (util.sizeFromShape(inputs.x.shape) === 0) return out;
    const route = simdRoute(layout);
    const simd = inputs.x.dtype === 'float32' && inputs.dy.dtype === 'float32' && route != null ?
        simdKernelsFor(backend) :
        null;
    if (simd != null && route != null) {
      inputGradSimd(simd, backend, inputs, out, params, layout, route);
    } else {
      generalizedSmeluInputGradLoop(
          backend.typedArrayFromHeap(inputs.dy), backend.typedArrayFromHeap(inputs.x),
          backend.typedArrayFromHeap(out) as Float32Array, params, layout);
    }
    return out;
  }
  const param = gradTargetParam(inputs, wrt, GeneralizedSmeLUGradKernelName);
  const out = backend.makeOutput(param.shape, 'float32');
  const route = simdRoute(layout);
  const simd = inputs.x.dtype === 'float32' && inputs.dy.dtype === 'float32' &&
          (route === 'single' || route === 'blocks') ?
      simdKernelsFor(backend) :
      null;
  // Views only after makeOutput: allocating can grow the heap and detach earlier views.
  const outView = backend.typedArrayFromHeap(out) as Float32Array;
  if (simd != null) {
    paramGradSimd(simd, backend, inputs, outView, wrt, params, layout);
  } else {
    generalizedSmeluParamGradLoop(
        wrt, backend.typedArrayFromHeap(inputs.dy), backend.typedArrayFromHeap(inputs.x), outView, params, layout);
  }
  return out;
}

export const generalizedSmeluGradWasmConfig: KernelConfig = {
  kernelName: GeneralizedSmeLUGradKernelName,
  backendName: 'wasm',
  kernelFunc: generalizedSmeluGradWasm as unknown as KernelFunc,
};
