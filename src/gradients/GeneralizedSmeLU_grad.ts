import {engine, GradConfig, NamedAttrMap, NamedTensorMap, Tensor} from '@tensorflow/tfjs-core';

import {
  GeneralizedSmeLUAttrs,
  GeneralizedSmeLUGradAttrs,
  GeneralizedSmeLUGradInputs,
  GeneralizedSmeLUGradKernelName,
  GeneralizedSmeLUGradTarget,
  GeneralizedSmeLUKernelName
} from '../kernel_names';
import {tensorParamNames} from '../kernels/generalized_smelu_params';

/**
 * Gradients of g-SmeLU with respect to x and to each parameter given as a
 * tensor, one `GeneralizedSmeLUGrad` kernel call each (the kernel reduces a
 * parameter's gradient to that parameter's shape). The kernel's inputs are
 * `[x, ...tensor parameters]` (numbers are attrs), so every input is saved,
 * as for tfjs's AddN: x alone when the parameters are numbers. tfjs only
 * asks for the inputs that lead to the watched tensors, so a fixed parameter
 * costs nothing.
 */
export const generalizedSmeluGradConfig: GradConfig = {
  kernelName: GeneralizedSmeLUKernelName,
  saveAllInputs: true,
  gradFunc: (dy: Tensor|Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const forwardAttrs = attrs as unknown as GeneralizedSmeLUAttrs;
    const inputs: GeneralizedSmeLUGradInputs = [dy as Tensor, ...saved];
    const gradient = (wrt: GeneralizedSmeLUGradTarget) => () => {
      const gradAttrs: GeneralizedSmeLUGradAttrs = {...forwardAttrs, wrt};
      return engine().runKernel(
                 GeneralizedSmeLUGradKernelName, inputs as unknown as NamedTensorMap,
                 gradAttrs as unknown as NamedAttrMap) as Tensor;
    };
    // Keyed by input position: 0 is x, then the tensor parameters in order.
    const grads: Record<string, () => Tensor> = {0: gradient('x')};
    tensorParamNames(forwardAttrs).forEach((name, i) => {
      grads[i + 1] = gradient(name);
    });
    return grads;
  },
};
