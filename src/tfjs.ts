/**
 * `tfjs-smelu/tfjs`: a drop-in for `@tensorflow/tfjs` whose `layers` also
 * has `smelu` and `gSmelu`, fully typed, so `tf.layers.smelu({beta})` works
 * in ESM code (Node, esbuild, vite, webpack, TypeScript), where tfjs's own
 * `tf.layers` is a frozen module namespace. Everything else is
 * `@tensorflow/tfjs` itself (the same objects), plus this package's ops
 * `smelu`, `smeluGrad` and `generalizedSmelu`. Importing it registers
 * everything, as `import 'tfjs-smelu'` does.
 *
 * Needs `@tensorflow/tfjs` installed next to `tfjs-smelu`.
 *
 * ```js
 * // import * as tf from 'tfjs-smelu/tfjs';
 * const model = tf.sequential({layers: [
 *   tf.layers.dense({units: 4, inputShape: [2]}),
 *   tf.layers.smelu({beta: 1}),
 * ]});
 * ```
 *
 * @module tfjs-smelu/tfjs
 */
import {layers as tfjsLayers} from '@tensorflow/tfjs';

// The package's main entry by name (a self-reference): one copy of its
// registrations, whichever entries an app imports.
import {layers as smeluLayers} from 'tfjs-smelu';

export * from '@tensorflow/tfjs';
export {generalizedSmelu, smelu, smeluGrad} from 'tfjs-smelu';

/**
 * `@tensorflow/tfjs`'s `layers` namespace plus this package's layer
 * factories `smelu` ({@link tfjs-smelu!SmeLU}) and `gSmelu` ({@link tfjs-smelu!GeneralizedSmeLU}).
 *
 * ```js
 * // import * as tf from 'tfjs-smelu/tfjs';
 * const layer = tf.layers.smelu({beta: 1});
 * layer.apply(tf.tensor1d([-2, 0, 2])).print();  // [0, 0.25, 2]
 * ```
 */
export const layers: typeof tfjsLayers&typeof smeluLayers = {
  ...tfjsLayers,
  ...smeluLayers
};
