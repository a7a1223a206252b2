import type {KernelConfig} from '@tensorflow/tfjs-core';

import {cpuKernelConfigs} from './cpu';
import {tensorflowKernelConfigs} from './tensorflow';
import {wasmKernelConfigs} from './wasm';
import {webglKernelConfigs} from './webgl';
import {webgpuKernelConfigs} from './webgpu';

/**
 * Every kernel this package provides, for every backend name. Registering a
 * kernel for a backend that is not loaded is harmless: tfjs looks kernels up
 * by backend name when the backend runs them.
 *
 * ```js
 * const backends = new Set(tfSmelu.ALL_KERNEL_CONFIGS.map((c) => c.backendName));
 * console.log([...backends].sort());  // ['cpu', 'tensorflow', 'wasm', 'webgl', 'webgpu']
 * ```
 */
export const ALL_KERNEL_CONFIGS: readonly KernelConfig[] = [
  ...cpuKernelConfigs,
  ...tensorflowKernelConfigs,
  ...wasmKernelConfigs,
  ...webglKernelConfigs,
  ...webgpuKernelConfigs,
];
