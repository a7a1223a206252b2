import {generalizedSmeluCpuConfig} from './GeneralizedSmeLU';
import {generalizedSmeluGradCpuConfig} from './GeneralizedSmeLUGrad';
import {smeluCpuConfig} from './SmeLU';
import {smeluGradCpuConfig} from './SmeLUGrad';

export const cpuKernelConfigs = [
  smeluCpuConfig,
  smeluGradCpuConfig,
  generalizedSmeluCpuConfig,
  generalizedSmeluGradCpuConfig,
];
