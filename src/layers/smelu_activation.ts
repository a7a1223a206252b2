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
 *
 * The layer class name `'SmeLU'` works as an activation string too (also
 * β = 2): tfjs saves it as "sme_lu" and reads it back as `'smeLu'`, an alias
 * of this activation registered so that such models load.
 *
 * ```js
 * const dense = tf.layers.dense({units: 2, activation: 'smelu', kernelInitializer: 'ones', inputShape: [1]});
 * dense.apply(tf.tensor2d([[-3], [0], [1]])).print();  // [[0, 0], [0.5, 0.5], [1.125, 1.125]]
 * ```
 */
export class SmeLUActivation extends serialization.Serializable {
  /**
   * Name under which tfjs serialization registers this class (saved models refer to it).
   * @nocollapse
   */
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

/**
 * `'SmeLU'` (the layer class) used as an activation string is saved by
 * tfjs-layers as "sme_lu" and read back as `'smeLu'`: this alias of the
 * `'smelu'` activation (β = 2, what `'SmeLU'` computes as an activation) makes
 * such a model load, and it saves and loads as itself from then on.
 */
class SmeLUActivationAlias extends SmeLUActivation {
  /** @nocollapse */
  static override className = 'smeLu';
}
serialization.registerClass(SmeLUActivationAlias);
