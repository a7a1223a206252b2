import type {KernelConfig} from '@tensorflow/tfjs-core';

import {smeluWebGPUConfig} from './SmeLU';
import {smeluGradWebGPUConfig} from './SmeLUGrad';

/** SmeLU kernels for the `webgpu` backend (@tensorflow/tfjs-backend-webgpu). */
export const webgpuKernelConfigs: KernelConfig[] = [smeluWebGPUConfig, smeluGradWebGPUConfig];
