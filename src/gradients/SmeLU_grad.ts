import type {GradConfig, NamedAttrMap, Tensor} from '@tensorflow/tfjs-core';

import {SmeLUAttrs, SmeLUKernelName} from '../kernel_names';
import {smeluGrad} from '../ops/smelu_grad';

/** d smelu / dx = dy · clip((x + β) / (2β), 0, 1), one `SmeLUGrad` kernel call. */
export const smeluGradConfig: GradConfig = {
  kernelName: SmeLUKernelName,
  inputsToSave: ['x'],
  gradFunc: (dy: Tensor|Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [x] = saved;
    const {beta} = attrs as SmeLUAttrs;
    return {x: () => smeluGrad(dy as Tensor, x, beta)};
  },
};
