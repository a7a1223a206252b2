import {
  cast,
  engine,
  getBackend,
  getKernel,
  NamedAttrMap,
  NamedTensorMap,
  op,
  Tensor,
  TensorLike
} from '@tensorflow/tfjs-core';

import {GeneralizedSmeLUGradKernelName, GeneralizedSmeLUInputs, GeneralizedSmeLUKernelName} from '../kernel_names';
import {convertToRealTensor} from './convert_to_tensor';
import {generalizedSmeluFromOps} from './generalized_smelu_composite';
import {GeneralizedSmeLUParams, paramTensors, prepareGeneralizedSmeLUParams} from './generalized_smelu_params';

/**
 * True when `backendName` has both fused g-SmeLU kernels (forward and
 * gradient), which this package registers for cpu, wasm, webgl, webgpu and
 * tensorflow; on a backend without them `generalizedSmelu` computes with
 * stock tfjs ops.
 *
 * ```js
 * console.log(tfSmelu.hasGeneralizedSmeluKernels('cpu'));  // true
 * ```
 */
export function hasGeneralizedSmeluKernels(backendName: string): boolean {
  return getKernel(GeneralizedSmeLUKernelName, backendName) != null &&
      getKernel(GeneralizedSmeLUGradKernelName, backendName) != null;
}

function toFloatInput(x: Tensor|TensorLike, where: string): Tensor {
  const $x = convertToRealTensor(x, 'x', where);
  return $x.dtype === 'int32' ? cast($x, 'float32') : $x;
}

/**
 * Computes generalized SmeLU (g-SmeLU) element-wise, with α, β > 0 the
 * half-widths left and right of 0, g₋ and g₊ the outer slopes and t a shift:
 *
 * - x ≤ −α: `g₋·(x + α) + t`
 * - −α < x < β: `a·x² + b·x + c` with `a = (g₊ − g₋)/(2(α+β))`,
 *   `b = (α·g₊ + β·g₋)/(α+β)`, `c = t + (α²(g₊ + g₋) + 2αβ·g₋)/(2(α+β))`
 * - x ≥ β: `g₊·x + t + (α+β)·g₋/2 + (α−β)·g₊/2`
 *
 * The function and its slope are continuous everywhere (C¹); with α = β,
 * g₋ = 0, g₊ = 1, t = 0 (the defaults, with α = β = 2) it is `smelu(x, β)`.
 *
 * Each parameter is a number or a tensor holding one value or one value per
 * channel along `axis` (default −1, the last axis). Numbers (and defaults)
 * reach the kernels as attributes, as tfjs's `leakyRelu` passes its slope:
 * they cost nothing per call. Tensor parameters are kernel inputs and are
 * differentiable: `tf.grad`/`tf.variableGrads` and the {@link GeneralizedSmeLU}
 * layer train them (per-channel gradients are summed over the other axes).
 * Arrays become a tensor on each call (keep a tensor for a hot loop). A
 * number and a tensor holding it give the same results.
 *
 * Backends: fused forward and gradient kernels (one pass, parameter
 * gradients reduced per channel where the data lives) on `cpu`, `wasm`,
 * `webgl`, `webgpu` and `tensorflow` (tfjs-node; through this package's native
 * TensorFlow ops once built with `npx tfjs-smelu native build`, else inside the
 * kernel as a chain of stock TensorFlow ops). The cpu, wasm and tensorflow
 * kernels also check the values of tensor parameters; webgl and webgpu do not
 * (reading them back would stall the GPU on every call), so keep α, β > 0
 * yourself there (the layer's constraints do). A backend without both kernels
 * runs the same formula composed from about 15 stock tfjs ops, differentiated
 * by tfjs's own autodiff. Numbers and arrays are checked on every backend.
 *
 * `int32` inputs are computed in `float32`. NaN stays NaN; at x = ±Infinity a
 * zero slope gives a flat (finite) value, a non-zero slope ±Infinity.
 *
 * ```js
 * const x = tf.tensor1d([-3, -1, 0, 1, 3]);
 * tfSmelu.generalizedSmelu(x, {alpha: 1, beta: 2, gNeg: -0.5, gPos: 1, shift: 0}).print();
 * // [1, 0, -0.25, 0, 1.75]
 * // Per-channel β along the last axis:
 * tfSmelu.generalizedSmelu(tf.zeros([2, 3]), {beta: [1, 2, 3]}).print();
 * // [[0.6666667, 0.5, 0.4], [0.6666667, 0.5, 0.4]]
 * ```
 * @param x The input tensor (float32 or int32).
 * @param params `{alpha, beta, gNeg, gPos, shift, axis}`; defaults
 *     `{alpha: 2, beta: 2, gNeg: 0, gPos: 1, shift: 0, axis: -1}`.
 *
 * @doc {heading: 'Operations', subheading: 'Basic math'}
 */
function generalizedSmelu_<T extends Tensor>(x: T|TensorLike, params?: GeneralizedSmeLUParams): T {
  const $x = toFloatInput(x, 'generalizedSmelu');
  const prepared = prepareGeneralizedSmeLUParams($x.shape, params, 'generalizedSmelu');
  const inputs: GeneralizedSmeLUInputs = [$x, ...prepared.tensors];
  try {
    return engine().runKernel(
               GeneralizedSmeLUKernelName, inputs as unknown as NamedTensorMap,
               prepared.attrs as unknown as NamedAttrMap) as T;
  } catch (error) {
    // A backend without the fused kernel: tfjs's runKernel refuses before it
    // runs anything. Looking the kernel up only here spares the fused path
    // two registry lookups per call (about 0.3 µs, a tenth of a relu call on
    // 4,096 elements), on top of the two runKernel makes itself.
    if (getKernel(GeneralizedSmeLUKernelName, getBackend()) != null) throw error;
    return generalizedSmeluFromOps($x, paramTensors(prepared), prepared.attrs.axis) as T;
  }
}

/**
 * The composite path of {@link generalizedSmelu} on any backend, even one
 * that has the fused kernels: same arguments, checks and results (to float32
 * rounding). Useful to compare the two paths.
 *
 * ```js
 * tfSmelu.generalizedSmeluComposite(tf.tensor1d([-1, 0, 1]), {beta: 1, alpha: 1}).print();
 * // [0, 0.25, 1]
 * ```
 */
function generalizedSmeluComposite_<T extends Tensor>(x: T|TensorLike, params?: GeneralizedSmeLUParams): T {
  const $x = toFloatInput(x, 'generalizedSmeluComposite');
  const prepared = prepareGeneralizedSmeLUParams($x.shape, params, 'generalizedSmeluComposite');
  return generalizedSmeluFromOps($x, paramTensors(prepared), prepared.attrs.axis) as T;
}

export const generalizedSmelu = /* @__PURE__ */ op({generalizedSmelu_});
export const generalizedSmeluComposite = /* @__PURE__ */ op({generalizedSmeluComposite_});
