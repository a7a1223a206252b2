/**
 * Writes an experiment's output folder: `results.json`, `report.html`,
 * `table.md` and SVG plots rendered in Node with vega-lite + vega (no
 * browser, no canvas), and the manifest that names them. Node-only. The
 * folder must be missing, empty or hold an earlier report; a report replaces
 * only the files the earlier one wrote, whole or not at all (see
 * util/output_folder.ts).
 */
import * as path from 'path';

import {version} from '../../package.json';
import type {ExperimentResult} from '../experiment/types';
import {nodeRequire} from '../util/node_require';
import {inspectOutputFolder, writeOutputFiles} from '../util/output_folder';
import {EVERY_REPORT_FILE, metricPlotFile, REPORT_CONTENT_FILES, REPORT_FILES} from './files';
import {ReportExtras, reportHtml} from './html';
import {assertNotPartialDir} from './partial';
import {intervalMetrics, metricPlotSpec, pdLossPlotSpec, pdPlotSpec, VegaLiteSpec} from './plots';
import {formatResultsMarkdown} from './tables';

export {metricPlotFile, REPORT_FILES} from './files';

/**
 * Fails early (before any training, writing nothing) unless `outDir` is
 * missing (and can be created), empty, or holds an earlier report of this
 * toolkit whose files are unchanged (its manifest lists them with their
 * SHA-256).
 *
 * ```js
 * tfSmeluRepro.assertWritableOutputDir('demo-output');  // a new folder: fine (nothing is created)
 * ```
 * @param name How the message names the folder (default `output folder`; the commands say `--out`).
 * @throws OutputFolderError in one line naming the folder and a few of the files in the way.
 */
export function assertWritableOutputDir(outDir: string, name?: string): void {
  inspectOutputFolder(outDir, REPORT_CONTENT_FILES, name, EVERY_REPORT_FILE);
  assertNotPartialDir(outDir, name);
}

/**
 * Renders a Vega-Lite spec to an SVG string in Node.
 *
 * ```js
 * const svg = await renderVegaLiteSvg({mark: 'point', data: {values: [{a: 1}]}, encoding: {x: {field: 'a'}}});
 * ```
 */
export async function renderVegaLiteSvg(spec: VegaLiteSpec): Promise<string> {
  // Loaded on demand: only report writing needs them.
  const vegaLite = nodeRequire('vega-lite') as {compile(spec: unknown): {spec: unknown}};
  const vega = nodeRequire('vega') as {
    parse(spec: unknown): unknown,
    View: new (runtime: unknown, options: {renderer: string}) => {toSVG(): Promise<string>, finalize(): void},
  };
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), {renderer: 'none'});
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Where a report went: its folder, report.html and results.json in it, and every file written (the manifest last). */
export interface WrittenReport {
  dir: string;
  html: string;
  json: string;
  files: string[];
}

/** Options of {@link writeReport}. */
export interface WriteReportOptions {
  /** How messages name the folder (default `output folder`; the commands say `--out`). */
  name?: string;
  /** What a command adds to report.html (compareActivations adds its model, data and swap sections). */
  extras?: ReportExtras;
}

/**
 * Writes results.json, report.html, table.md, the SVG plots and the manifest
 * to `outDir`: a missing or empty folder, or one holding an earlier report,
 * whose files (and only those) are replaced, all together or not at all.
 *
 * ```js
 * // not run: `result` comes from runExperiment (see there)
 * const files = await tfSmeluRepro.writeReport(result, 'demo-output');
 * console.log(files.html);  // demo-output/report.html
 * ```
 * @throws OutputFolderError when the folder cannot be used (nothing is written then).
 */
export async function writeReport(
    result: ExperimentResult, outDir: string, options: WriteReportOptions = {}): Promise<WrittenReport> {
  const {name} = options;
  assertWritableOutputDir(outDir, name);  // before the plots are rendered
  const metrics = intervalMetrics(result);
  const svgs = {
    pdLoss: await renderVegaLiteSvg(pdLossPlotSpec(result)),
    pd: await renderVegaLiteSvg(pdPlotSpec(result)),
    metrics: {} as Record<string, string>,
  };
  for (const m of metrics) svgs.metrics[m] = await renderVegaLiteSvg(metricPlotSpec(result, m));
  // A signal that came while the plots rendered (in promise callbacks, where it cannot be handled) is acted on
  // now, before the commit: the loop turns twice, so that its poll phase reads the queued signal.
  await new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
  const files = {
    [REPORT_FILES.results]: `${JSON.stringify(result, null, 2)}\n`,
    [REPORT_FILES.html]: reportHtml(result, svgs, options.extras),
    [REPORT_FILES.table]: `${formatResultsMarkdown(result)}\n\n${result.verdict.map((v) => `- ${v}`).join('\n')}\n`,
    [REPORT_FILES.pdLossPlot]: svgs.pdLoss,
    [REPORT_FILES.pdPlot]: svgs.pd,
    ...Object.fromEntries(metrics.map((m) => [metricPlotFile(m), svgs.metrics[m]])),
  };
  const writer = {
    writtenBy: `tfjs-smelu-repro ${version}`,
    replaces: EVERY_REPORT_FILE,
    ...(name !== undefined ? {name} : {})
  };
  const dir = writeOutputFiles(outDir, files, writer);
  return {
    dir,
    html: path.join(dir, REPORT_FILES.html),
    json: path.join(dir, REPORT_FILES.results),
    files: [...Object.keys(files), REPORT_FILES.manifest],
  };
}
