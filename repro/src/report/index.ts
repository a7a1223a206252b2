/**
 * The report: an ExperimentResult as a table (tables.ts, for the terminal
 * and Markdown), Vega-Lite plot specs (plots.ts), one HTML page (html.ts),
 * and the output folder that holds them with results.json (write.ts, Node
 * only: it renders the SVGs and writes files, so `tfjs-smelu-repro/node`
 * exports it, not this index).
 *
 * In: an ExperimentResult (and what a command adds). Out: text, and the
 * report folder.
 */
export {formatResultsMarkdown, formatResultsTable} from './tables';
export type {ReportExtras} from './html';
