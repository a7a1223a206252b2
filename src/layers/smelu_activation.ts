import {serialization, Tensor} from '@tensorflow/tfjs-core';

import {DEFAULT_SMELU_BETA, smelu} from '../ops/smelu';
import {assertActivationParamsKept, exposeInstancesAsSpecs, LAYER_BASE_ARGS, specValue} from './activation_specs';

/**
 * The activation behind the string `'smelu'` (β = 2), usable wherever tfjs
 * takes an activation identifier: `tf.layers.dense({units, activation: 'smelu'})`.
 *
 * tfjs-layers resolves activation strings through the serialization registry
 * by class name, so registering this class under `'smelu'` is all it takes;
 * a saved model stores the string and resolves it the same way on load.
 * tfjs-layers saves an activation by its name alone, so the activation has no
 * parameters: a spec with another β (`{className: 'smelu', config: {beta: 1}}`,
 * also through `'SmeLU'`) is refused when the layer is built, as it could not
 * be saved; for another β use the `SmeLU` layer after a linear layer. An
 * instance (`activation: new SmeLUActivation()`) works like the string.
 *
 * Other names of this activation: `'SmeLU'` (the layer class, which
 * tfjs-layers saves as "sme_lu" and reads back as `'smeLu'`), `'smeLu'`, and
 * `'generalizedSmeLu'`, how tfjs-layers reads back "generalized_sme_lu",
 * which tfjs-smelu 0.1.x wrote for `activation: 'GeneralizedSmeLU'` (g-SmeLU
 * at its default parameters, which is SmeLU with β = 2; it prints a one-time
 * note). The last two load as this activation and are saved as `'smelu'`.
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

  /**
   * Refuses a spec with parameters other than β = 2 (they could not be
   * saved), naming the parameter and the value. Every name of this
   * activation gives the one canonical instance, saved as `'smelu'`.
   * @nocollapse
   */
  static override fromConfig<T extends serialization.Serializable>(
      cls: serialization.SerializableConstructor<T>, config: serialization.ConfigDict): T {
    return activationFromSpec((cls as unknown as {className: string}).className, config) as unknown as T;
  }

  /** Same contract as tfjs-layers' `Activation.apply`. */
  apply(x: Tensor): Tensor {
    return smelu(x, DEFAULT_SMELU_BETA);
  }

  getConfig(): serialization.ConfigDict {
    return {};
  }
}
serialization.registerClass(SmeLUActivation);
exposeInstancesAsSpecs(SmeLUActivation);

/** The SmeLU layer's own arguments (SmeLULayerArgs without the base layer's). */
const SMELU_LAYER_ARGS = ['beta', 'learnBeta', 'betaRegularizer', 'betaConstraint'];

/** A SmeLU activation spec named `who` in tfjs-layers' lookup (any name of it, the layer's included). */
function activationFromSpec(who: string, config: serialization.ConfigDict): SmeLUActivation {
  assertSmeLUActivationParams(who, config);
  return new SmeLUActivation();
}

/**
 * Throws, naming the parameter and the value, unless an activation spec
 * named `who` has only the parameters the saved name loads back with: β = 2,
 * no learned β (any layer's own arguments, such as a name, do not matter).
 */
export function assertSmeLUActivationParams(who: string, config: serialization.ConfigDict): void {
  assertActivationParamsKept(
      who, config, {
        beta: DEFAULT_SMELU_BETA,
        learnBeta: false,
        betaRegularizer: null,
        betaConstraint: null,
      },
      (param, value) => {
        if (param === 'beta' && typeof value === 'number') {
          return `For beta ${value} use activation: 'linear' followed by layers.smelu({beta: ${value}}).`;
        }
        if (SMELU_LAYER_ARGS.includes(param)) {
          return `Use activation: 'linear' followed by layers.smelu({${param}: ${specValue(value)}, ...}).`;
        }
        return `The SmeLU layer takes ${
            SMELU_LAYER_ARGS.join(', ')}: use activation: 'linear' followed by layers.smelu({...}).`;
      },
      LAYER_BASE_ARGS);
}

/**
 * Names that tfjs-layers reads back for ones it saved, or that earlier
 * versions wrote, each meaning the `'smelu'` activation: registered so that
 * such models load, and saved as `'smelu'` from then on.
 */
function registerAlias(className: string, onLoad?: () => void): void {
  const alias = class extends SmeLUActivation {
    /** @nocollapse */
    static override className = className;

    /** @nocollapse */
    static override fromConfig<T extends serialization.Serializable>(
        cls: serialization.SerializableConstructor<T>, config: serialization.ConfigDict): T {
      const activation = activationFromSpec(className, config);
      onLoad?.();
      return activation as unknown as T;
    }
  };
  serialization.registerClass(alias);
}

// `'SmeLU'` used as an activation string was saved by tfjs-layers as "sme_lu"
// (the snake_case of the class name) and is read back as `'smeLu'`.
registerAlias('smeLu');

let legacyNameExplained = false;
// tfjs-smelu 0.1.x accepted `activation: 'GeneralizedSmeLU'` (the layer class
// used as an activation: g-SmeLU at its defaults α = β = 2, g₋ = 0, g₊ = 1,
// t = 0, which is SmeLU with β = 2) and saved it as "generalized_sme_lu",
// read back as 'generalizedSmeLu', a name no version registered. It loads as
// what it computed, with one note (a config object's parameters were lost).
registerAlias('generalizedSmeLu', () => {
  if (legacyNameExplained) return;
  legacyNameExplained = true;
  console.warn(
      `tfjs-smelu: the activation "generalized_sme_lu" was written by tfjs-smelu 0.1.x for ` +
      `activation 'GeneralizedSmeLU', which computed g-SmeLU at its default parameters, that is SmeLU with ` +
      `beta 2: it loads as activation 'smelu' (saved under that name from now on). A model built with ` +
      `GeneralizedSmeLU parameters in that activation lost them when it was saved; rebuild it with ` +
      `activation: 'linear' followed by layers.gSmelu({...}).`);
});
