/**
 * tfjs-smelu: SmeLU (Smooth ReLU) for TensorFlow.js.
 *
 * Importing the package registers everything (kernels for every backend,
 * gradients, the `SmeLU` layer and the `'smelu'` activation string).
 */
import {registerSmeLU} from './register';

export {SmeLUGradKernelName, SmeLUKernelName} from './kernel_names';
export type {SmeLUAttrs, SmeLUGradInputs, SmeLUInputs} from './kernel_names';
export {DEFAULT_SMELU_BETA, smelu} from './ops/smelu';
export {smeluGrad} from './ops/smelu_grad';
export {layers, SmeLU} from './layers';
export type {SmeLULayerArgs} from './layers';
export {SmeLUActivation} from './layers/smelu_activation';
export {ALL_KERNEL_CONFIGS} from './kernels';
export {registerSmeLU};

registerSmeLU();
