/**
 * Element loops of the g-SmeLU cpu kernels. With u = x + α, w = α + β,
 * c = clip(u, 0, w) and D = g₊ − g₋, the piecewise definition is
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
 */
import type {GeneralizedSmeLUGradTarget} from '../../kernel_names';
import type {NumericArray} from '../backend_types';

/** Parameter values: each holds 1 value or one per channel. */
export interface GSmeLUParamValues {
  alpha: NumericArray;
  beta: NumericArray;
  gNeg: NumericArray;
  gPos: NumericArray;
  shift: NumericArray;
}

/** x viewed as [outer, channels, inner]; channels = 1 when every parameter is a single value. */
export interface ChannelLayout {
  outer: number;
  channels: number;
  inner: number;
}

/** The [outer, channels, inner] view of `shape` for per-channel parameters along `axis`. */
export function channelLayout(shape: readonly number[], axis: number, params: GSmeLUParamValues):
    ChannelLayout {
  const size = shape.reduce((a, b) => a * b, 1);
  const perChannel = Object.values(params).some((v: NumericArray) => v.length !== 1);
  if (!perChannel || shape.length === 0) return {outer: 1, channels: 1, inner: size};
  const channels = shape[axis];
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  return {outer: size / Math.max(channels * inner, 1), channels, inner};
}

/** Value of a parameter for channel `ch` (a single value serves every channel). */
function at(values: NumericArray, ch: number): number {
  return values.length === 1 ? values[0] : values[ch];
}

/** out = f(x), one pass. */
export function gsmeluForwardLoop(
    x: NumericArray, out: Float32Array, params: GSmeLUParamValues, layout: ChannelLayout): void {
  const {outer, channels, inner} = layout;
  for (let o = 0; o < outer; ++o) {
    for (let ch = 0; ch < channels; ++ch) {
      const alpha = at(params.alpha, ch);
      const w = alpha + at(params.beta, ch);
      const gNeg = at(params.gNeg, ch);
      const gPos = at(params.gPos, ch);
      const t = at(params.shift, ch);
      const dHalfInvW = (gPos - gNeg) * 0.5 / w;
      const start = (o * channels + ch) * inner;
      for (let i = start; i < start + inner; ++i) {
        const u = x[i] + alpha;
        const c = Math.min(Math.max(u, 0), w);
        // The slope tests are loop-invariant: well predicted, and they keep 0·∞ out.
        const left = gNeg === 0 ? 0 : gNeg * Math.min(u, 0);
        const right = gPos === 0 ? 0 : gPos * Math.max(u - w, 0);
        out[i] = t + left + c * (gNeg + dHalfInvW * c) + right;
      }
    }
  }
}

/** out = dy · ∂f/∂x, one pass. */
export function gsmeluInputGradLoop(
    dy: NumericArray, x: NumericArray, out: Float32Array, params: GSmeLUParamValues,
    layout: ChannelLayout): void {
  const {outer, channels, inner} = layout;
  for (let o = 0; o < outer; ++o) {
    for (let ch = 0; ch < channels; ++ch) {
      const alpha = at(params.alpha, ch);
      const w = alpha + at(params.beta, ch);
      const gNeg = at(params.gNeg, ch);
      const dInvW = (at(params.gPos, ch) - gNeg) / w;
      const start = (o * channels + ch) * inner;
      for (let i = start; i < start + inner; ++i) {
        const c = Math.min(Math.max(x[i] + alpha, 0), w);
        out[i] = dy[i] * (gNeg + dInvW * c);
      }
    }
  }
}

/**
 * out = Σ dy · ∂f/∂p over every element, reduced per channel when `p` has one
 * value per channel (`out.length` = that parameter's size). Sums in float64.
 */
export function gsmeluParamGradLoop(
    wrt: Exclude<GeneralizedSmeLUGradTarget, 'x'>, dy: NumericArray, x: NumericArray,
    out: Float32Array, params: GSmeLUParamValues, layout: ChannelLayout): void {
  const {outer, channels, inner} = layout;
  const sums = new Float64Array(out.length);
  for (let o = 0; o < outer; ++o) {
    for (let ch = 0; ch < channels; ++ch) {
      const alpha = at(params.alpha, ch);
      const w = alpha + at(params.beta, ch);
      const invW = 1 / w;
      const gNeg = at(params.gNeg, ch);
      const d = at(params.gPos, ch) - gNeg;
      const start = (o * channels + ch) * inner;
      let sum = 0;
      switch (wrt) {
        case 'alpha':
          for (let i = start; i < start + inner; ++i) {
            const r = Math.min(Math.max(x[i] + alpha, 0), w) * invW;
            sum += dy[i] * (gNeg + d * r * (1 - 0.5 * r));
          }
          break;
        case 'beta':
          for (let i = start; i < start + inner; ++i) {
            const r = Math.min(Math.max(x[i] + alpha, 0), w) * invW;
            sum += dy[i] * (-0.5 * d * r * r);
          }
          break;
        case 'gNeg':
          for (let i = start; i < start + inner; ++i) {
            const u = x[i] + alpha;
            const c = Math.min(Math.max(u, 0), w);
            sum += dy[i] * (Math.min(u, 0) + c - 0.5 * c * c * invW);
          }
          break;
        case 'gPos':
          for (let i = start; i < start + inner; ++i) {
            const u = x[i] + alpha;
            const c = Math.min(Math.max(u, 0), w);
            sum += dy[i] * (0.5 * c * c * invW + Math.max(u - w, 0));
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
