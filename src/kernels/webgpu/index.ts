import type {KernelConfig} from '@tensorflow/tfjs-core';

import {generalizedSmeluWebGPUConfig} from './GeneralizedSmeLU';
import {generalizedSmeluGradWebGPUConfig} from './GeneralizedSmeLUGrad';
import {smeluWebGPUConfig} from './SmeLU';
import {smeluGradWebGPUConfig} from './SmeLUGrad';

/** SmeLU and g-SmeLU kernels for the `webgpu` backend (@tensorflow/tfjs-backend-webgpu). */
export const webgpuKernelConfigs: KernelConfig[] =
    [smeluWebGPUConfig, smeluGradWebGPUConfig, generalizedSmeluWebGPUConfig, generalizedSmeluGradWebGPUConfig];
