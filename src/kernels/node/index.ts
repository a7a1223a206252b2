import {smeluNodeConfig} from './SmeLU';
import {smeluGradNodeConfig} from './SmeLUGrad';

/** Kernels for @tensorflow/tfjs-node's native backend, `tensorflow`. */
export const nodeKernelConfigs = [smeluNodeConfig, smeluGradNodeConfig];
