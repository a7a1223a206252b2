/**
 * Element loops of the g-SmeLU cpu kernels. With u = x + α, w = α + β,
 * c = clip(u, 0, w) and D = g₊ − g₋, the piecewise definition (docs/generalized-smelu.md) is
 *
 *   f = t + g₋·min(u, 0) + c·(g₋ + D·c/(2w)) + g₊·max(u − w, 0),
 *
 * where at most one of the outer terms is non-zero, so no branch's value is
 * computed only to be cancelled by another (the a·x² + b·x + c form would
 * cancel large terms near x = β). Partial derivatives, with r = c/w:
 *   ∂f/∂x = g₋ + D·r            ∂f/∂α = g₋ + D·r − D·r²/2    ∂f/∂β = −D·r²/2
 *   ∂f/∂g₋ = min(u,0) + c − c²/(2w)   ∂f/∂g₊ = c²/(2w) + max(u − w, 0)   ∂f/∂t = 1
 * Arithmetic is in float64 (JS numbers) and rounded once on store.
 *
 * A zero slope times an infinite distance counts as 0: the flat side of the
 * function stays flat at x = ±Infinity (as `smelu(-Infinity)` is 0).
 *
 * Speed: `Math.min`/`Math.max` compile to compare-and-jump code that
 * mispredicts on mixed-sign data (see smelu_math.ts), so the hot path uses
 * relu(v) = (v + |v|)/2, exact in float64, and c = relu(u) − relu(u − w)
 * (exact inside, within ulp(u) of w beyond β). One well-predicted branch per
 * element sends the rare |u| ≥ 2^20·w (where that ulp could matter), ±∞ and
 * NaN to the exact clip formulas.
 */
import type {GeneralizedSmeLUGradTarget} from '../kernel_names';
import type {NumericArray} from './backend_types';

/** Parameter values: each holds 1 value or one per channel. */
export interface GeneralizedSmeLUParamValues {
  alpha: ArrayLike<number>;
  beta: ArrayLike<number>;
  gNeg: ArrayLike<number>;
  gPos: ArrayLike<number>;
  shift: ArrayLike<number>;
}

/** x viewed as [outer, channels, inner]; channels = 1 when every parameter is a single value. */
export interface ChannelLayout {
  outer: number;
  channels: number;
  inner: number;
}

/** The [outer, channels, inner] view of `shape` for per-channel parameters along `axis`. */
export function channelLayout(
    shape: readonly number[], axis: number, params: GeneralizedSmeLUParamValues): ChannelLayout {
  const size = shape.reduce((a, b) => a * b, 1);
  const perChannel = Object.values(params).some((v: ArrayLike<number>) => v.length !== 1);
  if (!perChannel || shape.length === 0) return {outer: 1, channels: 1, inner: size};
  const channels = shape[axis];
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  return {outer: size / Math.max(channels * inner, 1), channels, inner};
}

/** Value of a parameter for channel `ch` (a single value serves every channel). */
function at(values: ArrayLike<number>, ch: number): number {
  return values.length === 1 ? values[0] : values[ch];
}

/** Per-channel constants, computed once per call rather than once per element. */
interface ChannelConstants {
  alpha: Float64Array;
  w: Float64Array;
  gNeg: Float64Array;
  gPos: Float64Array;
  shift: Float64Array;
  /** (g₊ − g₋)/(2w) */
  dHalfInvW: Float64Array;
}

function channelConstants(params: GeneralizedSmeLUParamValues, channels: number): ChannelConstants {
  const k = {
    alpha: new Float64Array(channels),
    w: new Float64Array(channels),
    gNeg: new Float64Array(channels),
    gPos: new Float64Array(channels),
    shift: new Float64Array(channels),
    dHalfInvW: new Float64Array(channels),
  };
  for (let ch = 0; ch < channels; ++ch) {
    k.alpha[ch] = at(params.alpha, ch);
    k.w[ch] = k.alpha[ch] + at(params.beta, ch);
    k.gNeg[ch] = at(params.gNeg, ch);
    k.gPos[ch] = at(params.gPos, ch);
    k.shift[ch] = at(params.shift, ch);
    k.dHalfInvW[ch] = (k.gPos[ch] - k.gNeg[ch]) * 0.5 / k.w[ch];
  }
  return k;
}

/** |u| below 2^20·w takes the relu-based fast path (see the file comment). */
const FAST_RANGE = 1048576;

/** clip(u, 0, w) by the exact formula: any u, NaN → NaN. */
function clipExact(u: number, w: number): number {
  return Math.min(Math.max(u, 0), w);
}

/** clip(u, 0, w): relu-based while |u| < fastRange (2^20·w), the exact formula otherwise. */
function clipToWidth(u: number, w: number, fastRange: number): number {
  if (Math.abs(u) < fastRange) {
    const s = u - w;
    return 0.5 * (u + Math.abs(u) - (s + Math.abs(s)));
  }
  return clipExact(u, w);
}

/** f by the exact formula, zero slopes kept out of 0·∞. */
function forwardExact(u: number, w: number, gNeg: number, gPos: number, t: number, dHalfInvW: number): number {
  const c = clipExact(u, w);
  const left = gNeg === 0 ? 0 : gNeg * Math.min(u, 0);
  const right = gPos === 0 ? 0 : gPos * Math.max(u - w, 0);
  return t + left + c * (gNeg + dHalfInvW * c) + right;
}

/** out = f(x), one pass. */
export function generalizedSmeluForwardLoop(
    x: NumericArray, out: Float32Array, params: GeneralizedSmeLUParamValues, layout: ChannelLayout): void {
  const {outer, channels, inner} = layout;
  const k = channelConstants(params, channels);
  for (let o = 0; o < outer; ++o) {
    for (let ch = 0; ch < channels; ++ch) {
      const alpha = k.alpha[ch], w = k.w[ch], gNeg = k.gNeg[ch], gPos = k.gPos[ch];
      const t = k.shift[ch], dHalfInvW = k.dHalfInvW[ch];
      const halfGNeg = 0.5 * gNeg, halfGPos = 0.5 * gPos;
      const fastRange = FAST_RANGE * w;
      const start = (o * channels + ch) * inner;
      for (let i = start; i < start + inner; ++i) {
        const u = x[i] + alpha;
        if (Math.abs(u) < fastRange) {
          const s = u - w;
          const twoReluS = s + Math.abs(s);
          const c = 0.5 * (u + Math.abs(u) - twoReluS);
          // min(u, 0) = (u − |u|)/2, relu(u − w) = twoReluS/2.
          out[i] = t + halfGNeg * (u - Math.abs(u)) + c * (gNeg + dHalfInvW * c) + halfGPos * twoReluS;
        } else {
          out[i] = forwardExact(u, w, gNeg, gPos, t, dHalfInvW);
        }
      }
    }
  }
}

/** out = dy · ∂f/∂x, one pass. */
export function generalizedSmeluInputGradLoop(
    dy: NumericArray, x: NumericArray, out: Float32Array, params: GeneralizedSmeLUParamValues,
    layout: ChannelLayout): void {
  const {outer, channels, inner} = layout;
  const k = channelConstants(params, channels);
  for (let o = 0; o < outer; ++o) {
    for (let ch = 0; ch < channels; ++ch) {
      const alpha = k.alpha[ch], w = k.w[ch], gNeg = k.gNeg[ch];
      const dInvW = 2 * k.dHalfInvW[ch];
      const fastRange = FAST_RANGE * w;
      const start = (o * channels + ch) * inner;
      for (let i = start; i < start + inner; ++i) {
        out[i] = dy[i] * (gNeg + dInvW * clipToWidth(x[i] + alpha, w, fastRange));
      }
    }
  }
}

/**
 * out = Σ dy · ∂f/∂p over every element, reduced per channel when `p` has one
 * value per channel (`out.length` = that parameter's size). Sums in float64.
 */
export function generalizedSmeluParamGradLoop(
    wrt: Exclude<GeneralizedSmeLUGradTarget, 'x'>, dy: NumericArray, x: NumericArray, out: Float32Array,
    params: GeneralizedSmeLUParamValues, layout: ChannelLayout): void {
  const {outer, channels, inner} = layout;
  const k = channelConstants(params, channels);
  const sums = new Float64Array(out.length);
  for (let o = 0; o < outer; ++o) {
    for (let ch = 0; ch < channels; ++ch) {
      const alpha = k.alpha[ch], w = k.w[ch], gNeg = k.gNeg[ch];
      const invW = 1 / w;
      const d = k.gPos[ch] - gNeg;
      const fastRange = FAST_RANGE * w;
      const start = (o * channels + ch) * inner;
      let sum = 0;
      switch (wrt) {
        case 'alpha':
          for (let i = start; i < start + inner; ++i) {
            const r = clipToWidth(x[i] + alpha, w, fastRange) * invW;
            sum += dy[i] * (gNeg + d * r * (1 - 0.5 * r));
          }
          break;
        case 'beta':
          for (let i = start; i < start + inner; ++i) {
            const r = clipToWidth(x[i] + alpha, w, fastRange) * invW;
            sum += dy[i] * (-0.5 * d * r * r);
          }
          break;
        case 'gNeg':
          // ∂f/∂g₋ = min(u, 0) + c − c²/(2w) = u − relu(u) + c − c²/(2w)
          for (let i = start; i < start + inner; ++i) {
            const u = x[i] + alpha;
            const c = clipToWidth(u, w, fastRange);
            const minU = Math.abs(u) < fastRange ? 0.5 * (u - Math.abs(u)) : Math.min(u, 0);
            sum += dy[i] * (minU + c - 0.5 * c * c * invW);
          }
          break;
        case 'gPos':
          // ∂f/∂g₊ = c²/(2w) + relu(u − w)
          for (let i = start; i < start + inner; ++i) {
            const u = x[i] + alpha;
            const c = clipToWidth(u, w, fastRange);
            const s = u - w;
            const reluS = Math.abs(u) < fastRange ? 0.5 * (s + Math.abs(s)) : Math.max(s, 0);
            sum += dy[i] * (0.5 * c * c * invW + reluS);
          }
          break;
        case 'shift':
          for (let i = start; i < start + inner; ++i) sum += dy[i];
          break;
        default:
          throw new Error(`GeneralizedSmeLUGrad: unknown wrt '${String(wrt)}'.`);
      }
      sums[out.length === 1 ? 0 : ch] += sum;
    }
  }
  out.set(sums);
}
