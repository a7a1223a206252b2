/**
 * `tfjs-smelu/node`: Node-only helpers, kept out of the main entry so that
 * browser bundles of `tfjs-smelu` never see `fs`.
 *
 * ```js
 * const {fileSystemHandler} = require('tfjs-smelu/node');
 * const model = await tf.loadLayersModel(fileSystemHandler('my-model/model.json'));
 * ```
 *
 * @module tfjs-smelu/node
 */
export {fileSystemHandler, MODEL_JSON_FILENAME, WEIGHTS_BINARY_FILENAME} from './io';
export type {FileSystemHandlerOptions} from './io';
export * from './data';
export {assertWritableOutputDir, pdLossPlotSpec, pdPlotSpec, renderVegaLiteSvg, REPORT_FILES, reportHtml, writeReport} from './reproducibility/report';
