import {abs, cast, GradConfig, less, mul, NamedAttrMap, Tensor} from '@tensorflow/tfjs-core';

import {SmeLUAttrs, SmeLUGradKernelName} from '../kernel_names';
import {smeluGradKernel} from './SmeLU_grad';

/**
 * Gradient of g = dy · f′(x), which makes second derivatives of SmeLU work:
 * ∂g/∂dy = f′(x) (the same kernel again), ∂g/∂x = dy · f″(x) with
 * f″ = 1/(2β) inside |x| < β and 0 outside (0 taken at the kinks |x| = β).
 */
export const smeluGradGradConfig: GradConfig = {
  kernelName: SmeLUGradKernelName,
  inputsToSave: ['dy', 'x'],
  gradFunc: (upstream: Tensor|Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [dy, x] = saved;
    const {beta} = attrs as SmeLUAttrs;
    const up = upstream as Tensor;
    return {
      dy: () => smeluGradKernel(up, x, beta),
      x: () => {
        const insideQuadratic = cast(less(abs(x), beta), 'float32');
        return mul(mul(up, dy), mul(insideQuadratic, 0.5 / beta));
      },
    };
  },
};
