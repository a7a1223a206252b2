import {smeluWasmConfig} from './SmeLU';
import {smeluGradWasmConfig} from './SmeLUGrad';

/** Kernels for @tensorflow/tfjs-backend-wasm, backend `wasm`. */
export const wasmKernelConfigs = [smeluWasmConfig, smeluGradWasmConfig];
