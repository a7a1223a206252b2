/**
 * `tfjs-smelu-repro/node`: the Node-only parts of the toolkit: data loaders
 * (file system, zlib, `apt-get download`) and the report writer (files, SVG
 * plots rendered with vega-lite). The browser-safe parts (metrics, trainer,
 * runner, workloads) are the main entry, `tfjs-smelu-repro`.
 *
 * @module tfjs-smelu-repro/node
 */
export * from './data';
export {assertWritableOutputDir, pdLossPlotSpec, pdPlotSpec, renderVegaLiteSvg, REPORT_FILES, reportHtml, writeReport} from './report';
