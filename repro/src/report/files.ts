/**
 * The names of the files a report writes into its output folder: a single
 * run's (write.ts) and a shuffling dial's (dial.ts). A report written over an
 * earlier one of either kind removes the earlier one's files that it does not
 * write again (unchanged ones: see util/output_folder.ts), so both kinds share
 * one list of what a report of this toolkit may have written.
 */
import {PD_METRIC_NAMES, PDMetric, pdMetric} from '../metrics/registry';
import {REPORT_MANIFEST} from '../util/output_folder';
import {RESULTS_FILE} from './html';

/**
 * File names inside the output folder (`manifest` names the others, with
 * their SHA-256).
 *
 * ```js
 * const {REPORT_FILES} = require('tfjs-smelu-repro/node');
 * console.log(REPORT_FILES.results, REPORT_FILES.html);  // results.json report.html
 * ```
 */
export const REPORT_FILES = {
  results: RESULTS_FILE,
  html: 'report.html',
  pdLossPlot: 'pd_vs_loss.svg',
  pdPlot: 'pd_by_activation.svg',
  table: 'table.md',
  manifest: REPORT_MANIFEST,
} as const;

/** The plot of a PD metric shown with intervals besides the headline (e.g. `topKSwap_by_activation.svg`). */
export const metricPlotFile = (metric: PDMetric) => `${metric}_by_activation.svg`;

/** Every file a single run's report may write itself (the manifest is added by writeOutputFiles). */
export const REPORT_CONTENT_FILES: readonly string[] = [
  ...Object.values(REPORT_FILES).filter((f) => f !== REPORT_MANIFEST),
  ...PD_METRIC_NAMES.filter((m) => pdMetric(m).display?.show === 'interval').map(metricPlotFile),
];

/**
 * File names of a dial report (the manifest names the others, with their SHA-256).
 *
 * ```js
 * console.log(DIAL_REPORT_FILES.plot);  // pd_ratio_vs_window.svg
 * ```
 */
export const DIAL_REPORT_FILES = {
  results: RESULTS_FILE,
  html: 'report.html',
  table: 'table.md',
  plot: 'pd_ratio_vs_window.svg',
  manifest: REPORT_MANIFEST,
} as const;

/** Every file a dial report writes itself. */
export const DIAL_CONTENT_FILES: readonly string[] =
    Object.values(DIAL_REPORT_FILES).filter((f) => f !== REPORT_MANIFEST);

/** Every file a report of either kind may have written: what a later report into the folder may replace or remove. */
export const EVERY_REPORT_FILE: readonly string[] = [...new Set([...REPORT_CONTENT_FILES, ...DIAL_CONTENT_FILES])];
