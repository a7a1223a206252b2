import {
  add,
  customGrad,
  div,
  greaterEqual,
  isNaN as isNaNOp,
  mul,
  relu,
  reshape,
  step,
  sub,
  Tensor,
  where,
  zerosLike
} from '@tensorflow/tfjs-core';

import type {GeneralizedSmeLUParamName} from '../kernel_names';

/**
 * g-SmeLU from stock tfjs ops: what `generalizedSmelu` runs on a backend
 * without the fused kernels (the five backends this package registers all
 * have them), and what `generalizedSmeluComposite` runs on any backend.
 * With u = x + α, w = α + β, c = clip(u, 0, w):
 *
 *   f = t + g₋·min(u, 0) + c·(g₋ + (g₊ − g₋)·c/(2w)) + g₊·relu(u − w)
 *
 * About 15 element-wise ops instead of one pass; tfjs's autodiff of these ops
 * gives the gradients with respect to x and every parameter, and broadcasting
 * reduces per-channel parameter gradients over the other axes. Only relu,
 * add, sub, mul, div, where and isNaN are used: their gradients are
 * differentiable again (tfjs's minimum/maximum gradients are not, and do not
 * reduce broadcast axes), so second derivatives work too. The clip c is
 * exact ({@link clipToWidth}); min(u, 0) = u − relu(u).
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
  const reluU = relu(u);
  // w at u's full shape (add's gradient reduces the broadcast axes back).
  const c = clipToWidth(u, add(w, zerosLike(u)));
  const middle = mul(c, add(gNeg, div(mul(sub(gPos, gNeg), c), mul(w, 2))));
  const left = zeroSlopeAtInfinity(mul(gNeg, sub(u, reluU)));
  const right = zeroSlopeAtInfinity(mul(gPos, relu(sub(u, w))));
  return add(add(add(fit(params.shift), left), middle), right);
}

/**
 * c = clip(u, 0, w) for u and w of one shape, exact: where(u ≥ w, w, relu(u))
 * (NaN stays NaN through relu). The relu-only form w − relu(w − relu(u))
 * rounds to ulp(w) inside, which just above −α, where f ≈ c²·(g₊ − g₋)/(2w)
 * is tiny, turned c and f into 0 or into multiples of ulp(w); where's own
 * gradient cannot be differentiated again (logicalNot has no gradient). So
 * the gradient is given here: that of w − relu(w − relu(u)), the same
 * function, with relu′ written as step, which differentiates to 0.
 */
const clipToWidth = customGrad((...args: unknown[]) => {
                      const [u, w, save] = args as [Tensor, Tensor, (tensors: Tensor[]) => void];
                      save([u, w]);
                      return {
                        value: where(greaterEqual(u, w), w, relu(u)),
                        gradFunc: (dy: Tensor, saved: Tensor[]) => {
                          const [savedU, savedW] = saved;
                          const belowWidth = step(sub(savedW, relu(savedU)));  // relu′(w − relu(u))
                          return [mul(dy, mul(belowWidth, step(savedU))), mul(dy, sub(1, belowWidth))];
                        },
                      };
                    }) as (u: Tensor, w: Tensor) => Tensor;

/**
 * A zero slope times an infinite distance is NaN in IEEE arithmetic; the flat
 * side of the function must stay flat at x = ±Infinity (as in the kernels and
 * in `smelu`), so that product becomes 0 (as does u − relu(u) = ∞ − ∞ at
 * x = +∞, where min(u, 0) is 0). With finite parameters a NaN term otherwise
 * means a NaN input, which the middle term still carries to the result.
 *
 * A custom gradient (identity) keeps the NaN test out of autodiff: where's
 * gradient would differentiate through logicalNot(isNaN(term)), which has no
 * gradient, and second derivatives would fail. Identity is exact wherever the
 * term is finite; at ±Infinity inputs no gradient is meaningful anyway.
 */
const zeroSlopeAtInfinity = customGrad((...args: unknown[]) => {
                              const term = args[0] as Tensor;
                              return {value: where(isNaNOp(term), zerosLike(term), term), gradFunc: (dy: Tensor) => dy};
                            }) as (term: Tensor) => Tensor;
