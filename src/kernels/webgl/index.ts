import type {KernelConfig} from '@tensorflow/tfjs-core';

import {generalizedSmeluWebGLConfig} from './GeneralizedSmeLU';
import {generalizedSmeluGradWebGLConfig} from './GeneralizedSmeLUGrad';
import {smeluWebGLConfig} from './SmeLU';
import {smeluGradWebGLConfig} from './SmeLUGrad';

/** SmeLU and g-SmeLU kernels for the `webgl` backend (@tensorflow/tfjs-backend-webgl, WebGL 1 and 2). */
export const webglKernelConfigs: KernelConfig[] =
    [smeluWebGLConfig, smeluGradWebGLConfig, generalizedSmeluWebGLConfig, generalizedSmeluGradWebGLConfig];
