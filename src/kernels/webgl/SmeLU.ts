import {env, KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {SmeLUAttrs, SmeLUInputs, SmeLUKernelName} from '../../kernel_names';
import type {WebGLBackendLike} from '../backend_types';
import {SmeLUProgram} from './smelu_gpu';

/**
 * One shader pass (a composition of tfjs ops would take five). Packed when
 * the backend packs unary operations, like tfjs's own unary kernels; always
 * on the GPU, even for tiny tensors whose values are still on the CPU.
 *
 * ```js
 * await tf.setBackend('webgl');
 * tf.env().set('WEBGL_PACK_UNARY_OPERATIONS', false);  // unpacked program; true (default): packed
 * tfSmelu.smelu(tf.tensor1d([-3, -1, 0, 1, 3]), 2).print();  // [0, 0.125, 0.5, 1.125, 3]
 * ```
 */
export function smeluWebGL(args: {inputs: SmeLUInputs, backend: unknown, attrs: SmeLUAttrs}): TensorInfo {
  const {inputs: {x}, attrs: {beta}} = args;
  const backend = args.backend as WebGLBackendLike;
  const program = new SmeLUProgram(x.shape, {packed: env().getBool('WEBGL_PACK_UNARY_OPERATIONS'), gradient: false});
  // Uniform values in `program.customUniforms` order: β, 1/(4β).
  return backend.runWebGLProgram(program, [x], 'float32', [[beta], [0.25 / beta]]);
}

export const smeluWebGLConfig: KernelConfig = {
  kernelName: SmeLUKernelName,
  backendName: 'webgl',
  kernelFunc: smeluWebGL as unknown as KernelFunc,
};
