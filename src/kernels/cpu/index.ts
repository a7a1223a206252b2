import {smeluCpuConfig} from './SmeLU';
import {smeluGradCpuConfig} from './SmeLUGrad';

export const cpuKernelConfigs = [smeluCpuConfig, smeluGradCpuConfig];
