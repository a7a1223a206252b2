/**
 * The five g-SmeLU parameters as the wasm SIMD kernels use them: tensors
 * read in place on the heap (no copies, no allocation per call), numbers
 * written to five reserved heap slots, checked like on cpu, and turned into
 * the SIMD module's constants. A layer's parameters are a handful of values,
 * but the kernels run once per layer per step: at the sizes of real layers
 * (thousands of elements) a copy, a view or an object per parameter per call
 * costs as much as the loop itself.
 *
 * Not reentrant: the located parameters live in one module-level record,
 * valid until the next call (kernels run one at a time, synchronously).
 */
import type {TensorInfo} from '@tensorflow/tfjs-core';

import {GENERALIZED_SMELU_PARAM_NAMES} from '../../kernel_names';
import {assertParamShapeFits, assertValidParamValues, isWidthParam} from '../../validate';
import type {ChannelLayout} from '../generalized_smelu_math';
import type {KernelParams} from '../generalized_smelu_params';
import type {ConstantBlocks, ParamKey} from './constant_block_cache';
import type {SmeLUSimdExports, SmeLUSimdKernels} from './simd_kernels';
import type {WasmBackendLike} from './wasm_backend_types';

/** Where the parameters are, in GENERALIZED_SMELU_PARAM_NAMES order (α, β, g₋, g₊, t). */
export interface HeapParams {
  /** Float32 index into the heap of each parameter's first value. */
  readonly index: Int32Array;
  /** Per parameter: 0 for a single value (shared by every channel), 1 for one value per channel. */
  readonly step: Int32Array;
  /** The input's layout around the channel axis (one channel when every parameter is a single value). */
  readonly layout: ChannelLayout;
}

const located = {
  index: new Int32Array(5),
  step: new Int32Array(5),
  layout: {outer: 1, channels: 1, inner: 1}
};

/**
 * Checks each tensor parameter's shape against x (1 value, or one per channel
 * along `axis`) and returns where every parameter's values are: a tensor's
 * in place, a number's in its slot of `simd.paramSlots`. Throws the cpu
 * kernels' message.
 */
export function locateHeapParams(
    simd: SmeLUSimdKernels, backend: WasmBackendLike, x: TensorInfo, params: KernelParams, axis: number,
    where: string): HeapParams {
  const xShape = x.shape;
  let perChannel = false;
  let heap: Float32Array|null = null;
  for (let p = 0; p < 5; ++p) {
    const param = params[GENERALIZED_SMELU_PARAM_NAMES[p]];
    if (typeof param === 'number') {
      const slot = (simd.paramSlots >> 2) + p;
      heap ??= simd.heapF32();
      heap[slot] = param;
      located.index[p] = slot;
      located.step[p] = 0;
      continue;
    }
    const info: TensorInfo = param;
    assertParamShapeFits(GENERALIZED_SMELU_PARAM_NAMES[p], info.shape, xShape, axis, where);
    located.index[p] = backend.getMemoryOffset(info.dataId) >> 2;
    let values = 1;
    for (let d = 0; d < info.shape.length; ++d) values *= info.shape[d];
    const single = values === 1;
    located.step[p] = single ? 0 : 1;
    perChannel = perChannel || !single;
  }
  let size = 1;
  for (let d = 0; d < xShape.length; ++d) size *= xShape[d];
  const layout = located.layout;
  if (!perChannel || xShape.length === 0) {
    layout.outer = 1;
    layout.channels = 1;
    layout.inner = size;
  } else {
    let inner = 1;
    for (let d = axis + 1; d < xShape.length; ++d) inner *= xShape[d];
    layout.channels = xShape[axis];
    layout.inner = inner;
    layout.outer = size / Math.max(layout.channels * inner, 1);
  }
  return located;
}

/**
 * Checks the values (α, β finite and > 0; g₋, g₊, t finite), as the cpu
 * kernels do; on the first bad one, throws their message.
 */
export function checkHeapParamValues(
    heap: Float32Array, params: HeapParams, backend: WasmBackendLike, kernelParams: KernelParams, where: string): void {
  const channels = params.layout.channels;
  for (let p = 0; p < 5; ++p) {
    const name = GENERALIZED_SMELU_PARAM_NAMES[p];
    const width = isWidthParam(name);
    const start = params.index[p];
    const end = start + (params.step[p] === 0 ? 1 : channels);
    for (let i = start; i < end; ++i) {
      const v = heap[i];
      // NaN fails both tests, and so do ±Infinity.
      if (width ? !(v > 0 && v < Infinity) : !(v - v === 0)) {
        // Only a tensor can hold a bad value here: numbers were checked when the call was read.
        assertValidParamValues(name, backend.typedArrayFromHeap(kernelParams[name] as TensorInfo), where);
      }
    }
  }
}

const FLT_MAX = 3.4028234663852886e38;

/**
 * Position of each per-channel constant (float64, rounded once to float32
 * where the SIMD module reads them), also the field order of its blocks:
 * α, w = α + β, g₋, g₊, t; k = (g₊ − g₋)/(2w); lo = −FLT_MAX where g₋ = 0
 * (a zero slope stays flat at −∞), else −∞; hi = FLT_MAX where g₊ = 0, else
 * +∞; d = (g₊ − g₋)/w.
 */
export const CONSTANT = {
  alpha: 0,
  w: 1,
  gNeg: 2,
  gPos: 3,
  shift: 4,
  k: 5,
  lo: 6,
  hi: 7,
  d: 8
} as const;
export const CONSTANTS_PER_CHANNEL = 9;

/** Writes channel `ch`'s constants into `into` from `at` (CONSTANTS_PER_CHANNEL values, see {@link CONSTANT}). */
export function channelConstants(
    heap: Float32Array, params: HeapParams, ch: number, into: Float64Array, at: number): void {
  const i = params.index, s = params.step;
  constantsOf(
      heap[i[0] + s[0] * ch], heap[i[1] + s[1] * ch], heap[i[2] + s[2] * ch], heap[i[3] + s[3] * ch],
      heap[i[4] + s[4] * ch], into, at);
}

/**
 * Writes the constants of one set of parameter values (float32 values, in
 * float64 arithmetic) into `into` from `at`: the same numbers whether the
 * values came from tensors on the heap or from number attrs.
 */
export function constantsOf(
    alpha: number, beta: number, gNeg: number, gPos: number, shift: number, into: Float64Array, at: number): void {
  const w = alpha + beta;
  into[at + CONSTANT.alpha] = alpha;
  into[at + CONSTANT.w] = w;
  into[at + CONSTANT.gNeg] = gNeg;
  into[at + CONSTANT.gPos] = gPos;
  into[at + CONSTANT.shift] = shift;
  into[at + CONSTANT.k] = (gPos - gNeg) * 0.5 / w;
  into[at + CONSTANT.lo] = gNeg === 0 ? -FLT_MAX : -Infinity;
  into[at + CONSTANT.hi] = gPos === 0 ? FLT_MAX : Infinity;
  into[at + CONSTANT.d] = (gPos - gNeg) / w;
}

const numberConstants = new Float64Array(CONSTANTS_PER_CHANNEL);

/**
 * The constants of parameters that are all numbers (already rounded to
 * float32 and checked), in a buffer that the next call reuses: no heap, no
 * tensor.
 */
export function constantsOfNumbers(params: {alpha: number, beta: number, gNeg: number, gPos: number, shift: number}):
    Float64Array {
  constantsOf(params.alpha, params.beta, params.gNeg, params.gPos, params.shift, numberConstants, 0);
  return numberConstants;
}

let perChannel = new Float64Array(CONSTANTS_PER_CHANNEL);

/**
 * Every channel's constants, CONSTANTS_PER_CHANNEL values per channel, in a
 * buffer that is reused by the next call.
 */
export function allChannelConstants(heap: Float32Array, params: HeapParams): Float64Array {
  const channels = params.layout.channels;
  if (perChannel.length < channels * CONSTANTS_PER_CHANNEL) {
    perChannel = new Float64Array(channels * CONSTANTS_PER_CHANNEL);
  }
  for (let ch = 0; ch < channels; ++ch) channelConstants(heap, params, ch, perChannel, ch * CONSTANTS_PER_CHANNEL);
  return perChannel;
}

/**
 * Bytes of the constants of `channels` channels in the SIMD module's layout:
 * blocks of 4 channels, each 9 fields × 4 lanes of float32, and with more
 * than 4 channels, not a multiple of 4, a tail block (the last 4 channels:
 * the vector that ends each row) (smelu_simd.wat, gsmeluConstants).
 */
export function constantBlockBytes(channels: number): number {
  const tail = channels > 4 && channels % 4 !== 0 ? 1 : 0;
  return (Math.ceil(channels / 4) + tail) * CONSTANTS_PER_CHANNEL * 16;
}

/** Bits of {@link writeConstantBlocks}'s result. */
export const ZERO_SLOPE = 1;
export const INVALID_VALUE = 2;

/**
 * Writes every channel's constants at byte offset `offset` in the SIMD
 * module's block layout (computed there, in float64, from the parameters in
 * place). Returns {@link ZERO_SLOPE} | {@link INVALID_VALUE} bits: on
 * INVALID_VALUE, {@link checkHeapParamValues} names the bad value.
 */
export function writeConstantBlocks(exports: SmeLUSimdExports, params: HeapParams, offset: number): number {
  const i = params.index, s = params.step;
  return exports.gsmeluConstants(
      4 * i[0], 4 * s[0], 4 * i[1], 4 * s[1], 4 * i[2], 4 * s[2], 4 * i[3], 4 * s[3], 4 * i[4], 4 * s[4],
      params.layout.channels, offset);
}

const paramKey: ParamKey[] = [];

/**
 * The constant blocks of the call's parameters (kept from an earlier call with
 * the same parameters, or written now), checked: throws the cpu kernels'
 * message for a bad value. Returns their byte offset and flags.
 */
export function constantBlocksFor(
    simd: SmeLUSimdKernels, params: HeapParams, backend: WasmBackendLike, kernelParams: KernelParams,
    where: string): ConstantBlocks {
  const heap = simd.heapF32();
  for (let p = 0; p < 5; ++p) {
    // Compared with Object.is: 0 and -0 are different keys; NaN is never kept (invalid). A step of 1
    // means a per-channel tensor.
    paramKey[p] = params.step[p] === 0 ? heap[params.index[p]] :
                                         (kernelParams[GENERALIZED_SMELU_PARAM_NAMES[p]] as TensorInfo).dataId;
  }
  const channels = params.layout.channels;
  const blocks = simd.constantBlocks.get(
      paramKey, channels, constantBlockBytes(channels), INVALID_VALUE,
      (offset) => writeConstantBlocks(simd.exports, params, offset));
  if (blocks.flags & INVALID_VALUE) {
    checkHeapParamValues(simd.heapF32(), params, backend, kernelParams, where);
    throw new Error(`${where}: a parameter value is not valid (α, β must be finite and > 0; g₋, g₊, t finite)`);
  }
  return blocks;
}
