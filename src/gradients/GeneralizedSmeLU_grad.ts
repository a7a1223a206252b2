import {engine, GradConfig, NamedAttrMap, NamedTensorMap, Tensor} from '@tensorflow/tfjs-core';

import {GeneralizedSmeLUAttrs, GeneralizedSmeLUGradAttrs, GeneralizedSmeLUGradInputs, GeneralizedSmeLUGradKernelName, GeneralizedSmeLUGradTarget, GeneralizedSmeLUKernelName} from '../kernel_names';

/**
 * Gradients of g-SmeLU with respect to x and to each of its five parameters,
 * one `GeneralizedSmeLUGrad` kernel call each (the kernel reduces a
 * parameter's gradient to that parameter's shape). tfjs only asks for the
 * inputs that lead to the watched tensors, so a fixed parameter costs nothing.
 */
export const generalizedSmeluGradConfig: GradConfig = {
  kernelName: GeneralizedSmeLUKernelName,
  inputsToSave: ['x', 'alpha', 'beta', 'gNeg', 'gPos', 'shift'],
  gradFunc: (dy: Tensor|Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [x, alpha, beta, gNeg, gPos, shift] = saved;
    const {axis} = attrs as GeneralizedSmeLUAttrs;
    const inputs: GeneralizedSmeLUGradInputs = {dy: dy as Tensor, x, alpha, beta, gNeg, gPos, shift};
    const gradient = (wrt: GeneralizedSmeLUGradTarget) => () => {
      const gradAttrs: GeneralizedSmeLUGradAttrs = {axis, wrt};
      return engine().runKernel(
                 GeneralizedSmeLUGradKernelName, inputs as unknown as NamedTensorMap,
                 gradAttrs as unknown as NamedAttrMap) as Tensor;
    };
    return {
      x: gradient('x'),
      alpha: gradient('alpha'),
      beta: gradient('beta'),
      gNeg: gradient('gNeg'),
      gPos: gradient('gPos'),
      shift: gradient('shift'),
    };
  },
};
