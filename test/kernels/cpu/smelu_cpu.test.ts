/** SmeLU on the `cpu` backend: the conformance suite with exact (2 ulp) tolerance. */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';

import {describeSmeLUConformance} from '../../support/conformance';

describeSmeLUConformance('cpu', {
  setup: async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  },
  forwardTolerance: {ulp: 2},
  gradientTolerance: 1e-6,
});
