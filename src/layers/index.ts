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
 * Layer factories of this package. In ESM builds of tfjs, `tf.layers` is a
 * frozen module namespace, so use these (`layers.smelu(...)`); in CommonJS
 * builds `import 'tfjs-smelu'` also installs them on `tf.layers`.
 */
export const layers = {smelu};
export {SmeLU};
export type {SmeLULayerArgs};
