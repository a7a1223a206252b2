import {generalizedSmeluTensorflowConfig} from './GeneralizedSmeLU';
import {generalizedSmeluGradTensorflowConfig} from './GeneralizedSmeLUGrad';
import {smeluTensorflowConfig} from './SmeLU';
import {smeluGradTensorflowConfig} from './SmeLUGrad';

/**
 * Kernels for @tensorflow/tfjs-node's native backend, `tensorflow`. Each runs
 * tfjs-smelu's fused native op when that library is built and loads
 * (native_library.ts), else a composite of stock TensorFlow ops.
 */
export const tensorflowKernelConfigs = [
  smeluTensorflowConfig,
  smeluGradTensorflowConfig,
  generalizedSmeluTensorflowConfig,
  generalizedSmeluGradTensorflowConfig,
];
