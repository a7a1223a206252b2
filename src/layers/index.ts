import {
  ConstraintArg,
  GeneralizedSmeLU,
  GeneralizedSmeLULayerArgs,
  InitializerArg,
  RegularizerArg
} from './generalized_smelu_layer';
import {SmeLU, SmeLULayerArgs} from './smelu_layer';

/**
 * Creates a {@link SmeLU} activation layer (the package's `tf.layers.smelu`).
 *
 * ```js
 * const layer = tfSmelu.layers.smelu({beta: 1});
 * layer.apply(tf.tensor1d([-2, -0.5, 0, 0.5, 2])).print();  // [0, 0.0625, 0.25, 0.5625, 2]
 * ```
 * @param args `{beta}` plus the usual layer arguments (name, inputShape, ...).
 */
export function smelu(args?: SmeLULayerArgs): SmeLU {
  return new SmeLU(args);
}

/**
 * Creates a {@link GeneralizedSmeLU} (g-SmeLU) activation layer with
 * learnable half-widths, slopes and shift.
 *
 * ```js
 * const layer = tfSmelu.layers.gSmelu({alpha: 1, beta: 2, gNeg: -0.5, trainableParams: ['beta']});
 * layer.apply(tf.tensor1d([-3, -1, 0, 1, 3])).print();  // [1, 0, -0.25, 0, 1.75]
 * ```
 * @param args Parameter values, initializers, regularizers, constraints,
 *     `trainableParams`, `perChannel`, `axis`, plus the usual layer arguments.
 */
export function gSmelu(args?: GeneralizedSmeLULayerArgs): GeneralizedSmeLU {
  return new GeneralizedSmeLU(args);
}

/**
 * Layer factories of this package. In ESM builds of tfjs, `tf.layers` is a
 * frozen module namespace, so use these (`layers.smelu(...)`); in CommonJS
 * builds `import 'tfjs-smelu'` also installs them on `tf.layers`.
 *
 * ```js
 * const model = tf.sequential({layers: [
 *   tf.layers.dense({units: 4, inputShape: [2]}),
 *   tfSmelu.layers.smelu({beta: 1}),
 *   tfSmelu.layers.gSmelu({beta: 1}),
 * ]});
 * model.predict(tf.ones([1, 2])).print();
 * ```
 */
export const layers = {
  /** Creates a {@link SmeLU} layer: `layers.smelu({beta})`. */
  smelu,
  /** Creates a {@link GeneralizedSmeLU} layer: `layers.gSmelu({alpha, beta, gNeg, gPos, shift})`. */
  gSmelu,
};
export {GeneralizedSmeLU, SmeLU};
export type {ConstraintArg, GeneralizedSmeLULayerArgs, InitializerArg, RegularizerArg, SmeLULayerArgs};
