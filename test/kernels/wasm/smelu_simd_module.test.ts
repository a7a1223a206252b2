/**
 * The SIMD module's functions (src/kernels/wasm/smelu_simd.wat) called
 * directly on the wasm backend's heap, against the float64 references: every
 * loop and tail (sizes 0–40 cover the 16- and 8-element main loops, the
 * single vectors and the n mod 4 scalar tails), heap offsets that are not
 * 16-byte aligned, NaN / ±∞ / ±0 / huge inputs, both g-SmeLU forward loops
 * (with and without the zero-slope clamps), odd and even row counts and
 * channel counts that are not multiples of 4 in the channels-last functions,
 * and the per-channel constants (values and flags). Each call must write
 * exactly its output: the floats around it are sentinels that must survive.
 */
import '@tensorflow/tfjs-backend-cpu';

import {setWasmPaths} from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import * as path from 'path';

import {
  CONSTANT,
  channelConstants,
  constantBlockBytes,
  CONSTANTS_PER_CHANNEL,
  HeapParams,
  INVALID_VALUE,
  ZERO_SLOPE
} from '../../../src/kernels/wasm/generalized_smelu_heap_params';
import {SmeLUSimdKernels, simdKernelsFor} from '../../../src/kernels/wasm/simd_kernels';
import type {WasmBackendLike} from '../../../src/kernels/wasm/wasm_backend_types';
import {disableEngineKernelLeakCheck} from '../../support/cpu_agreement';
import {f32Params, lcg, PARAM_SETS, termScale} from '../../support/generalized_smelu_cases';
import {
  GeneralizedSmeLURefParams,
  generalizedSmeluDerivRef,
  generalizedSmeluRef,
  smeluDerivRef,
  smeluRef
} from '../../support/reference';

const wasmDist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
setWasmPaths(wasmDist + path.sep);

const SENTINEL = -12345.5;
const SIZES = [...Array.from({length: 41}, (_, n) => n), 63, 64, 65, 1001];
/** Byte shifts of the buffers from a 16-byte boundary. */
const SHIFTS = [0, 4, 8, 12];
const SPECIAL = [NaN, Infinity, -Infinity, 0, -0, 3e38, -3e38, 1e-30];

let kernels: SmeLUSimdKernels;

beforeAll(async () => {
  await disableEngineKernelLeakCheck();
  expect(await tf.setBackend('wasm')).toBe(true);
  const found = simdKernelsFor(tf.backend() as unknown as WasmBackendLike);
  if (found == null) throw new Error('the SIMD module does not run on this wasm backend');
  kernels = found;
});

/** Float32 inputs around [−spread, spread], with the special values mixed in. */
function inputs(n: number, spread: number, seed: number): Float32Array {
  const rand = lcg(seed);
  return Float32Array.from(
      {length: n}, (_, i) => i % 7 === 3 ? SPECIAL[(i / 7 | 0) % SPECIAL.length] : (rand() * 2 - 1) * spread);
}

/**
 * Runs `call` on heap copies of `arrays` (each placed `shift` bytes past a
 * 16-byte boundary, with a sentinel float before and after) and an output of
 * `n` floats placed the same way; returns the output, after checking that
 * every sentinel survived and the inputs were not written.
 */
function onHeap(arrays: Float32Array[], n: number, shift: number, call: (offsets: number[]) => void): Float32Array {
  const slot = 16 + 4 * n + 16 + 16;  // sentinel, data, sentinel, room to shift
  return kernels.withScratch((arrays.length + 1) * slot + 16, (base) => {
    const aligned = (base + 15) & ~15;
    const offsets = [...arrays, null].map((_, k) => aligned + k * slot + 16 + shift);
    const heap = kernels.heapF32();
    offsets.forEach((offset, k) => {
      heap[offset / 4 - 1] = SENTINEL;
      heap[offset / 4 + n] = SENTINEL;
      if (k < arrays.length)
        heap.set(arrays[k], offset / 4);
      else
        heap.fill(NaN, offset / 4, offset / 4 + n);
    });
    call(offsets);
    const after = kernels.heapF32();
    offsets.forEach((offset, k) => {
      if (after[offset / 4 - 1] !== SENTINEL || after[offset / 4 + n] !== SENTINEL) {
        throw new Error(`n=${n}, shift ${shift}: buffer ${k} was written outside its ${n} floats`);
      }
      if (k < arrays.length &&
          !after.subarray(offset / 4, offset / 4 + n).every((v, i) => Object.is(v, arrays[k][i]))) {
        throw new Error(`n=${n}, shift ${shift}: input ${k} was written`);
      }
    });
    return after.slice(offsets[arrays.length] / 4, offsets[arrays.length] / 4 + n);
  });
}

/** Within `rel` of the float64 reference relative to `scale` (NaN ↔ NaN, infinities exact). */
function expectClose(
    got: Float32Array, expected: (i: number) => number, scale: (i: number) => number, rel: number, what: string): void {
  for (let i = 0; i < got.length; ++i) {
    const e = expected(i);
    const ok = Number.isNaN(e)                                     ? Number.isNaN(got[i]) :
        !Number.isFinite(e) || Math.abs(e) > 3.4028234663852886e38 ? got[i] === Math.fround(e) :
                                                                     Math.abs(got[i] - e) <= rel * scale(i);
    if (!ok) throw new Error(`${what}, element ${i}: got ${got[i]}, expected ${e}`);
  }
}

describe('SmeLU SIMD module on the wasm heap', () => {
  it('smelu: every size 0–40 (and 63, 64, 65, 1001) and alignment, within 1e-6 relative, NaN/±∞ kept', () => {
    for (const beta of [1, 0.1, 2]) {
      for (const n of SIZES) {
        for (const shift of SHIFTS) {
          const x = inputs(n, 4 * beta, n + shift);
          const y = onHeap([x], n, shift, ([xo, out]) => kernels.exports.smelu(xo, out, n, beta));
          expectClose(
              y, (i) => smeluRef(x[i], beta), (i) => Math.max(Math.abs(smeluRef(x[i], beta)), 1e-30), 1e-6,
              `smelu β=${beta} n=${n} shift=${shift}`);
        }
      }
    }
  });

  it('smeluGrad: every size and alignment, within 1e-6 relative', () => {
    for (const beta of [1, 0.1]) {
      for (const n of SIZES) {
        for (const shift of SHIFTS) {
          const x = inputs(n, 4 * beta, 100 + n);
          const dy = inputs(n, 1, 200 + n).map((v) => (Number.isFinite(v) ? v : 0.5));
          const g = onHeap([dy, x], n, shift, ([dyo, xo, out]) => kernels.exports.smeluGrad(dyo, xo, out, n, beta));
          const ref = (i: number) => dy[i] * smeluDerivRef(x[i], beta);
          expectClose(
              g, ref, (i) => Math.max(Math.abs(ref(i)), 1e-30), 1e-6, `smeluGrad β=${beta} n=${n} shift=${shift}`);
        }
      }
    }
  });
});

describe('SmeLU SIMD module: the loop for β a float32 is the general loop without its add of 0', () => {
  /** The module's arithmetic step by step in float32 (Math.fround after each operation): y, or dy·f′. */
  function float32Steps(beta: number) {
    const hi = Math.fround(beta), lo = Math.fround(beta - hi);
    const q = Math.fround(0.25 / beta), h = Math.fround(0.5 / beta), twoBeta = Math.fround(hi + hi);
    const f = Math.fround;
    return {
      forward: (x: number) => {
        if (Number.isNaN(x)) return x;
        const s = Math.min(Math.max(f(f(x + hi) + lo), 0), twoBeta);
        return Math.max(x, f(s * f(s * q)));
      },
      grad: (dy: number, x: number) => f(dy * Math.min(Math.max(f(f(f(x + hi) + lo) * h), 0), 1)),
    };
  }

  it.each([1, 2, 0.5, 0.1, 3.3])('β = %p: every element exactly as the float32 steps give it', (beta) => {
    const loIsZero = Math.fround(beta) === beta;
    const steps = float32Steps(beta);
    const n = 1001;  // 62 passes of the 16-element main loop, then the single vectors and the tail
    const x = inputs(n, 4 * beta, 7).map((v) => (Number.isNaN(v) ? 0.25 : v));
    const dy = inputs(n, 1, 8).map((v) => (Number.isFinite(v) ? v : 0.5));
    const y = onHeap([x], n, 0, ([xo, out]) => kernels.exports.smelu(xo, out, n, beta));
    const g = onHeap([dy, x], n, 0, ([dyo, xo, out]) => kernels.exports.smeluGrad(dyo, xo, out, n, beta));
    for (let i = 0; i < n; ++i) {
      const context = {beta, loIsZero, i, x: x[i]};
      expect({...context, y: y[i]}).toEqual({...context, y: steps.forward(x[i])});
      expect({...context, g: g[i]}).toEqual({...context, g: steps.grad(dy[i], x[i])});
    }
  });
});

/** The constants the JavaScript side computes for one set of parameters (a single channel). */
function constantsOf(p: GeneralizedSmeLURefParams): Float64Array {
  const heap = new Float32Array([p.alpha, p.beta, p.gNeg, p.gPos, p.shift]);
  const params: HeapParams = {
    index: Int32Array.from([0, 1, 2, 3, 4]),
    step: new Int32Array(5),
    layout: {outer: 1, channels: 1, inner: 1},
  };
  const into = new Float64Array(CONSTANTS_PER_CHANNEL);
  channelConstants(heap, params, 0, into, 0);
  return into;
}

/** With zero slopes (the clamps' loop) and without (the loop without them). */
const GSMELU_PARAMS: GeneralizedSmeLURefParams[] = [
  ...PARAM_SETS,
  {alpha: 1.5, beta: 0.5, gNeg: 0.2, gPos: 0, shift: -1},
  {alpha: 0.75, beta: 1.25, gNeg: 0, gPos: 0, shift: 0.3},
];

function gsmeluExpectation(x: Float32Array, p: GeneralizedSmeLURefParams) {
  const q = f32Params(p);
  return {
    f: (i: number) => generalizedSmeluRef(x[i], q),
    scale: (i: number) => Math.abs(generalizedSmeluRef(x[i], q)) + termScale(Number.isFinite(x[i]) ? x[i] : 0, q),
  };
}

describe('g-SmeLU SIMD module on the wasm heap', () => {
  it('gsmelu: both loops (zero slopes or not), every size and alignment, within 2e-6 of the terms\' size', () => {
    for (const p of GSMELU_PARAMS) {
      const k = constantsOf(p);
      for (const n of SIZES) {
        for (const shift of SHIFTS) {
          const x = inputs(n, 3 * (p.alpha + p.beta), 300 + n);
          const y = onHeap(
              [x], n, shift,
              ([xo, out]) => kernels.exports.gsmelu(
                  xo, out, n, k[CONSTANT.alpha], k[CONSTANT.w], k[CONSTANT.gNeg], k[CONSTANT.gPos], k[CONSTANT.shift],
                  k[CONSTANT.k], k[CONSTANT.lo], k[CONSTANT.hi]));
          const {f, scale} = gsmeluExpectation(x, p);
          expectClose(y, f, scale, 2e-6, `gsmelu ${JSON.stringify(p)} n=${n} shift=${shift}`);
        }
      }
    }
  });

  it('gsmeluGradX: every size and alignment', () => {
    for (const p of GSMELU_PARAMS) {
      const k = constantsOf(p);
      const q = f32Params(p);
      for (const n of SIZES) {
        const x = inputs(n, 3 * (p.alpha + p.beta), 400 + n);
        const dy = inputs(n, 1, 500 + n).map((v) => (Number.isFinite(v) ? v : -0.25));
        const g = onHeap(
            [dy, x], n, 4 * (n % 4),
            ([dyo, xo, out]) => kernels.exports.gsmeluGradX(
                dyo, xo, out, n, k[CONSTANT.alpha], k[CONSTANT.w], k[CONSTANT.gNeg], k[CONSTANT.d]));
        const ref = (i: number) => dy[i] * generalizedSmeluDerivRef(x[i], q);
        expectClose(
            g, ref, (i) => Math.abs(dy[i]) * (Math.abs(q.gNeg) + Math.abs(q.gPos)), 2e-6,
            `gsmeluGradX ${JSON.stringify(p)} n=${n}`);
      }
    }
  });

  /** Per-channel parameters: channel c takes PARAM_SETS-like values shifted by c (some channels zero-slope or not). */
  function channelParams(channels: number, zeroSlopes: boolean): GeneralizedSmeLURefParams[] {
    return Array.from({length: channels}, (_, c) => {
      const base = GSMELU_PARAMS[(c * 3 + 1) % GSMELU_PARAMS.length];
      const p = {...base, alpha: base.alpha * (1 + c / 16), shift: base.shift + c / 8};
      if (!zeroSlopes) {
        p.gNeg = p.gNeg === 0 ? 0.05 : p.gNeg;
        p.gPos = p.gPos === 0 ? -0.3 : p.gPos;
      }
      return p;
    });
  }

  /** Writes the constant blocks of `params` with the module's own function; returns its flags. */
  function writeBlocks(params: GeneralizedSmeLURefParams[], constOffset: number, valuesOffset: number): number {
    const channels = params.length;
    const heap = kernels.heapF32();
    ['alpha', 'beta', 'gNeg', 'gPos', 'shift'].forEach((name, j) => {
      params.forEach((p, c) => {
        heap[valuesOffset / 4 + j * channels + c] = p[name as keyof GeneralizedSmeLURefParams];
      });
    });
    const at = (j: number) => valuesOffset + 4 * j * channels;
    return kernels.exports.gsmeluConstants(at(0), 4, at(1), 4, at(2), 4, at(3), 4, at(4), 4, channels, constOffset);
  }

  it('gsmeluConstants: the JavaScript side\'s float64 constants rounded to float32, and the flags', () => {
    for (const channels of [1, 3, 4, 5, 9]) {
      for (const zeroSlopes of [false, true]) {
        const params = channelParams(channels, zeroSlopes);
        kernels.withScratch(constantBlockBytes(channels) + 4 * 5 * channels, (constOffset) => {
          const flags = writeBlocks(params, constOffset, constOffset + constantBlockBytes(channels));
          expect(flags & INVALID_VALUE).toBe(0);
          expect((flags & ZERO_SLOPE) !== 0).toBe(params.some((p) => p.gNeg === 0 || p.gPos === 0));
          const heap = kernels.heapF32();
          params.forEach((p, c) => {
            const expected = constantsOf(p);
            for (let f = 0; f < CONSTANTS_PER_CHANNEL; ++f) {
              const got = heap[constOffset / 4 + (c >> 2) * 4 * CONSTANTS_PER_CHANNEL + 4 * f + (c & 3)];
              expect({channel: c, field: f, value: got})
                  .toEqual({channel: c, field: f, value: Math.fround(expected[f])});
            }
          });
        });
      }
    }
    // Invalid values: α, β must be finite and > 0, the others finite.
    for (const bad
             of [{beta: 0}, {alpha: -1}, {beta: Infinity}, {alpha: NaN}, {gNeg: Infinity}, {gPos: NaN},
                 {shift: -Infinity}]) {
      const params = channelParams(5, false);
      params[3] = {...params[3], ...bad};
      kernels.withScratch(constantBlockBytes(5) + 4 * 5 * 5, (constOffset) => {
        expect({
          bad,
          invalid: (writeBlocks(params, constOffset, constOffset + constantBlockBytes(5)) & INVALID_VALUE) !== 0
        }).toEqual({bad, invalid: true});
      });
    }
  });

  it('gsmeluChannels: odd and even rows, channels not multiples of 4, both loops', () => {
    for (const channels of [1, 2, 3, 4, 5, 7, 8, 13, 125]) {
      for (const rows of [0, 1, 2, 3, 4, 7]) {
        for (const zeroSlopes of [false, true]) {
          const params = channelParams(channels, zeroSlopes);
          const n = rows * channels;
          const x = inputs(n, 6, 600 + n + channels);
          const y = kernels.withScratch(constantBlockBytes(channels) + 4 * 5 * channels, (constOffset) => {
            const flags = writeBlocks(params, constOffset, constOffset + constantBlockBytes(channels));
            return onHeap(
                [x], n, 4 * (channels % 4),
                ([xo, out]) =>
                    kernels.exports.gsmeluChannels(xo, out, rows, channels, constOffset, flags & ZERO_SLOPE));
          });
          const expectations = params.map((p) => gsmeluExpectation(x, p));
          expectClose(
              y, (i) => expectations[i % channels].f(i), (i) => expectations[i % channels].scale(i), 2e-6,
              `gsmeluChannels rows=${rows} channels=${channels} zeroSlopes=${zeroSlopes}`);
        }
      }
    }
  });

  it('gsmeluGradXChannels: odd and even rows, channels not multiples of 4', () => {
    for (const channels of [1, 3, 4, 6, 13]) {
      for (const rows of [1, 2, 5]) {
        const params = channelParams(channels, true);
        const n = rows * channels;
        const x = inputs(n, 6, 700 + n);
        const dy = inputs(n, 1, 800 + n).map((v) => (Number.isFinite(v) ? v : 2));
        const g = kernels.withScratch(constantBlockBytes(channels) + 4 * 5 * channels, (constOffset) => {
          writeBlocks(params, constOffset, constOffset + constantBlockBytes(channels));
          return onHeap(
              [dy, x], n, 8,
              ([dyo, xo, out]) => kernels.exports.gsmeluGradXChannels(dyo, xo, out, rows, channels, constOffset));
        });
        const q = params.map(f32Params);
        const ref = (i: number) => dy[i] * generalizedSmeluDerivRef(x[i], q[i % channels]);
        expectClose(
            g, ref, (i) => Math.abs(dy[i]) * (Math.abs(q[i % channels].gNeg) + Math.abs(q[i % channels].gPos)), 2e-6,
            `gsmeluGradXChannels rows=${rows} channels=${channels}`);
      }
    }
  });
});
