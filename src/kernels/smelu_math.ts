/**
 * SmeLU math shared by the kernels of every backend that computes on the
 * host: the cpu kernels, the wasm kernels' JavaScript fallback and the
 * tensorflow kernels' host path run these loops, and the wasm and tensorflow
 * kernels take their float32-safe β range and the β = hi + lo split from here.
 *
 * Why this shape: V8 compiles `Math.min`/`Math.max` and float ternaries into
 * compare-and-jump code (they must handle NaN and −0), so on mixed-sign
 * activations every other element mispredicts and the loop runs at about
 * tfjs's own relu speed (~7 ns/element). The fast loops below use only
 * `+ − ×` and `Math.abs` (a bit mask), with relu(t) = (t + |t|) / 2, which is
 * exact in float64 for finite t. The rare inputs those forms cannot take
 * (±Infinity, NaN, magnitudes near the float64 limits) go through the exact
 * clip formulas, so results stay identical to them within float32 rounding.
 */
import type {NumericArray} from './backend_types';

/**
 * β above this could overflow `x + β + |x + β|` in float64; the backward
 * kernel then uses the exact (branchy) loop throughout.
 */
const MAX_FAST_BETA = 1e300;

/**
 * The forward fast path needs every finite input to give a finite float64
 * result (so that only non-finite inputs need the exact formula): with
 * |x| < 2^128 that holds for β in this range (1/β finite, (a − b)² ≤ 64β²).
 */
const FORWARD_FAST_BETA_RANGE = [1e-300, 1e150] as const;

/**
 * The backward fast path is exact enough (slope within 2^-32 of 1 beyond β)
 * only while x + β and x − β carry the 2β gap to about 2^-32 relative: that
 * holds for |x| < 2^20·β.
 */
const BACKWARD_FAST_RANGE = 1048576;

/** SmeLU(v) via clip: exact for every input, NaN → NaN, −∞ → 0, +∞ → +∞. */
function smeluExact(v: number, beta: number): number {
  const s = Math.min(Math.max(v, -beta), beta) + beta;
  return s * s * (0.25 / beta) + Math.max(v - beta, 0);
}

/** dy · clip((v + β) / (2β), 0, 1), exact for every input. */
function smeluGradExact(dy: number, v: number, beta: number): number {
  return dy * Math.min(Math.max((v + beta) * (0.5 / beta), 0), 1);
}

/**
 * out[i] = SmeLU(x[i]).
 *
 * With a = relu(x+β), b = relu(x−β): f = b + (a − b)²/(4β). Below −β both
 * are exactly 0; inside, b = 0 and f = a²/(4β); above, a − b ≈ 2β and any
 * rounding of it is at most ulp(x), far below float32 precision of f ≈ x.
 * Four elements per iteration: fewer loop and bounds-check instructions, and
 * independent work for the CPU to overlap (about 20% faster than one); the
 * ±∞/NaN probe reads the inputs, one add per element less than the results.
 */
export function smeluForwardLoop(x: NumericArray, out: Float32Array, beta: number): void {
  const n = x.length;
  if (!(beta >= FORWARD_FAST_BETA_RANGE[0] && beta <= FORWARD_FAST_BETA_RANGE[1])) {
    for (let i = 0; i < n; ++i) out[i] = smeluExact(x[i], beta);
    return;
  }
  // f = (2b + (2a − 2b)² · q2) / 2 with q2 = 1/(8β); 2a, 2b computed as t + |t|.
  const q2 = 0.125 / beta;
  // Any ±∞/NaN input turns this sum into NaN; checking it once after the
  // loop keeps the loop free of branches.
  let nonFiniteProbe = 0;
  const end4 = n - (n % 4);
  let i = 0;
  for (; i < end4; i += 4) {
    const v0 = x[i], v1 = x[i + 1], v2 = x[i + 2], v3 = x[i + 3];
    const up0 = v0 + beta, up1 = v1 + beta, up2 = v2 + beta, up3 = v3 + beta;
    const dn0 = v0 - beta, dn1 = v1 - beta, dn2 = v2 - beta, dn3 = v3 - beta;
    const twoB0 = dn0 + Math.abs(dn0), twoB1 = dn1 + Math.abs(dn1);
    const twoB2 = dn2 + Math.abs(dn2), twoB3 = dn3 + Math.abs(dn3);
    const gap0 = up0 + Math.abs(up0) - twoB0, gap1 = up1 + Math.abs(up1) - twoB1;
    const gap2 = up2 + Math.abs(up2) - twoB2, gap3 = up3 + Math.abs(up3) - twoB3;
    nonFiniteProbe += ((v0 + v1) + (v2 + v3)) * 0;
    out[i] = (twoB0 + gap0 * gap0 * q2) * 0.5;
    out[i + 1] = (twoB1 + gap1 * gap1 * q2) * 0.5;
    out[i + 2] = (twoB2 + gap2 * gap2 * q2) * 0.5;
    out[i + 3] = (twoB3 + gap3 * gap3 * q2) * 0.5;
  }
  for (; i < n; ++i) out[i] = smeluExact(x[i], beta);
  if (nonFiniteProbe !== 0) {
    for (let j = 0; j < end4; ++j) {
      if (!(Math.abs(x[j]) < Infinity)) out[j] = smeluExact(x[j], beta);
    }
  }
}

/**
 * out[i] = dy[i] · clip((x[i] + β) / (2β), 0, 1).
 *
 * The slope is (relu(x+β) − relu(x−β)) / (2β): exactly 0 below −β, exactly
 * the clip inside, and 1 to within 2^-32 above β while |x| < 2^20·β. Groups
 * of four where some |x| is beyond that, or NaN/±∞, are redone with the
 * exact clip; the one (well-predicted) branch per group tests the sum of the
 * magnitudes (a max would compile to branches again).
 */
export function smeluBackwardLoop(dy: NumericArray, x: NumericArray, out: Float32Array, beta: number): void {
  const n = x.length;
  if (!(beta <= MAX_FAST_BETA)) {
    for (let i = 0; i < n; ++i) out[i] = smeluGradExact(dy[i], x[i], beta);
    return;
  }
  const h4 = 0.25 / beta;
  const fastRange = beta * BACKWARD_FAST_RANGE;
  const end4 = n - (n % 4);
  let i = 0;
  for (; i < end4; i += 4) {
    const v0 = x[i], v1 = x[i + 1], v2 = x[i + 2], v3 = x[i + 3];
    const up0 = v0 + beta, up1 = v1 + beta, up2 = v2 + beta, up3 = v3 + beta;
    const dn0 = v0 - beta, dn1 = v1 - beta, dn2 = v2 - beta, dn3 = v3 - beta;
    out[i] = dy[i] * ((up0 + Math.abs(up0) - (dn0 + Math.abs(dn0))) * h4);
    out[i + 1] = dy[i + 1] * ((up1 + Math.abs(up1) - (dn1 + Math.abs(dn1))) * h4);
    out[i + 2] = dy[i + 2] * ((up2 + Math.abs(up2) - (dn2 + Math.abs(dn2))) * h4);
    out[i + 3] = dy[i + 3] * ((up3 + Math.abs(up3) - (dn3 + Math.abs(dn3))) * h4);
    if (!((Math.abs(v0) + Math.abs(v1)) + (Math.abs(v2) + Math.abs(v3)) < fastRange)) {
      for (let j = i; j < i + 4; ++j) out[j] = smeluGradExact(dy[j], x[j], beta);
    }
  }
  for (; i < n; ++i) out[i] = smeluGradExact(dy[i], x[i], beta);
}

/**
 * β as float32 kernels see it (wasm SIMD lanes, TensorFlow's float32 ops).
 * A β that float32 cannot hold exactly (0.1, 3.7, ...) would shift the kink
 * at −β by up to half an ulp, which near x = −β, where f and f′ are tiny, is
 * a large relative error against the float64-β cpu kernel. Splitting
 * β = hi + lo restores it: x + hi is exact near −β (Sterbenz), and adding lo
 * then rounds once.
 */
export interface SplitBeta {
  /** float32(β). */
  hi: number;
  /** β − hi, 0 when β is a float32; added as a second step when not 0. */
  lo: number;
}

/**
 * β range of the float32 kernels (wasm SIMD, tensorflow's native op and stock
 * op chain); outside it they compute on the host with the float64 loops
 * above. In it, with s = x + β the distance past −β, every step of
 * f = s · (s · 1/(4β)) stays in float32's normal range unless f itself does
 * not: a non-zero s is ≥ β·2^-53 (β's float64 remainder lo, or half an ulp
 * of float32(β)), which is above 2^-126 for β ≥ 1e-18; s/(4β) is ≥ s for
 * β ≤ 1/4 and ≥ 2^-55 above; 1/(4β) and 1/(2β) are finite; and s ≤ 2β,
 * s/(4β) ≤ 1/2, f ≤ β never overflow. So only the last product can round
 * into the subnormals, exactly where the float64 result, rounded to float32,
 * is subnormal too.
 *
 * The order matters: s² · 1/(4β) squares first, and s² < f whenever β < 1/4.
 * Near −β that square leaves the normal range while f does not, for β below
 * about 2^-39 (≈ 1.8e-12) where s is half an ulp of float32(β) (s² ≈ β²·2^-48
 * < 2^-126) and, through a small remainder lo, for some β up to 1/4; it
 * then lost precision or became 0 (at β = 1e-13, f ≈ 1e-28 came out 0).
 */
const MIN_FLOAT32_BETA = 1e-18;
const MAX_FLOAT32_BETA = 1e18;

export function float32SafeBeta(beta: number): boolean {
  return beta >= MIN_FLOAT32_BETA && beta <= MAX_FLOAT32_BETA;
}

export function splitBeta(beta: number): SplitBeta {
  const hi = Math.fround(beta);
  // lo is rounded to float32 as well: its own error is ~2^-48 β.
  return {hi, lo: Math.fround(beta - hi)};
}
