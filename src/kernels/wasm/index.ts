import {generalizedSmeluWasmConfig} from './GeneralizedSmeLU';
import {generalizedSmeluGradWasmConfig} from './GeneralizedSmeLUGrad';
import {smeluWasmConfig} from './SmeLU';
import {smeluGradWasmConfig} from './SmeLUGrad';

/** Kernels for @tensorflow/tfjs-backend-wasm, backend `wasm`. */
export const wasmKernelConfigs =
    [smeluWasmConfig, smeluGradWasmConfig, generalizedSmeluWasmConfig, generalizedSmeluGradWasmConfig];
