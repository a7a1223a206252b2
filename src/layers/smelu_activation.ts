import {serialization, Tensor} from '@tensorflow/tfjs-core';

import {DEFAULT_SMELU_BETA, smelu} from '../ops/smelu';

/**
 * The activation behind the string `'smelu'` (β = 2), usable wherever tfjs
 * takes an activation identifier: `tf.layers.dense({units, activation: 'smelu'})`.
 *
 * tfjs-layers resolves activation strings through the serialization registry
 * by class name, so registering this class under `'smelu'` is all it takes;
 * a saved model stores the string and resolves it the same way on load.
 * For another β use the `SmeLU` layer after a linear layer.
 */
export class SmeLUActivation extends serialization.Serializable {
  /** @nocollapse */
  static className = 'smelu';

  /** Same contract as tfjs-layers' `Activation.apply`. */
  apply(x: Tensor): Tensor {
    return smelu(x, DEFAULT_SMELU_BETA);
  }

  getConfig(): serialization.ConfigDict {
    return {};
  }
}
serialization.registerClass(SmeLUActivation);
