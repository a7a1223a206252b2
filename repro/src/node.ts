/**
 * `tfjs-smelu-repro/node`: the Node-only parts of the toolkit: the data
 * loaders (`data/`: file system, zlib, `apt-get download`), the report
 * folder (`report/write.ts`: files, SVG plots rendered with vega-lite,
 * written whole or not at all), parallel replicas in worker processes
 * (`parallel/`: workloads described as data, the runner),
 * `compareActivations` (`compare/`: a saved model on CSV data), and the
 * error an unusable output folder gives (`util/`). The
 * browser-safe parts (metrics, trainer, experiment, workloads) are the main
 * entry, `tfjs-smelu-repro`.
 *
 * @module tfjs-smelu-repro/node
 */
export * from './compare';
export * from './data';
export * from './util';
export * from './parallel';
export {assertWritableOutputDir, REPORT_FILES, writeReport} from './report/write';
export type {WriteReportOptions, WrittenReport} from './report/write';
