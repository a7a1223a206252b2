import {add, cast, div, engine, greater, greaterEqual, GradConfig, less, logicalAnd, minimum, mul, NamedAttrMap, NamedTensorMap, relu, reshape, sub, sum, Tensor} from '@tensorflow/tfjs-core';

import {GeneralizedSmeLUGradAttrs, GeneralizedSmeLUGradInputs, GeneralizedSmeLUGradKernelName} from '../kernel_names';

/**
 * Gradient of the x-gradient g = dy·f′(x) = dy·(g₋ + D·c/w), with u = x + α,
 * w = α + β, c = clip(u, 0, w), D = g₊ − g₋, so that second derivatives of
 * g-SmeLU work (e.g. gradient penalties):
 *   ∂g/∂dy = f′(x) (the same kernel again)     ∂g/∂x = dy·D/w on 0 < u < w, else 0
 *   ∂g/∂g₋ = dy·(1 − c/w)   ∂g/∂g₊ = dy·c/w   ∂g/∂t = 0
 *   ∂g/∂α = dy·D·([u > 0]·w − c)/w²   ∂g/∂β = dy·D·([u ≥ w]·w − c)/w²
 * (0 taken at the kinks), parameter gradients summed to the parameter's shape.
 * The parameter gradients of a parameter-gradient kernel (`wrt` ≠ 'x') are
 * third-order quantities nobody trains with: asking for them throws.
 */
export const generalizedSmeluGradGradConfig: GradConfig = {
  kernelName: GeneralizedSmeLUGradKernelName,
  inputsToSave: ['dy', 'x', 'alpha', 'beta', 'gNeg', 'gPos', 'shift'],
  gradFunc: (upstream: Tensor|Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [dy, x, alpha, beta, gNeg, gPos, shift] = saved;
    const {axis, wrt} = attrs as GeneralizedSmeLUGradAttrs;
    const up = upstream as Tensor;
    if (wrt !== 'x') {
      const unsupported = () => {
        throw new Error(`GeneralizedSmeLUGrad: derivatives of the ${
            wrt} gradient are not implemented; use generalizedSmeluComposite for higher-order gradients with respect to parameters.`);
      };
      return {dy: unsupported, x: unsupported, alpha: unsupported, beta: unsupported, gNeg: unsupported,
              gPos: unsupported, shift: unsupported};
    }
    const broadcastShape = x.shape.map((_, i) => (i === axis ? -1 : 1));
    const fit = (p: Tensor) => reshape(p, p.size === 1 ? [] : broadcastShape);
    // Σ over every axis the parameter does not have, back to the parameter's shape.
    const reduceTo = (full: Tensor, param: Tensor) => {
      if (param.size === 1) return reshape(sum(full), param.shape);
      const others = x.shape.map((_, i) => i).filter((i) => i !== axis);
      return reshape(sum(full, others), param.shape);
    };
    // Built inside each closure: tfjs runs every closure in its own tidy, so
    // tensors shared between closures would be disposed after the first.
    const pieces = () => {
      const a = fit(alpha), w = add(a, fit(beta)), gn = fit(gNeg);
      const u = add(x, a);
      const upDy = mul(up, dy);
      return {u, w, r: div(minimum(relu(u), w), w), upDy, upDyD: mul(upDy, sub(fit(gPos), gn))};
    };
    return {
      dy: () => {
        const inputs: GeneralizedSmeLUGradInputs = {dy: up, x, alpha, beta, gNeg, gPos, shift};
        return engine().runKernel(
                   GeneralizedSmeLUGradKernelName, inputs as unknown as NamedTensorMap,
                   attrs as unknown as NamedAttrMap) as Tensor;
      },
      x: () => {
        const {u, w, upDyD} = pieces();
        return mul(upDyD, div(cast(logicalAnd(greater(u, 0), less(u, w)), 'float32'), w));
      },
      gNeg: () => {
        const {upDy, r} = pieces();
        return reduceTo(mul(upDy, sub(1, r)), gNeg);
      },
      gPos: () => {
        const {upDy, r} = pieces();
        return reduceTo(mul(upDy, r), gPos);
      },
      shift: () => reduceTo(mul(mul(up, dy), 0), shift),
      alpha: () => {
        const {u, w, r, upDyD} = pieces();
        return reduceTo(mul(upDyD, div(sub(cast(greater(u, 0), 'float32'), r), w)), alpha);
      },
      beta: () => {
        const {u, w, r, upDyD} = pieces();
        return reduceTo(mul(upDyD, div(sub(cast(greaterEqual(u, w), 'float32'), r), w)), beta);
      },
    };
  },
};
