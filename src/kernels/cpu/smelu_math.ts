/**
 * Element loops shared by the CPU kernels (and by any backend that computes
 * on a JS typed array, such as the wasm heap).
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
import type {NumericArray} from '../backend_types';

/**
 * β above this could overflow `x + β + |x + β|` in float64; the kernels then
 * use the exact (branchy) loops throughout.
 */
const MAX_FAST_BETA = 1e300;

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
 */
export function smeluForwardLoop(x: NumericArray, out: Float32Array, beta: number): void {
  const n = x.length;
  if (!(beta <= MAX_FAST_BETA)) {
    for (let i = 0; i < n; ++i) out[i] = smeluExact(x[i], beta);
    return;
  }
  // (2a − 2b)² · q4 = (a − b)²/(4β); 2a, 2b computed as t + |t| (no halving).
  const q4 = 0.0625 / beta;
  // A non-finite result (from ±∞/NaN input or float64 overflow) turns the
  // sum into NaN; checking once after the loop keeps the loop branch-free.
  let nonFiniteProbe = 0;
  for (let i = 0; i < n; ++i) {
    const v = x[i];
    const up = v + beta;
    const down = v - beta;
    const twoB = down + Math.abs(down);
    const gap = (up + Math.abs(up)) - twoB;
    const r = 0.5 * twoB + gap * gap * q4;
    nonFiniteProbe += r * 0;
    out[i] = r;
  }
  if (nonFiniteProbe !== 0) {
    for (let i = 0; i < n; ++i) {
      if (!(Math.abs(out[i]) < Infinity)) out[i] = smeluExact(x[i], beta);
    }
  }
}

/**
 * out[i] = dy[i] · clip((x[i] + β) / (2β), 0, 1).
 *
 * The slope is (relu(x+β) − relu(x−β)) / (2β): exactly 0 below −β, exactly
 * the clip inside, and 1 to within 2^-32 above β while |x| < 2^20·β. Other
 * elements (and NaN/±∞) take a well-predicted branch to the exact clip.
 */
export function smeluBackwardLoop(
    dy: NumericArray, x: NumericArray, out: Float32Array, beta: number): void {
  const n = x.length;
  if (!(beta <= MAX_FAST_BETA)) {
    for (let i = 0; i < n; ++i) out[i] = smeluGradExact(dy[i], x[i], beta);
    return;
  }
  const h4 = 0.25 / beta;
  const fastRange = beta * BACKWARD_FAST_RANGE;
  for (let i = 0; i < n; ++i) {
    const v = x[i];
    if (Math.abs(v) < fastRange) {
      const up = v + beta;
      const down = v - beta;
      out[i] = dy[i] * (((up + Math.abs(up)) - (down + Math.abs(down))) * h4);
    } else {
      out[i] = smeluGradExact(dy[i], v, beta);
    }
  }
}
