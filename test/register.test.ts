/** What `import 'tfjs-smelu'` registers, and that registering again is silent. */
import * as tf from '@tensorflow/tfjs-core';

import {registerSmeLU, SmeLUGradKernelName, SmeLUKernelName} from 'tfjs-smelu';

const BACKENDS = ['cpu', 'webgl', 'webgpu', 'wasm', 'tensorflow'];

describe('registration', () => {
  it('registers SmeLU and SmeLUGrad for every backend name, and both gradients', () => {
    for (const backend of BACKENDS) {
      for (const kernel of [SmeLUKernelName, SmeLUGradKernelName]) {
        expect({backend, kernel, registered: tf.getKernel(kernel, backend) != null})
            .toEqual({backend, kernel, registered: true});
      }
    }
    expect(tf.getGradient(SmeLUKernelName)).toBeDefined();
    expect(tf.getGradient(SmeLUGradKernelName)).toBeDefined();
  });

  it('uses the documented kernel names', () => {
    expect(SmeLUKernelName).toBe('SmeLU');
    expect(SmeLUGradKernelName).toBe('SmeLUGrad');
  });

  it('is idempotent: a second registerSmeLU() logs no duplicate-registration warning', () => {
    const warn = jest.spyOn(console, 'warn');
    try {
      const kernel = tf.getKernel(SmeLUKernelName, 'cpu');
      registerSmeLU();
      registerSmeLU();
      expect(warn).not.toHaveBeenCalled();
      expect(tf.getKernel(SmeLUKernelName, 'cpu')).toBe(kernel);
    } finally {
      warn.mockRestore();
    }
  });
});
