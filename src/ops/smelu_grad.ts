import {cast, engine, NamedAttrMap, NamedTensorMap, op, Tensor, TensorLike, util} from '@tensorflow/tfjs-core';

import {SmeLUAttrs, SmeLUGradInputs, SmeLUGradKernelName} from '../kernel_names';
import {assertValidBeta} from '../validate';
import {convertToRealTensor} from './convert_to_tensor';
import {DEFAULT_SMELU_BETA} from './smelu';

/**
 * Backpropagates through SmeLU: returns `dy · f′(x)` with
 * `f′(x) = clip((x + β) / (2β), 0, 1)`, computed by the `SmeLUGrad` kernel.
 * This is what the registered gradient of `smelu` calls; it is exported for
 * users who write their own backward passes.
 *
 * ```js
 * const x = tf.tensor1d([-3, -1, 0, 1, 3]);
 * tfSmelu.smeluGrad(tf.onesLike(x), x, 2).print();  // [0, 0.25, 0.5, 0.75, 1]
 * ```
 * @param dy The upstream gradient, same shape as `x`.
 * @param x The input SmeLU was applied to.
 * @param beta Half-width of the smooth region; a finite number > 0. Defaults to 2.
 */
function smeluGrad_<T extends Tensor>(dy: T|TensorLike, x: T|TensorLike, beta = DEFAULT_SMELU_BETA): T {
  assertValidBeta(beta, 'smeluGrad');
  let $dy = convertToRealTensor(dy, 'dy', 'smeluGrad');
  let $x = convertToRealTensor(x, 'x', 'smeluGrad');
  if ($dy.dtype === 'int32') $dy = cast($dy, 'float32');
  if ($x.dtype === 'int32') $x = cast($x, 'float32');
  if (!util.arraysEqual($dy.shape, $x.shape)) {
    throw new Error(`smeluGrad: dy and x must have the same shape, but got [${$dy.shape}] and [${$x.shape}].`);
  }
  const inputs: SmeLUGradInputs = {dy: $dy, x: $x};
  const attrs: SmeLUAttrs = {beta};
  return engine().runKernel(
             SmeLUGradKernelName, inputs as unknown as NamedTensorMap, attrs as unknown as NamedAttrMap) as T;
}

export const smeluGrad = /* @__PURE__ */ op({smeluGrad_});
