import type {KernelConfig, KernelFunc, Tensor} from '@tensorflow/tfjs-core';

import {SmeLUAttrs, SmeLUGradInputs, SmeLUGradKernelName} from '../../kernel_names';
import {NativeOpChain} from './native_ops';
import type {NodeBackendLike} from './node_backend_types';

/**
 * dy · f′(x) in four TensorFlow ops: dy · (clip(x, −β, β) + β) · (1 / (2β)).
 * Clipping x (rather than the slope) keeps c + β exact near x = −β.
 */
export function smeluGradNode(args: {inputs: SmeLUGradInputs, backend: unknown, attrs: SmeLUAttrs}):
    Tensor {
  const {inputs: {dy, x}, attrs: {beta}} = args;
  const chain = new NativeOpChain(args.backend as NodeBackendLike);
  try {
    const betaId = chain.scalar(beta);
    const clipped = chain.op('ClipByValue', [chain.input(x), chain.scalar(-beta), betaId]);
    const shifted = chain.op('AddV2', [clipped, betaId]);
    const scaled = chain.op('Mul', [shifted, chain.scalar(0.5 / beta)]);
    return chain.finish('Mul', [chain.input(dy), scaled]);
  } finally {
    chain.dispose();
  }
}

export const smeluGradNodeConfig: KernelConfig = {
  kernelName: SmeLUGradKernelName,
  backendName: 'tensorflow',
  kernelFunc: smeluGradNode as unknown as KernelFunc,
};
