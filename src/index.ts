/**
 * tfjs-smelu: SmeLU (Smooth ReLU) for TensorFlow.js.
 *
 * Importing the package registers everything: kernels for every backend,
 * gradients, the `SmeLU` and `GeneralizedSmeLU` layers, the `'smelu'`
 * activation string and the `PositiveFloor` constraint. It needs
 * `@tensorflow/tfjs-core` and `@tensorflow/tfjs-layers`; for the op alone
 * use `tfjs-smelu/core`, and for `tf.layers.smelu` in ESM code use
 * `tfjs-smelu/tfjs`.
 *
 * @module tfjs-smelu
 */
import {registerSmeLU} from './register';

export * from './core';
export {GeneralizedSmeLU, layers, SmeLU} from './layers';
export type {ConstraintArg, GeneralizedSmeLULayerArgs, InitializerArg, RegularizerArg, SmeLULayerArgs} from './layers';
export {DEFAULT_WIDTH_FLOOR, PositiveFloor} from './layers/positive_floor';
export {SmeLUActivation} from './layers/smelu_activation';
export {swapActivations, SWAPPABLE_IDENTIFIERS} from './swap';
export type {
  ActivationReplacement,
  SkippedActivation,
  SmeLULayerTarget,
  SwapActivationsOptions,
  SwapActivationsResult,
  SwapLayerInfo,
  SwappableIdentifier
} from './swap';
export {registerSmeLU};

registerSmeLU();
