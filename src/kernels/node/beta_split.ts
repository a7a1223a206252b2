/**
 * β as TensorFlow sees it: float32 scalars. A β that float32 cannot hold
 * exactly (0.1, 3.7, ...) would shift the kink at −β by up to half an ulp,
 * which near x = −β, where f and f′ are tiny, is a large relative error
 * against the float64-β cpu kernel. Splitting β = hi + lo restores it:
 * x + hi is exact near −β (Sterbenz), and adding lo then rounds once.
 */

export interface SplitBeta {
  /** float32(β). */
  hi: number;
  /** β − hi, 0 when β is a float32; added as a second step when not 0. */
  lo: number;
}

/**
 * β range in which the float32 op chains neither overflow ((2β)² < 3.4e38)
 * nor lose the scale factors 1/(4β), 1/(2β) to subnormals; outside it the
 * kernels compute on the host with the cpu kernel's float64 loops.
 */
const MIN_NATIVE_BETA = 1e-18;
const MAX_NATIVE_BETA = 1e18;

export function nativeBetaSupported(beta: number): boolean {
  return beta >= MIN_NATIVE_BETA && beta <= MAX_NATIVE_BETA;
}

export function splitBeta(beta: number): SplitBeta {
  const hi = Math.fround(beta);
  // lo is rounded to float32 as well: its own error is ~2^-48 β.
  return {hi, lo: Math.fround(beta - hi)};
}
