import {KernelConfig, KernelFunc, TensorInfo, util} from '@tensorflow/tfjs-core';

import {GENERALIZED_SMELU_PARAM_NAMES, GeneralizedSmeLUAttrs, GeneralizedSmeLUInputs, GeneralizedSmeLUKernelName} from '../../kernel_names';
import {assertParamShapeFits, assertValidParamValues} from '../../validate';
import {ChannelLayout, channelLayout, generalizedSmeluForwardLoop, GeneralizedSmeLUParamValues} from '../generalized_smelu_math';
import {SmeLUSimdExports, simdKernelsFor} from './simd_kernels';
import type {WasmBackendLike} from './wasm_backend_types';

/**
 * Copies and checks the five parameter tensors (α, β > 0; all finite): on
 * wasm they live in the heap, on the CPU, so every call checks them at no
 * real cost, as the cpu kernels do. Copies, because a later allocation can
 * grow the heap and detach views.
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

/** Bytes per 4-channel block of constants in the SIMD module's layout (9 fields × 4 lanes × 4 bytes). */
const CONSTANT_BLOCK_BYTES = 144;
/** Field order within a block (smelu_simd.wat): α, w, g₋, g₊, t, k, lo, hi, d. */
const CONSTANT_FIELDS = 9;

/** Per-channel float64 constants of the SIMD functions, rounded once to float32 by the caller. */
export interface GeneralizedSmeLUChannelConstants {
  alpha: number;
  w: number;
  gNeg: number;
  gPos: number;
  shift: number;
  /** (g₊ − g₋)/(2w) */
  k: number;
  /** −FLT_MAX where g₋ = 0 (a zero slope stays flat at −∞), else −∞. */
  lo: number;
  /** FLT_MAX where g₊ = 0, else +∞. */
  hi: number;
  /** (g₊ − g₋)/w */
  d: number;
}

const FLT_MAX = 3.4028234663852886e38;

export function channelConstants(params: GeneralizedSmeLUParamValues, ch: number): GeneralizedSmeLUChannelConstants {
  const at = (v: ArrayLike<number>) => (v.length === 1 ? v[0] : v[ch]);
  const alpha = at(params.alpha), gNeg = at(params.gNeg), gPos = at(params.gPos);
  const w = alpha + at(params.beta);
  return {
    alpha, w, gNeg, gPos, shift: at(params.shift), k: (gPos - gNeg) * 0.5 / w,
    lo: gNeg === 0 ? -FLT_MAX : -Infinity, hi: gPos === 0 ? FLT_MAX : Infinity, d: (gPos - gNeg) / w,
  };
}

/**
 * Writes every channel's constants into a scratch heap buffer in the SIMD
 * module's 4-channel block layout and returns it (free it with
 * `backend.disposeData`). Allocates: take heap views only afterwards.
 */
export function writeChannelConstants(
    backend: WasmBackendLike, params: GeneralizedSmeLUParamValues, channels: number): TensorInfo {
  const blocks = Math.ceil(channels / 4);
  const scratch = backend.makeOutput([blocks * CONSTANT_BLOCK_BYTES / 4], 'float32');
  const view = backend.typedArrayFromHeap(scratch) as Float32Array;
  view.fill(0);
  for (let ch = 0; ch < channels; ++ch) {
    const k = channelConstants(params, ch);
    const base = (ch >> 2) * 4 * CONSTANT_FIELDS + (ch & 3);
    const fields = [k.alpha, k.w, k.gNeg, k.gPos, k.shift, k.k, k.lo, k.hi, k.d];
    for (let f = 0; f < CONSTANT_FIELDS; ++f) view[base + 4 * f] = fields[f];
  }
  return scratch;
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

function forwardSimd(
    simd: SmeLUSimdExports, backend: WasmBackendLike, inputs: GeneralizedSmeLUInputs, out: TensorInfo,
    params: GeneralizedSmeLUParamValues, layout: ChannelLayout, route: 'single'|'channels'|'blocks'): void {
  const xOffset = backend.getMemoryOffset(inputs.x.dataId);
  const outOffset = backend.getMemoryOffset(out.dataId);
  const {outer, channels, inner} = layout;
  if (route === 'channels') {
    const scratch = writeChannelConstants(backend, params, channels);
    try {
      simd.gsmeluChannels(xOffset, outOffset, outer, channels, backend.getMemoryOffset(scratch.dataId));
    } finally {
      backend.disposeData(scratch.dataId);
    }
    return;
  }
  for (let o = 0; o < outer; ++o) {
    for (let ch = 0; ch < channels; ++ch) {
      const k = channelConstants(params, ch);
      const start = 4 * (o * channels + ch) * inner;
      simd.gsmelu(xOffset + start, outOffset + start, inner, k.alpha, k.w, k.gNeg, k.gPos, k.shift, k.k, k.lo, k.hi);
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
  const params = readGeneralizedSmeLUParamsWasm(backend, inputs, axis, GeneralizedSmeLUKernelName);
  const out = backend.makeOutput(inputs.x.shape, 'float32');
  if (util.sizeFromShape(inputs.x.shape) === 0) return out;
  const layout = channelLayout(inputs.x.shape, axis, params);
  const route = simdRoute(layout);
  const simd = inputs.x.dtype === 'float32' && route != null ? simdKernelsFor(backend) : null;
  if (simd != null && route != null) {
    forwardSimd(simd, backend, inputs, out, params, layout, route);
  } else {
    // Views only after makeOutput: allocating can grow the heap and detach earlier views.
    generalizedSmeluForwardLoop(
        backend.typedArrayFromHeap(inputs.x), backend.typedArrayFromHeap(out) as Float32Array, params, layout);
  }
  return out;
}

export const generalizedSmeluWasmConfig: KernelConfig = {
  kernelName: GeneralizedSmeLUKernelName,
  backendName: 'wasm',
  kernelFunc: generalizedSmeluWasm as unknown as KernelFunc,
};
