import {KernelConfig, KernelFunc, TensorInfo, util} from '@tensorflow/tfjs-core';

import {
  GENERALIZED_SMELU_PARAM_NAMES,
  GeneralizedSmeLUAttrs,
  GeneralizedSmeLUInputs,
  GeneralizedSmeLUKernelName
} from '../../kernel_names';
import {assertParamShapeFits, assertValidParamValues} from '../../validate';
import {
  ChannelLayout,
  channelLayout,
  generalizedSmeluForwardLoop,
  GeneralizedSmeLUParamValues
} from '../generalized_smelu_math';
import {allNumbers, KernelParams, NumberParams, readKernelParams} from '../generalized_smelu_params';
import {
  allChannelConstants,
  CONSTANT,
  CONSTANTS_PER_CHANNEL,
  checkHeapParamValues,
  constantBlocksFor,
  constantsOfNumbers,
  HeapParams,
  locateHeapParams,
  ZERO_SLOPE
} from './generalized_smelu_heap_params';
import {SmeLUSimdKernels, simdKernelsFor} from './simd_kernels';
import type {WasmBackendLike} from './wasm_backend_types';

/**
 * The five parameters' values for the JavaScript loops: a number as one
 * value, a tensor's values copied (a later allocation can grow the heap and
 * detach views) and checked (α, β > 0; all finite). (The SIMD route reads
 * them in place instead, see generalized_smelu_heap_params.ts.)
 */
export function readGeneralizedSmeLUParamsWasm(
    backend: WasmBackendLike, x: TensorInfo, params: KernelParams, axis: number,
    where: string): GeneralizedSmeLUParamValues {
  const values = {} as Record<typeof GENERALIZED_SMELU_PARAM_NAMES[number], ArrayLike<number>>;
  for (const name of GENERALIZED_SMELU_PARAM_NAMES) {
    const param = params[name];
    if (typeof param === 'number') {
      values[name] = [param];  // readKernelParams rounded and checked it
      continue;
    }
    assertParamShapeFits(name, param.shape, x.shape, axis, where);
    values[name] = Float32Array.from(backend.typedArrayFromHeap(param));
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
    simd: SmeLUSimdKernels, backend: WasmBackendLike, x: TensorInfo, kernelParams: KernelParams, params: HeapParams,
    where: string): TensorInfo {
  const {outer, channels} = params.layout;
  const blocks = constantBlocksFor(simd, params, backend, kernelParams, where);
  const out = backend.makeOutput(x.shape, 'float32');
  simd.exports.gsmeluChannels(
      backend.getMemoryOffset(x.dataId), backend.getMemoryOffset(out.dataId), outer, channels, blocks.offset,
      blocks.flags & ZERO_SLOPE);
  return out;
}

/** Every parameter a number: one call with constants computed here, nothing read from the heap. */
function forwardNumbersSimd(
    simd: SmeLUSimdKernels, backend: WasmBackendLike, x: TensorInfo, out: TensorInfo, size: number,
    params: NumberParams): void {
  const k = constantsOfNumbers(params);
  simd.exports.gsmelu(
      backend.getMemoryOffset(x.dataId), backend.getMemoryOffset(out.dataId), size, k[CONSTANT.alpha], k[CONSTANT.w],
      k[CONSTANT.gNeg], k[CONSTANT.gPos], k[CONSTANT.shift], k[CONSTANT.k], k[CONSTANT.lo], k[CONSTANT.hi]);
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
      gsmelu(
          xOffset + start, outOffset + start, inner, k[c + CONSTANT.alpha], k[c + CONSTANT.w], k[c + CONSTANT.gNeg],
          k[c + CONSTANT.gPos], k[c + CONSTANT.shift], k[c + CONSTANT.k], k[c + CONSTANT.lo], k[c + CONSTANT.hi]);
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
  const {inputs, attrs} = args;
  const {axis} = attrs;
  const backend = args.backend as WasmBackendLike;
  const where = GeneralizedSmeLUKernelName;
  const kernelParams = readKernelParams(inputs, attrs, 1, where);
  const x = inputs[0];
  const simd = x.dtype === 'float32' ? simdKernelsFor(backend) : null;
  if (simd != null) {
    if (allNumbers(kernelParams)) {
      const out = backend.makeOutput(x.shape, 'float32');
      const size = util.sizeFromShape(x.shape);
      if (size > 0) forwardNumbersSimd(simd, backend, x, out, size, kernelParams as NumberParams);
      return out;
    }
    const params = locateHeapParams(simd, backend, x, kernelParams, axis, where);
    const route = simdRoute(params.layout);
    if (route === 'channels') return forwardChannelsSimd(simd, backend, x, kernelParams, params, where);
    if (route != null) {
      checkHeapParamValues(simd.heapF32(), params, backend, kernelParams, where);
      const out = backend.makeOutput(x.shape, 'float32');
      if (util.sizeFromShape(x.shape) > 0) forwardBlocksSimd(simd, backend, x, out, params);
      return out;
    }
  }
  const params = readGeneralizedSmeLUParamsWasm(backend, x, kernelParams, axis, where);
  const out = backend.makeOutput(x.shape, 'float32');
  if (util.sizeFromShape(x.shape) === 0) return out;
  // Views only after makeOutput: allocating can grow the heap and detach earlier views.
  generalizedSmeluForwardLoop(
      backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(out) as Float32Array, params,
      channelLayout(x.shape, axis, params));
  return out;
}

export const generalizedSmeluWasmConfig: KernelConfig = {
  kernelName: GeneralizedSmeLUKernelName,
  backendName: 'wasm',
  kernelFunc: generalizedSmeluWasm as unknown as KernelFunc,
};
