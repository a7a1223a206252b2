import {cast, engine, NamedAttrMap, NamedTensorMap, op, Tensor, TensorLike} from '@tensorflow/tfjs-core';

import {SmeLUAttrs, SmeLUInputs, SmeLUKernelName} from '../kernel_names';
import {assertValidBeta} from '../validate';
import {convertToRealTensor} from './convert_to_tensor';

/**
 * Default half-width of SmeLU's quadratic region (2).
 *
 * ```js
 * // smelu without β uses DEFAULT_SMELU_BETA = 2:
 * tfSmelu.smelu(tf.tensor1d([-1, 0, 1])).print();  // [0.125, 0.5, 1.125]
 * ```
 */
export const DEFAULT_SMELU_BETA = 2;

/**
 * Computes SmeLU (Smooth ReLU) element-wise:
 * `0` for x ≤ −β, `(x + β)² / (4β)` for |x| < β, and `x` for x ≥ β.
 *
 * SmeLU is ReLU convolved with a box of width 2β: monotonic, with a clean zero
 * region, a clean slope-1 region and a continuous gradient
 * `clip((x + β) / (2β), 0, 1)`. Smooth activations make identically trained
 * replicas of a model agree more often than ReLU does.
 *
 * `int32` inputs are computed in `float32`; the result is always `float32`.
 * NaN stays NaN, −Infinity gives 0 and +Infinity gives +Infinity.
 *
 * ```js
 * const x = tf.tensor1d([-3, -1, 0, 1, 3]);
 * tfSmelu.smelu(x, 2).print();  // [0, 0.125, 0.5, 1.125, 3]
 * ```
 * @param x The input tensor (float32 or int32).
 * @param beta Half-width of the smooth region; a finite number > 0. Defaults to 2.
 *
 * @doc {heading: 'Operations', subheading: 'Basic math'}
 */
function smelu_<T extends Tensor>(x: T|TensorLike, beta = DEFAULT_SMELU_BETA): T {
  assertValidBeta(beta, 'smelu');
  let $x = convertToRealTensor(x, 'x', 'smelu');
  if ($x.dtype === 'int32') {
    $x = cast($x, 'float32');
  }
  const inputs: SmeLUInputs = {x: $x};
  const attrs: SmeLUAttrs = {beta};
  return engine().runKernel(SmeLUKernelName, inputs as unknown as NamedTensorMap, attrs as unknown as NamedAttrMap) as
      T;
}

export const smelu = /* @__PURE__ */ op({smelu_});
