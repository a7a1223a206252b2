/**
 * The float64 reference implementation every test compares against: plain
 * JavaScript numbers (IEEE doubles), written from the definitions, sharing no
 * code with the kernels.
 */

/** SmeLU in float64: 0 for x ≤ −β; (x+β)²/(4β) for |x| < β; x for x ≥ β. */
export function smeluRef(x: number, beta: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= -beta) return 0;
  if (x >= beta) return x;
  return (x + beta) * (x + beta) / (4 * beta);
}

/** f′(x) = clip((x+β)/(2β), 0, 1). */
export function smeluDerivRef(x: number, beta: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= -beta) return 0;
  if (x >= beta) return 1;
  return (x + beta) / (2 * beta);
}

/** f″(x) = 1/(2β) for |x| < β, else 0 (0 at the kinks, as the kernels define it). */
export function smeluSecondDerivRef(x: number, beta: number): number {
  return Math.abs(x) < beta ? 1 / (2 * beta) : 0;
}

/** Central finite difference of a float64 function. */
export function centralDifference(f: (x: number) => number, x: number, h = 1e-6): number {
  return (f(x + h) - f(x - h)) / (2 * h);
}

/** Distance in float32 units in the last place between two float32 values. */
export function ulpDistanceF32(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return 0;
  const buf = new DataView(new ArrayBuffer(8));
  const ordered = (v: number) => {
    buf.setFloat32(0, v);
    const bits = buf.getInt32(0);
    // Map the sign-magnitude float bit pattern to a monotonic integer line.
    return bits < 0 ? -(bits & 0x7fffffff) : bits;
  };
  return Math.abs(ordered(a) - ordered(b));
}

/** Largest |a−b| / max(|b|, floor) over two equal-length arrays (NaN must match NaN). */
export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>, floor = 1e-6): number {
  if (actual.length !== expected.length) {
    throw new Error(`length mismatch: ${actual.length} vs ${expected.length}`);
  }
  let worst = 0;
  for (let i = 0; i < actual.length; ++i) {
    const a = actual[i], e = expected[i];
    if (Number.isNaN(e) || Number.isNaN(a)) {
      if (Number.isNaN(e) !== Number.isNaN(a)) return Infinity;
      continue;
    }
    if (a === e) continue;  // covers equal infinities
    worst = Math.max(worst, Math.abs(a - e) / Math.max(Math.abs(e), floor));
  }
  return worst;
}

/** g-SmeLU parameters: half-widths α, β > 0, slopes g₋, g₊, shift t. */
export interface GeneralizedSmeLURefParams {
  alpha: number;
  beta: number;
  gNeg: number;
  gPos: number;
  shift: number;
}

/**
 * Generalized SmeLU in float64, written from the piecewise definition in docs/generalized-smelu.md
 * (the a·x² + b·x + c form, not the kernels' form):
 * x ≤ −α: g₋(x+α) + t; −α < x < β: a x² + b x + c; x ≥ β: g₊x + t + (α+β)g₋/2 + (α−β)g₊/2.
 * A zero slope on an infinite input gives that side's constant value.
 */
export function generalizedSmeluRef(x: number, p: GeneralizedSmeLURefParams): number {
  const {alpha, beta, gNeg, gPos, shift} = p;
  if (Number.isNaN(x)) return NaN;
  if (x <= -alpha) return gNeg === 0 ? shift : gNeg * (x + alpha) + shift;
  const rightConstant = shift + (alpha + beta) * gNeg / 2 + (alpha - beta) * gPos / 2;
  if (x >= beta) return gPos === 0 ? rightConstant : gPos * x + rightConstant;
  const a = (gPos - gNeg) / (2 * (alpha + beta));
  const b = (alpha * gPos + beta * gNeg) / (alpha + beta);
  const c = shift + (alpha * alpha * (gPos + gNeg) + 2 * alpha * beta * gNeg) / (2 * (alpha + beta));
  return a * x * x + b * x + c;
}

/** ∂/∂x of g-SmeLU in float64: g₋, 2ax + b, g₊ on the three pieces. */
export function generalizedSmeluDerivRef(x: number, p: GeneralizedSmeLURefParams): number {
  const {alpha, beta, gNeg, gPos} = p;
  if (Number.isNaN(x)) return NaN;
  if (x <= -alpha) return gNeg;
  if (x >= beta) return gPos;
  const a = (gPos - gNeg) / (2 * (alpha + beta));
  const b = (alpha * gPos + beta * gNeg) / (alpha + beta);
  return 2 * a * x + b;
}

/** SmeLU's derivative with respect to β: (β² − x²)/(4β²) for |x| < β, else 0. */
export function smeluBetaDerivRef(x: number, beta: number): number {
  return Math.abs(x) < beta ? (beta * beta - x * x) / (4 * beta * beta) : 0;
}
