/**
 * `tfjs-smelu/node`: the file-system model IO handler, Node only, kept out
 * of the main entry so that browser bundles of `tfjs-smelu` never see `fs`.
 * It works from CommonJS and ES modules and needs no tfjs-node.
 *
 * ```js
 * const {fileSystemHandler} = require('tfjs-smelu/node');
 * const model = tf.sequential({layers: [tf.layers.dense({units: 1, inputShape: [2], activation: 'smelu'})]});
 * await model.save(fileSystemHandler('my-model'));  // my-model/model.json + weights.bin
 * const loaded = await tf.loadLayersModel(fileSystemHandler('my-model/model.json'));
 * ```
 *
 * @module tfjs-smelu/node
 */
export {fileSystemHandler, MODEL_JSON_FILENAME, WEIGHTS_BINARY_FILENAME} from './io';
export type {FileSystemHandlerOptions} from './io';
