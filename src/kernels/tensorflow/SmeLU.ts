import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {SmeLUAttrs, SmeLUInputs, SmeLUKernelName} from '../../kernel_names';
import {float32SafeBeta, splitBeta} from '../smelu_math';
import {smeluOnHost} from './host_fallback';
import {NATIVE_OP, nativeTensorflowOps} from './native_library';
import {NativeOpChain} from './native_ops';
import type {NativeOpAttr, TensorflowBackendLike} from './tensorflow_backend_types';

/**
 * SmeLU on tfjs-node's backend. With tfjs-smelu's native ops loaded
 * (native_library.ts) one fused TensorFlow op, `TfjsSmeLU`, computes it in
 * one pass; otherwise five stock TensorFlow ops:
 * f(x) = max(x, s · (s / (4β))) with s = clip(x, −β, β) + β.
 *
 * Why this is SmeLU: below −β, s = 0 and 0 ≥ x; inside (−β, β),
 * (x+β)²/(4β) − x = (x−β)²/(4β) ≥ 0, so the quadratic wins; above β the
 * quadratic is stuck at β ≤ x, so x wins. One max replaces the usual
 * "+ relu(x − β)" (a subtract and a relu). s · (s/(4β)) rather than
 * s² · (1/(4β)): s² falls out of float32's normal range just above −β while
 * the result does not, for β < 1/4 (smelu_math.ts, float32SafeBeta). A β
 * that is not a float32 is split into hi + lo (smelu_math.ts) and costs the
 * chain one more op; the fused op takes both parts and rounds the same way,
 * so both paths give the same floats. NaN propagates through ClipByValue and
 * Maximum (and the fused op's clip and max). β outside the float32-safe
 * range runs on the host.
 */
export function smeluTensorflow(args: {inputs: SmeLUInputs, backend: unknown, attrs: SmeLUAttrs}): TensorInfo {
  const {inputs: {x}, attrs: {beta}} = args;
  const backend = args.backend as TensorflowBackendLike;
  if (!float32SafeBeta(beta)) return smeluOnHost(backend, x, beta);
  const {hi, lo} = splitBeta(beta);
  const chain = new NativeOpChain(backend);
  try {
    const xId = chain.input(x);
    if (nativeTensorflowOps() != null) return chain.finish(NATIVE_OP.smelu, [xId], [betaAttr(backend, beta)]);
    let s: number;
    if (lo === 0) {
      const clipped = chain.op('ClipByValue', [xId, chain.scalar(-beta), chain.scalar(beta)]);
      s = chain.op('AddV2', [clipped, chain.scalar(beta)]);
    } else {
      // clip(x + hi, −lo, 2β − lo) + lo: x + hi is exact near −β, and the
      // clip bounds make the sum exactly 0 below −β.
      const shifted = chain.op('AddV2', [xId, chain.scalar(hi)]);
      const clipped = chain.op('ClipByValue', [shifted, chain.scalar(-lo), chain.scalar(2 * beta - lo)]);
      s = chain.op('AddV2', [clipped, chain.scalar(lo)]);
    }
    const quadratic = chain.op('Mul', [s, chain.op('Mul', [s, chain.scalar(0.25 / beta)])]);
    return chain.finish('Maximum', [xId, quadratic]);
  } finally {
    chain.dispose();
  }
}

/** The fused ops' `beta` attr: [hi, lo] of β's float32 split. */
export function betaAttr(backend: TensorflowBackendLike, beta: number): NativeOpAttr {
  const {hi, lo} = splitBeta(beta);
  return {name: 'beta', type: backend.binding.TF_ATTR_FLOAT, value: [hi, lo]};
}

export const smeluTensorflowConfig: KernelConfig = {
  kernelName: SmeLUKernelName,
  backendName: 'tensorflow',
  kernelFunc: smeluTensorflow as unknown as KernelFunc,
};
