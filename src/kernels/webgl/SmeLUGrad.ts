import {env, KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {SmeLUAttrs, SmeLUGradInputs, SmeLUGradKernelName} from '../../kernel_names';
import type {WebGLBackendLike} from '../backend_types';
import {SmeLUProgram} from './smelu_gpu';

/**
 * dy·f′(x) in one shader pass. It takes two tensors, so it follows the
 * backend's flag for binary operations, as tfjs's LeakyRelu and Prelu do.
 *
 * ```js
 * await tf.setBackend('webgl');
 * const x = tf.tensor1d([-3, -1, 0, 1, 3]);
 * tfSmelu.smeluGrad(tf.onesLike(x), x, 2).print();  // [0, 0.25, 0.5, 0.75, 1]
 * ```
 */
export function smeluGradWebGL(args: {inputs: SmeLUGradInputs, backend: unknown, attrs: SmeLUAttrs}): TensorInfo {
  const {inputs: {dy, x}, attrs: {beta}} = args;
  const backend = args.backend as WebGLBackendLike;
  const program = new SmeLUProgram(x.shape, {packed: env().getBool('WEBGL_PACK_BINARY_OPERATIONS'), gradient: true});
  // Uniform values in `program.customUniforms` order: β, 1/(2β).
  return backend.runWebGLProgram(program, [dy, x], 'float32', [[beta], [0.5 / beta]]);
}

export const smeluGradWebGLConfig: KernelConfig = {
  kernelName: SmeLUGradKernelName,
  backendName: 'webgl',
  kernelFunc: smeluGradWebGL as unknown as KernelFunc,
};
