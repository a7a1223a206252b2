/**
 * Loads our SmeLU / g-SmeLU SIMD module (smelu_simd.wat) against the wasm backend's own
 * heap memory, once per memory. Returns null where it cannot run: no wasm
 * SIMD in this engine, a shared (threaded) heap, or a backend that does not
 * expose its memory; the kernels then use the JavaScript loops.
 *
 * Every kernel call goes through {@link simdKernelsFor}: its common case is
 * one WeakMap lookup (the answer for each memory is kept, null included).
 */
import {ConstantBlockCache} from './constant_block_cache';
import {SMELU_SIMD_WASM_BASE64} from './smelu_simd_module';
import type {WasmBackendLike} from './wasm_backend_types';

/** The module's functions (smelu_simd.wat): byte offsets into the heap, counts, float32 constants. */
export interface SmeLUSimdExports {
  smelu(xOffset: number, outOffset: number, size: number, beta: number): void;
  smeluGrad(dyOffset: number, xOffset: number, outOffset: number, size: number, beta: number): void;
  /**
   * g-SmeLU over `size` elements sharing one set of constants (α, w, g₋, g₊, t, k, lo, hi); with
   * lo = −∞ and hi = +∞ (no zero slope) it runs a loop without the clamps.
   */
  gsmelu(
      xOffset: number, outOffset: number, size: number, alpha: number, w: number, gNeg: number, gPos: number,
      shift: number, k: number, lo: number, hi: number): void;
  /**
   * g-SmeLU over rows × channels (channels last), constants in 4-channel blocks at `constOffset`;
   * `clamp` 0 where no channel has a zero slope (every lo = −∞, hi = +∞), else 1.
   */
  gsmeluChannels(
      xOffset: number, outOffset: number, rows: number, channels: number, constOffset: number, clamp: number): void;
  /**
   * Writes the constants of `channels` channels in the block layout at `constOffset` from the five
   * parameters (byte offsets, each with its step per channel: 0 for a single value, 4 for one per
   * channel). Returns bit 0: a zero slope somewhere; bit 1: an invalid value somewhere.
   */
  gsmeluConstants(
      alpha: number, alphaStep: number, beta: number, betaStep: number, gNeg: number, gNegStep: number, gPos: number,
      gPosStep: number, shift: number, shiftStep: number, channels: number, constOffset: number): number;
  /** dy·∂f/∂x over `size` elements, one set of constants (α, w, g₋, d). */
  gsmeluGradX(
      dyOffset: number, xOffset: number, outOffset: number, size: number, alpha: number, w: number, gNeg: number,
      d: number): void;
  /** dy·∂f/∂x over rows × channels (channels last), constants in 4-channel blocks at `constOffset`. */
  gsmeluGradXChannels(
      dyOffset: number, xOffset: number, outOffset: number, rows: number, channels: number, constOffset: number): void;
  /**
   * Σ dy·∂f/∂p over `size` elements, one set of constants (α, w, g₋, d = g₊ − g₋, 1/w), in float64;
   * `which`: 0 α, 1 β, 2 g₋, 3 g₊, 4 t.
   */
  gsmeluParamGrad(
      which: number, dyOffset: number, xOffset: number, size: number, alpha: number, w: number, gNeg: number, d: number,
      invW: number): number;
}

/** The module instantiated on one backend's heap, with a float32 view of that heap and its allocator. */
export interface SmeLUSimdKernels {
  exports: SmeLUSimdExports;
  /**
   * Runs `run` with a scratch buffer of `bytes` bytes on the heap (its byte
   * offset), then frees it: the backend's own malloc, without the
   * bookkeeping of a tensor. Allocates: take heap views inside `run`.
   */
  withScratch<T>(bytes: number, run: (offset: number) => T): T;
  /** g-SmeLU's per-channel constants of recent parameter sets, on this heap. */
  constantBlocks: ConstantBlockCache;
  /**
   * Byte offset of five float32 slots on this heap, one per g-SmeLU
   * parameter, where the kernels put the parameters given as numbers, so
   * that the SIMD module reads every parameter from the heap alike.
   * Allocated once per heap (and never freed: 32 bytes).
   */
  paramSlots: number;
  /**
   * A float32 view of the whole heap, current at the time of the call (a
   * heap that grew gets a new view): take it after the call's allocations.
   */
  heapF32(): Float32Array;
}

let compiled: WebAssembly.Module|null|undefined;
/** Per heap memory: its kernels, or null where they cannot run on it. */
const instances = new WeakMap<object, SmeLUSimdKernels|null>();
let simdEnabled = true;

/**
 * Turns the SIMD path off (true → on again) so the JavaScript loops can be
 * tested and timed on the same backend. Not part of the public API.
 */
export function setSmeLUWasmSimdEnabled(enabled: boolean): void {
  simdEnabled = enabled;
}

function compileOnce(): WebAssembly.Module|null {
  if (compiled === undefined) {
    try {
      const bytes = Uint8Array.from(atob(SMELU_SIMD_WASM_BASE64), (c) => c.charCodeAt(0));
      compiled = new WebAssembly.Module(bytes);
    } catch {
      compiled = null;  // no SIMD (or no WebAssembly) here
    }
  }
  return compiled;
}

type Malloc = (bytes: number) => number;
type Free = (offset: number) => void;

function instantiate(
    memory: WebAssembly.Memory, module: WebAssembly.Module, malloc: Malloc, free: Free): SmeLUSimdKernels|null {
  const paramSlots = malloc(32);
  if (paramSlots === 0) return null;
  const exports = new WebAssembly.Instance(module, {env: {memory}}).exports as unknown as SmeLUSimdExports;
  let buffer: ArrayBuffer|null = null;
  let view = new Float32Array(0);
  return {
    exports,
    withScratch: <T>(bytes: number, run: (offset: number) => T): T => {
      const offset = malloc(Math.max(bytes, 16));
      if (offset === 0) throw new Error(`wasm: could not allocate ${bytes} bytes of scratch memory`);
      try {
        return run(offset);
      } finally {
        free(offset);
      }
    },
    constantBlocks: new ConstantBlockCache(malloc, free),
    paramSlots,
    heapF32: () => {
      // The same ArrayBuffer until the heap grows; then a new one, and the old view is detached.
      if (memory.buffer !== buffer) {
        buffer = memory.buffer;
        view = new Float32Array(buffer);
      }
      return view;
    },
  };
}

function lookUp(memory: object, wasm: NonNullable<WasmBackendLike['wasm']>): SmeLUSimdKernels|null {
  if (typeof WebAssembly === 'undefined' || !(memory instanceof WebAssembly.Memory)) return null;
  // A threaded build's heap is shared; our module imports an unshared memory.
  if (typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer) return null;
  const {_malloc: malloc, _free: free} = wasm;
  if (typeof malloc !== 'function' || typeof free !== 'function') return null;
  const module = compileOnce();
  return module == null ? null : instantiate(memory, module, malloc as Malloc, free as Free);
}

export function simdKernelsFor(backend: WasmBackendLike): SmeLUSimdKernels|null {
  if (!simdEnabled) return null;
  const wasm = backend.wasm;
  const memory = wasm?.asm?.memory;
  if (wasm == null || memory == null || typeof memory !== 'object') return null;
  let kernels = instances.get(memory);
  if (kernels === undefined) {
    kernels = lookUp(memory, wasm);
    instances.set(memory, kernels);
  }
  return kernels;
}
