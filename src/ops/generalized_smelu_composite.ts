import {add, broadcastTo, div, isNaN as isNaNOp, minimum, mul, relu, reshape, sub, Tensor, where, zerosLike} from '@tensorflow/tfjs-core';

import type {GeneralizedSmeLUParamName} from './generalized_smelu_params';

/**
 * g-SmeLU from stock tfjs ops, for backends without the fused kernels
 * (everything but `cpu` today). With u = x + α, w = α + β, c = clip(u, 0, w):
 *
 *   f = t + g₋·min(u, 0) + c·(g₋ + (g₊ − g₋)·c/(2w)) + g₊·relu(u − w)
 *
 * About 15 element-wise ops instead of one pass; tfjs's autodiff of these ops
 * gives the gradients with respect to x and every parameter, and broadcasting
 * reduces per-channel parameter gradients over the other axes.
 * Per-channel parameters (shape [C]) are reshaped to broadcast along `axis`.
 */
export function generalizedSmeluFromOps(
    x: Tensor, params: Record<GeneralizedSmeLUParamName, Tensor>, axis: number): Tensor {
  const broadcastShape = x.shape.map((_, i) => (i === axis ? -1 : 1));
  const fit = (p: Tensor) => reshape(p, p.size === 1 ? [] : broadcastShape);
  const alpha = fit(params.alpha);
  const gNeg = fit(params.gNeg);
  const gPos = fit(params.gPos);
  const u = add(x, alpha);
  const w = add(alpha, fit(params.beta));
  // tfjs's Minimum gradient does not reduce over broadcast axes: give it w at full shape.
  const c = minimum(relu(u), broadcastTo(w, x.shape));
  const middle = mul(c, add(gNeg, div(mul(sub(gPos, gNeg), c), mul(w, 2))));
  const left = zeroSlopeAtInfinity(mul(gNeg, minimum(u, 0)));
  const right = zeroSlopeAtInfinity(mul(gPos, relu(sub(u, w))));
  return add(add(add(fit(params.shift), left), middle), right);
}

/**
 * A zero slope times an infinite distance is NaN in IEEE arithmetic; the flat
 * side of the function must stay flat at x = ±Infinity (as in the kernels and
 * in `smelu`), so that product becomes 0. With finite parameters this is the
 * only way the term can be NaN besides a NaN input, which the middle term
 * still carries to the result. (The condition must avoid ops without a
 * registered gradient such as logicalAnd: autodiff walks through it.)
 */
function zeroSlopeAtInfinity(term: Tensor): Tensor {
  return where(isNaNOp(term), zerosLike(term), term);
}
