import {engine, GradConfig, NamedAttrMap, NamedTensorMap, Tensor} from '@tensorflow/tfjs-core';

import {SmeLUAttrs, SmeLUGradInputs, SmeLUGradKernelName, SmeLUKernelName} from '../kernel_names';

/**
 * d smelu / dx = dy · clip((x + β) / (2β), 0, 1), one `SmeLUGrad` kernel call.
 * The kernel is run directly, not through the `smeluGrad` op: its inputs come
 * from the engine, already checked (x is the forward's float32 input, dy a
 * float32 gradient of the output's shape, β the forward's attr), and the
 * op's checks and scope would cost a training step's backward pass about
 * 0.5 µs per call on wasm, a sixth of its whole kernel at 4,096 elements.
 */
export const smeluGradConfig: GradConfig = {
  kernelName: SmeLUKernelName,
  inputsToSave: ['x'],
  gradFunc: (dy: Tensor|Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [x] = saved;
    const {beta} = attrs as SmeLUAttrs;
    return {x: () => smeluGradKernel(dy as Tensor, x, beta)};
  },
};

/** One `SmeLUGrad` kernel call on engine-made tensors (float32, one shape). */
export function smeluGradKernel(dy: Tensor, x: Tensor, beta: number): Tensor {
  const inputs: SmeLUGradInputs = {dy, x};
  const attrs: SmeLUAttrs = {beta};
  return engine().runKernel(
             SmeLUGradKernelName, inputs as unknown as NamedTensorMap, attrs as unknown as NamedAttrMap) as Tensor;
}
