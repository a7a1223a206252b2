/**
 * Branch-free element loops shared by the CPU kernels (and by any backend
 * that computes on a JS typed array, such as the wasm heap).
 *
 * Why branch-free: on mixed-sign activations a `x <= -b ? 0 : ...` chain
 * mispredicts about every other element; Math.min/Math.max compile to
 * min/max instructions and keep the loop at memory speed. Both forms give
 * the same float32 results, NaN propagating through min/max.
 */
import type {NumericArray} from '../backend_types';

/** out[i] = SmeLU(x[i]) via f = (c+β)²/(4β) + max(x−β, 0), c = clip(x, −β, β). */
export function smeluForwardLoop(x: NumericArray, out: Float32Array, beta: number): void {
  const quarterInvBeta = 0.25 / beta;
  const n = x.length;
  for (let i = 0; i < n; ++i) {
    const v = x[i];
    const s = Math.min(Math.max(v, -beta), beta) + beta;
    out[i] = s * s * quarterInvBeta + Math.max(v - beta, 0);
  }
}

/** out[i] = dy[i] · clip((x[i] + β) / (2β), 0, 1). */
export function smeluBackwardLoop(
    dy: NumericArray, x: NumericArray, out: Float32Array, beta: number): void {
  const halfInvBeta = 0.5 / beta;
  const n = x.length;
  for (let i = 0; i < n; ++i) {
    const slope = Math.min(Math.max((x[i] + beta) * halfInvBeta, 0), 1);
    out[i] = dy[i] * slope;
  }
}
