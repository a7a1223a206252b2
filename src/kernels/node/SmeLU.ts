import type {KernelConfig, KernelFunc, Tensor} from '@tensorflow/tfjs-core';

import {SmeLUAttrs, SmeLUInputs, SmeLUKernelName} from '../../kernel_names';
import {NativeOpChain} from './native_ops';
import type {NodeBackendLike} from './node_backend_types';

/**
 * SmeLU in four TensorFlow ops: f(x) = max(x, (c + β)² / (4β)) with
 * c = clip(x, −β, β).
 *
 * Why this is SmeLU: below −β, (c+β)² = 0 ≥ x; inside (−β, β), (x+β)²/(4β)
 * − x = (x−β)²/(4β) ≥ 0, so the quadratic wins; above β the quadratic is
 * stuck at β ≤ x, so x wins. One max replaces the usual "+ relu(x − β)"
 * (a subtract and a relu), and SquaredDifference fuses the "+ β" into the
 * square. NaN propagates through ClipByValue and Maximum.
 */
export function smeluNode(args: {inputs: SmeLUInputs, backend: unknown, attrs: SmeLUAttrs}): Tensor {
  const {inputs: {x}, attrs: {beta}} = args;
  const chain = new NativeOpChain(args.backend as NodeBackendLike);
  try {
    const xId = chain.input(x);
    const negBeta = chain.scalar(-beta);
    const clipped = chain.op('ClipByValue', [xId, negBeta, chain.scalar(beta)]);
    const squared = chain.op('SquaredDifference', [clipped, negBeta]);
    const quadratic = chain.op('Mul', [squared, chain.scalar(0.25 / beta)]);
    return chain.finish('Maximum', [xId, quadratic]);
  } finally {
    chain.dispose();
  }
}

export const smeluNodeConfig: KernelConfig = {
  kernelName: SmeLUKernelName,
  backendName: 'tensorflow',
  kernelFunc: smeluNode as unknown as KernelFunc,
};
