import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {SmeLUAttrs, SmeLUGradInputs, SmeLUGradKernelName} from '../../kernel_names';
import {float32SafeBeta, splitBeta} from '../smelu_math';
import {smeluGradOnHost} from './host_fallback';
import {NATIVE_OP, nativeTensorflowOps} from './native_library';
import {NativeOpChain} from './native_ops';
import {betaAttr} from './SmeLU';
import type {TensorflowBackendLike} from './tensorflow_backend_types';

/**
 * dy · f′(x): one fused TensorFlow op (`TfjsSmeLUGrad`) when tfjs-smelu's
 * native ops are loaded, else four stock ops:
 * dy · clip((x + β) · (1 / (2β)), 0, 1).
 * x + β is exact near x = −β, where the slope is small; clipping last makes
 * the slope exactly 0 and 1 outside (−β, β). A β that is not a float32 adds
 * its remainder in one more op (smelu_math.ts's split).
 */
export function smeluGradTensorflow(args: {inputs: SmeLUGradInputs, backend: unknown, attrs: SmeLUAttrs}): TensorInfo {
  const {inputs: {dy, x}, attrs: {beta}} = args;
  const backend = args.backend as TensorflowBackendLike;
  if (!float32SafeBeta(beta)) return smeluGradOnHost(backend, dy, x, beta);
  const {hi, lo} = splitBeta(beta);
  const chain = new NativeOpChain(backend);
  try {
    if (nativeTensorflowOps() != null) {
      return chain.finish(NATIVE_OP.smeluGrad, [chain.input(dy, 'dy'), chain.input(x)], [betaAttr(backend, beta)]);
    }
    let shifted = chain.op('AddV2', [chain.input(x), chain.scalar(hi)]);
    if (lo !== 0) shifted = chain.op('AddV2', [shifted, chain.scalar(lo)]);
    const scaled = chain.op('Mul', [shifted, chain.scalar(0.5 / beta)]);
    const slope = chain.op('ClipByValue', [scaled, chain.scalar(0), chain.scalar(1)]);
    return chain.finish('Mul', [chain.input(dy), slope]);
  } finally {
    chain.dispose();
  }
}

export const smeluGradTensorflowConfig: KernelConfig = {
  kernelName: SmeLUGradKernelName,
  backendName: 'tensorflow',
  kernelFunc: smeluGradTensorflow as unknown as KernelFunc,
};
