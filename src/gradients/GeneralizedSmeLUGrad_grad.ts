import {
  add,
  cast,
  div,
  engine,
  greater,
  greaterEqual,
  GradConfig,
  less,
  logicalAnd,
  minimum,
  mul,
  NamedAttrMap,
  NamedTensorMap,
  relu,
  reshape,
  sub,
  sum,
  Tensor
} from '@tensorflow/tfjs-core';

import {
  GeneralizedSmeLUGradAttrs,
  GeneralizedSmeLUGradInputs,
  GeneralizedSmeLUGradKernelName,
  GeneralizedSmeLUParamName
} from '../kernel_names';
import {tensorParamNames} from '../kernels/generalized_smelu_params';

/**
 * Gradient of the x-gradient g = dy·f′(x) = dy·(g₋ + D·c/w), with u = x + α,
 * w = α + β, c = clip(u, 0, w), D = g₊ − g₋, so that second derivatives of
 * g-SmeLU work (e.g. gradient penalties):
 *   ∂g/∂dy = f′(x) (the same kernel again)     ∂g/∂x = dy·D/w on 0 < u < w, else 0
 *   ∂g/∂g₋ = dy·(1 − c/w)   ∂g/∂g₊ = dy·c/w   ∂g/∂t = 0
 *   ∂g/∂α = dy·D·([u > 0]·w − c)/w²   ∂g/∂β = dy·D·([u ≥ w]·w − c)/w²
 * (0 taken at the kinks), parameter gradients summed to the parameter's shape.
 * The kernel's inputs are `[dy, x, ...tensor parameters]` (numbers are
 * attrs), all saved. The parameter gradients of a parameter-gradient kernel
 * (`wrt` ≠ 'x') are third-order quantities nobody trains with: asking for
 * them throws.
 */
export const generalizedSmeluGradGradConfig: GradConfig = {
  kernelName: GeneralizedSmeLUGradKernelName,
  saveAllInputs: true,
  gradFunc: (upstream: Tensor|Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const gradAttrs = attrs as unknown as GeneralizedSmeLUGradAttrs;
    const [dy, x, ...tensors] = saved;
    const {axis, wrt} = gradAttrs;
    const up = upstream as Tensor;
    const names = tensorParamNames(gradAttrs);
    if (wrt !== 'x') {
      const unsupported = () => {
        throw new Error(`GeneralizedSmeLUGrad: derivatives of the ${
            wrt} gradient are not implemented; use generalizedSmeluComposite for higher-order gradients with respect to parameters.`);
      };
      const grads: Record<string, () => Tensor> = {};
      saved.forEach((_, i) => {
        grads[i] = unsupported;
      });
      return grads;
    }
    const broadcastShape = x.shape.map((_, i) => (i === axis ? -1 : 1));
    /** A parameter's value: its number, or its tensor shaped to broadcast against x. */
    const fit = (name: GeneralizedSmeLUParamName): Tensor|number => {
      const value = gradAttrs[name];
      if (value != null) return value;
      const p = tensors[names.indexOf(name)];
      return reshape(p, p.size === 1 ? [] : broadcastShape);
    };
    // Σ over every axis the parameter does not have, back to the parameter's shape.
    const reduceTo = (full: Tensor, param: Tensor) => {
      if (param.size === 1) return reshape(sum(full), param.shape);
      const others = x.shape.map((_, i) => i).filter((i) => i !== axis);
      return reshape(sum(full, others), param.shape);
    };
    // Built inside each closure: tfjs runs every closure in its own tidy, so
    // tensors shared between closures would be disposed after the first.
    const pieces = () => {
      const a = fit('alpha'), w = add(a, fit('beta')), gn = fit('gNeg');
      const u = add(x, a);
      const upDy = mul(up, dy);
      return {u, w, r: div(minimum(relu(u), w), w), upDy, upDyD: mul(upDy, sub(fit('gPos'), gn))};
    };
    const paramGrads: Record<GeneralizedSmeLUParamName, (param: Tensor) => Tensor> = {
      gNeg: (param) => {
        const {upDy, r} = pieces();
        return reduceTo(mul(upDy, sub(1, r)), param);
      },
      gPos: (param) => {
        const {upDy, r} = pieces();
        return reduceTo(mul(upDy, r), param);
      },
      shift: (param) => reduceTo(mul(mul(up, dy), 0), param),
      alpha: (param) => {
        const {u, w, r, upDyD} = pieces();
        return reduceTo(mul(upDyD, div(sub(cast(greater(u, 0), 'float32'), r), w)), param);
      },
      beta: (param) => {
        const {u, w, r, upDyD} = pieces();
        return reduceTo(mul(upDyD, div(sub(cast(greaterEqual(u, w), 'float32'), r), w)), param);
      },
    };
    // Keyed by input position: 0 dy, 1 x, then the tensor parameters in order.
    const grads: Record<string, () => Tensor> = {
      0: () => {
        const inputs: GeneralizedSmeLUGradInputs = [up, x, ...tensors];
        return engine().runKernel(
                   GeneralizedSmeLUGradKernelName, inputs as unknown as NamedTensorMap,
                   attrs as unknown as NamedAttrMap) as Tensor;
      },
      1: () => {
        const {u, w, upDyD} = pieces();
        return mul(upDyD, div(cast(logicalAnd(greater(u, 0), less(u, w)), 'float32'), w));
      },
    };
    names.forEach((name, i) => {
      grads[i + 2] = () => paramGrads[name](tensors[i]);
    });
    return grads;
  },
};
