/**
 * `tfjs-smelu/core`: the SmeLU and g-SmeLU ops, their gradients and their
 * kernels for every backend, and nothing from tfjs-layers, so an app that
 * only calls the op grows by this package's own code alone.
 *
 * Importing it registers the kernels and gradients (see
 * {@link registerSmeLUKernels}).
 *
 * ```js
 * // import {smelu} from 'tfjs-smelu/core';
 * tfSmelu.smelu(tf.tensor1d([-3, -1, 0, 1, 3]), 2).print();  // [0, 0.125, 0.5, 1.125, 3]
 * ```
 *
 * @module tfjs-smelu/core
 */
import {registerSmeLUKernels} from './register_kernels';

export {
  GENERALIZED_SMELU_PARAM_NAMES,
  GeneralizedSmeLUGradKernelName,
  GeneralizedSmeLUKernelName,
  SmeLUGradKernelName,
  SmeLUKernelName
} from './kernel_names';
export type {
  GeneralizedSmeLUAttrs,
  GeneralizedSmeLUGradAttrs,
  GeneralizedSmeLUGradInputs,
  GeneralizedSmeLUGradTarget,
  GeneralizedSmeLUInputs,
  GeneralizedSmeLUParamName,
  SmeLUAttrs,
  SmeLUGradInputs,
  SmeLUInputs
} from './kernel_names';
export {ALL_KERNEL_CONFIGS} from './kernels';
export {generalizedSmelu, generalizedSmeluComposite, hasGeneralizedSmeluKernels} from './ops/generalized_smelu';
export {DEFAULT_GENERALIZED_SMELU_PARAMS} from './ops/generalized_smelu_params';
export type {GeneralizedSmeLUParams} from './ops/generalized_smelu_params';
export {DEFAULT_SMELU_BETA, smelu} from './ops/smelu';
export {smeluGrad} from './ops/smelu_grad';
export {registerSmeLUKernels};

registerSmeLUKernels();
