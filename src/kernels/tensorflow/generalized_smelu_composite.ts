/**
 * g-SmeLU and its gradients from stock tfjs ops, for the `tensorflow` kernels
 * when tfjs-smelu's native ops are not loaded: the same formulas as the fused
 * ops (and as the cpu kernels, generalized_smelu_math.ts), about 15 TensorFlow
 * ops each. They run inside a kernel, where tfjs records no gradients: the
 * registered gradients (src/gradients/) differentiate the kernels instead.
 */
import {
  add,
  cast,
  div,
  engine,
  greaterEqual,
  mul,
  neg,
  relu,
  reshape,
  scalar,
  sub,
  sum,
  Tensor,
  TensorInfo,
  tidy,
  where,
  zerosLike
} from '@tensorflow/tfjs-core';

import type {GeneralizedSmeLUGradTarget} from '../../kernel_names';
import {generalizedSmeluFromOps} from '../../ops/generalized_smelu_composite';
import {invalidGradTargetError} from '../generalized_smelu_grad_target';
import type {KernelParam, KernelParams} from '../generalized_smelu_params';
import type {TensorflowBackendLike} from './tensorflow_backend_types';

/**
 * A kernel input as a float32 Tensor. The engine hands kernels the op's own
 * Tensors; anything else gets a Tensor of its own on the same data (one more
 * reference, released when the enclosing tidy disposes it).
 */
function floatTensor(info: TensorInfo, backend: TensorflowBackendLike): Tensor {
  let t: Tensor;
  if (info instanceof Tensor) {
    t = info;
  } else {
    backend.incRef(info.dataId);
    t = engine().makeTensorFromTensorInfo(info);
  }
  return t.dtype === 'float32' ? t : cast(t, 'float32');
}

/** A parameter as a float32 Tensor: its tensor input, or a new scalar for a number. */
function paramTensor(param: KernelParam, backend: TensorflowBackendLike): Tensor {
  return typeof param === 'number' ? scalar(param) : floatTensor(param, backend);
}

export function generalizedSmeluFromStockOps(
    backend: TensorflowBackendLike, x: TensorInfo, params: KernelParams, axis: number): Tensor {
  const input = (param: KernelParam) => paramTensor(param, backend);
  return tidy(
      () => generalizedSmeluFromOps(
          floatTensor(x, backend), {
            alpha: input(params.alpha),
            beta: input(params.beta),
            gNeg: input(params.gNeg),
            gPos: input(params.gPos),
            shift: input(params.shift),
          },
          axis));
}

/**
 * dy·∂f/∂x, or Σ dy·∂f/∂p reduced to parameter p's shape, with u = x + α,
 * w = α + β, c = clip(u, 0, w) (exact, as in the forward), r = c/w, D = g₊ − g₋:
 *   ∂f/∂x = g₋ + D·r          ∂f/∂α = g₋ + D·r·(1 − r/2)   ∂f/∂β = −D·r²/2
 *   ∂f/∂g₋ = min(u, 0) + c − c²/(2w)   ∂f/∂g₊ = c²/(2w) + relu(u − w)   ∂f/∂t = 1
 * min(u, 0) is −relu(−u), which stays 0 at u = +∞ (u − relu(u) would be NaN).
 */
export function generalizedSmeluGradFromStockOps(
    backend: TensorflowBackendLike, dyInfo: TensorInfo, xInfo: TensorInfo, params: KernelParams, axis: number,
    wrt: GeneralizedSmeLUGradTarget): Tensor {
  return tidy(() => {
    const x = floatTensor(xInfo, backend);
    const dy = floatTensor(dyInfo, backend);
    const broadcastShape = x.shape.map((_, i) => (i === axis ? -1 : 1));
    const fit = (p: KernelParam) => {
      const t = paramTensor(p, backend);
      return reshape(t, t.size === 1 ? [] : broadcastShape);
    };
    const alpha = fit(params.alpha), gNeg = fit(params.gNeg);
    const w = add(alpha, fit(params.beta));
    const d = sub(fit(params.gPos), gNeg);
    const u = add(x, alpha);
    const wFull = add(w, zerosLike(u));  // one shape for where(), which cannot broadcast empty tensors
    const c = where(greaterEqual(u, wFull), wFull, relu(u));
    const r = div(c, w);
    if (wrt === 'x') return mul(dy, add(gNeg, mul(d, r)));
    let term: Tensor;
    switch (wrt) {
      case 'alpha':
        term = add(gNeg, mul(mul(d, r), sub(1, mul(0.5, r))));
        break;
      case 'beta':
        term = mul(mul(-0.5, d), mul(r, r));
        break;
      case 'gNeg':
        term = add(neg(relu(neg(u))), sub(c, mul(0.5, mul(c, r))));
        break;
      case 'gPos':
        term = add(mul(0.5, mul(c, r)), relu(sub(u, w)));
        break;
      case 'shift':
        term = dy;
        break;
      default:
        throw invalidGradTargetError(wrt, 'GeneralizedSmeLUGrad');
    }
    const full = wrt === 'shift' ? term : mul(dy, term);
    const param = params[wrt];
    if (typeof param === 'number')
      throw new Error(`GeneralizedSmeLUGrad: ${wrt} is a number attr: it has no gradient.`);
    const size = param.shape.reduce((a, b) => a * b, 1);
    if (size === 1) return reshape(sum(full), param.shape);
    const others = x.shape.map((_, i) => i).filter((i) => i !== axis);
    return reshape(sum(full, others), param.shape);
  });
}
