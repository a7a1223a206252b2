/**
 * tfjs-smelu: SmeLU (Smooth ReLU) for TensorFlow.js.
 *
 * Importing the package registers everything (kernels for every backend,
 * gradients, the `SmeLU` layer and the `'smelu'` activation string).
 *
 * @module tfjs-smelu
 */
import {registerSmeLU} from './register';

export {SmeLUGradKernelName, SmeLUKernelName} from './kernel_names';
export type {SmeLUAttrs, SmeLUGradInputs, SmeLUInputs} from './kernel_names';
export {DEFAULT_SMELU_BETA, smelu} from './ops/smelu';
export {smeluGrad} from './ops/smelu_grad';
export {generalizedSmelu, generalizedSmeluComposite, hasGeneralizedSmeluKernels} from './ops/generalized_smelu';
export {DEFAULT_GSMELU_PARAMS, GSMELU_PARAM_NAMES} from './ops/generalized_smelu_params';
export type {GeneralizedSmeLUParamName, GeneralizedSmeLUParams} from './ops/generalized_smelu_params';
export {GeneralizedSmeLUGradKernelName, GeneralizedSmeLUKernelName} from './kernel_names';
export type {GeneralizedSmeLUAttrs, GeneralizedSmeLUGradAttrs, GeneralizedSmeLUGradInputs, GeneralizedSmeLUGradTarget, GeneralizedSmeLUInputs} from './kernel_names';
export {GeneralizedSmeLU, layers, SmeLU} from './layers';
export type {GeneralizedSmeLULayerArgs, SmeLULayerArgs} from './layers';
export type {ConstraintArg, InitializerArg, RegularizerArg} from './layers/gsmelu_layer';
export {DEFAULT_WIDTH_FLOOR, PositiveFloor} from './layers/positive_floor';
export {SmeLUActivation} from './layers/smelu_activation';
export {ALL_KERNEL_CONFIGS} from './kernels';
export {swapActivations, SWAPPABLE_IDENTIFIERS} from './swap';
export type {ActivationReplacement, SkippedActivation, SmeLULayerTarget, SwapActivationsOptions, SwapActivationsResult, SwapLayerInfo, SwappableIdentifier} from './swap';
export * from './reproducibility';
export {registerSmeLU};

registerSmeLU();
