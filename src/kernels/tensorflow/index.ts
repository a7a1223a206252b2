import {smeluTensorflowConfig} from './SmeLU';
import {smeluGradTensorflowConfig} from './SmeLUGrad';

/** Kernels for @tensorflow/tfjs-node's native backend, `tensorflow`. */
export const tensorflowKernelConfigs = [smeluTensorflowConfig, smeluGradTensorflowConfig];
