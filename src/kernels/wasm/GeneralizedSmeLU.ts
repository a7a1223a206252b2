import {KernelConfig, KernelFunc, TensorInfo, util} from '@tensorflow/tfjs-core';

import {GENERALIZED_SMELU_PARAM_NAMES, GeneralizedSmeLUAttrs, GeneralizedSmeLUInputs, GeneralizedSmeLUKernelName} from '../../kernel_names';
import {assertParamShapeFits, assertValidParamValues} from '../../validate';
import {ChannelLayout, channelLayout, generalizedSmeluForwardLoop, GeneralizedSmeLUParamValues} from '../generalized_smelu_math';
import {allChannelConstants, CONSTANT, CONSTANTS_PER_CHANNEL, checkHeapParamValues, constantBlocksFor, HeapParams, locateHeapParams, ZERO_SLOPE} from './generalized_smelu_heap_params';
import {SmeLUSimdKernels, simdKernelsFor} from './simd_kernels';
import type {WasmBackendLike} from './wasm_backend_types';

/**
 * Copies and checks the five parameter tensors (α, β > 0; all finite), for
 * the JavaScript loops: copies, because a later allocation can grow the heap
 * and detach views. (The SIMD route reads them in place instead, see
 * generalized_smelu_heap_params.ts.)
 */
export function readGeneralizedSmeLUParamsWasm(
    backend: WasmBackendLike, inputs: GeneralizedSmeLUInputs, axis: number,
    where: string): GeneralizedSmeLUParamValues {
  const values = {} as Record<typeof GENERALIZED_SMELU_PARAM_NAMES[number], Float32Array>;
  for (const name of GENERALIZED_SMELU_PARAM_NAMES) {
    const info = inputs[name];
    assertParamShapeFits(name, info.shape, inputs.x.shape, axis, where);
    values[name] = Float32Array.from(backend.typedArrayFromHeap(info));
    assertValidParamValues(name, values[name], where);
  }
  return values;
}

/** Below this many elements per channel block, one SIMD call per block costs more than the JavaScript loop. */
const MIN_SIMD_BLOCK = 8;

/**
 * The SIMD route for a layout, or null where the JavaScript loop is the
 * better (or only) choice: every parameter a single value (one call),
 * channels last (one call over rows × channels), or channel blocks of at
 * least {@link MIN_SIMD_BLOCK} elements (one call per block).
 */
export function simdRoute(layout: ChannelLayout): 'single'|'channels'|'blocks'|null {
  if (layout.channels === 1) return 'single';
  if (layout.inner === 1) return 'channels';
  return layout.inner >= MIN_SIMD_BLOCK ? 'blocks' : null;
}

/**
 * Channels last, per-channel parameters: the constants in the SIMD module's
 * block layout (computed by the module, kept for the same parameter
 * tensors), then one call over rows × channels.
 */
function forwardChannelsSimd(
    simd: SmeLUSimdKernels, backend: WasmBackendLike, inputs: GeneralizedSmeLUInputs, params: HeapParams,
    where: string): TensorInfo {
  const {outer, channels} = params.layout;
  const blocks = constantBlocksFor(simd, params, backend, inputs, where);
  const out = backend.makeOutput(inputs.x.shape, 'float32');
  simd.exports.gsmeluChannels(
      backend.getMemoryOffset(inputs.x.dataId), backend.getMemoryOffset(out.dataId), outer, channels, blocks.offset,
      blocks.flags & ZERO_SLOPE);
  return out;
}

/** One set of constants for every element, or one per channel block (one call per block). */
function forwardBlocksSimd(
    simd: SmeLUSimdKernels, backend: WasmBackendLike, x: TensorInfo, out: TensorInfo, params: HeapParams): void {
  const xOffset = backend.getMemoryOffset(x.dataId);
  const outOffset = backend.getMemoryOffset(out.dataId);
  const {outer, channels, inner} = params.layout;
  const k = allChannelConstants(simd.heapF32(), params);
  const gsmelu = simd.exports.gsmelu;
  for (let o = 0; o < outer; ++o) {
    for (let ch = 0; ch < channels; ++ch) {
      const c = ch * CONSTANTS_PER_CHANNEL;
      const start = 4 * (o * channels + ch) * inner;
      gsmelu(xOffset + start, outOffset + start, inner, k[c + CONSTANT.alpha], k[c + CONSTANT.w],
             k[c + CONSTANT.gNeg], k[c + CONSTANT.gPos], k[c + CONSTANT.shift], k[c + CONSTANT.k],
             k[c + CONSTANT.lo], k[c + CONSTANT.hi]);
    }
  }
}

/**
 * g-SmeLU forward in one pass over the wasm heap: our SIMD module (float32
 * lanes) where the layout suits it, else the cpu kernel's float64 loop on
 * heap views. Parameters are read from the heap and checked like on cpu.
 */
export function generalizedSmeluWasm(
    args: {inputs: GeneralizedSmeLUInputs, backend: unknown, attrs: GeneralizedSmeLUAttrs}): TensorInfo {
  const {inputs, attrs: {axis}} = args;
  const backend = args.backend as WasmBackendLike;
  const where = GeneralizedSmeLUKernelName;
  const simd = inputs.x.dtype === 'float32' ? simdKernelsFor(backend) : null;
  if (simd != null) {
    const params = locateHeapParams(backend, inputs, axis, where);
    const route = simdRoute(params.layout);
    if (route === 'channels') return forwardChannelsSimd(simd, backend, inputs, params, where);
    if (route != null) {
      checkHeapParamValues(simd.heapF32(), params, backend, inputs, where);
      const out = backend.makeOutput(inputs.x.shape, 'float32');
      if (util.sizeFromShape(inputs.x.shape) > 0) forwardBlocksSimd(simd, backend, inputs.x, out, params);
      return out;
    }
  }
  const params = readGeneralizedSmeLUParamsWasm(backend, inputs, axis, where);
  const out = backend.makeOutput(inputs.x.shape, 'float32');
  if (util.sizeFromShape(inputs.x.shape) === 0) return out;
  // Views only after makeOutput: allocating can grow the heap and detach earlier views.
  generalizedSmeluForwardLoop(
      backend.typedArrayFromHeap(inputs.x), backend.typedArrayFromHeap(out) as Float32Array, params,
      channelLayout(inputs.x.shape, axis, params));
  return out;
}

export const generalizedSmeluWasmConfig: KernelConfig = {
  kernelName: GeneralizedSmeLUKernelName,
  backendName: 'wasm',
  kernelFunc: generalizedSmeluWasm as unknown as KernelFunc,
};
