/**
 * Tabular data from CSV files, for `compare`: a header row of column names,
 * then one example per row. Parsing is csv-parse's (RFC 4180: quoted fields,
 * doubled quotes, CRLF, a UTF-8 BOM); this module selects the feature and
 * label columns, checks every value, encodes the label for the task, splits
 * off an eval set and standardizes features with training statistics. Every
 * error names the file, and the line and column where there is one.
 */
import {parse} from 'csv-parse/sync';
import * as fs from 'fs';

import {seededPermutation} from '../random';

/** A CSV file read as text: its header and its rows, with the line each row ends on. */
export interface CsvTable {
  /** The file, as given. */
  readonly file: string;
  /** Column names from the header row. */
  readonly columns: string[];
  /** The data rows' fields (every row has as many fields as the header). */
  readonly rows: string[][];
  /** The line of the file on which each row ends (1-based; the header is line 1 or later). */
  readonly lines: number[];
}

/** The kinds of label `compare` encodes. */
export type LabelTask = 'binary'|'multiclass'|'regression';

/** Which columns to use and how to read the label. */
export interface TabularSelection {
  /** The label column. */
  label: string;
  /** Feature columns, in the order the model takes them (default: every column but the label, in file order). */
  features?: string[];
  task: LabelTask;
  /** Multiclass: the number of classes C; labels must be integers 0..C−1. */
  numClasses?: number;
  /** How the options are named in errors (default `label`, `features`). */
  names?: {label?: string, features?: string};
}

/** Selected, checked and encoded columns of one table. */
export interface TabularData {
  readonly file: string;
  readonly features: string[];
  readonly numRows: number;
  /** [numRows × features] row-major. */
  readonly x: Float32Array;
  /** 0/1 (binary, float32), class ids (multiclass, int32) or targets (regression, float32). */
  readonly y: Float32Array|Int32Array;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses a decimal number the way a CSV of measurements writes one (`12`,
 * `-0.5`, `1e-3`, `.5`); anything else (empty, `NaN`, `0x1A`, `1,5`) is null.
 *
 * ```js
 * const {parseDecimal} = require('tfjs-smelu-repro/node');
 * console.log(parseDecimal(' 2.5e1 '), parseDecimal('n/a'));  // 25 null
 * ```
 */
export function parseDecimal(text: string): number|null {
  const t = text.trim();
  if (!NUMBER.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

/**
 * Reads a CSV file whose first row names the columns.
 *
 * ```js
 * // not run: reads a file
 * const {readCsvTable} = require('tfjs-smelu-repro/node');
 * const table = readCsvTable('train.csv');
 * console.log(table.columns, table.rows.length);
 * ```
 * @throws Error naming the file when it is missing, empty, has no data rows,
 *     repeats or leaves out a column name, has a row with another number of
 *     fields than the header (naming the line), or is not valid CSV.
 */
export function readCsvTable(file: string): CsvTable {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `CSV file '${file}' does not exist.` : `cannot read CSV file '${file}': ${(e as Error).message}`);
  }
  return parseCsvTable(text, file);
}

/**
 * {@link readCsvTable} on text already in memory; `file` names it in errors.
 *
 * ```js
 * const {parseCsvTable} = require('tfjs-smelu-repro/node');
 * const t = parseCsvTable('x,y\n1,0\n2,1\n', 'inline.csv');
 * console.log(t.columns, t.rows, t.lines);  // ['x', 'y'] [['1', '0'], ['2', '1']] [2, 3]
 * ```
 */
export function parseCsvTable(text: string, file: string): CsvTable {
  let records: {record: string[], info: {lines: number}}[];
  try {
    records = parse(text, {info: true, bom: true, skip_empty_lines: true, relax_column_count: true,
      record_delimiter: ['\r\n', '\n', '\r']}) as unknown as typeof records;
  } catch (e) {
    throw new Error(`CSV file '${file}' is not valid CSV: ${(e as Error).message}`);
  }
  if (records.length === 0) throw new Error(`CSV file '${file}' is empty: it needs a header row naming the columns, then data rows.`);
  const columns = records[0].record.map((c) => c.trim());
  const seen = new Map<string, number>();
  columns.forEach((name, i) => {
    if (name === '') throw new Error(`CSV file '${file}' line ${records[0].info.lines}: column ${i + 1} of the header has no name.`);
    if (seen.has(name)) {
      throw new Error(`CSV file '${file}' line ${records[0].info.lines}: the header names column '${name}' twice ` +
          `(columns ${seen.get(name)! + 1} and ${i + 1}).`);
    }
    seen.set(name, i);
  });
  if (records.length === 1) throw new Error(`CSV file '${file}' has a header row but no data rows.`);
  const rows: string[][] = [], lines: number[] = [];
  for (const {record, info} of records.slice(1)) {
    if (record.length !== columns.length) {
      throw new Error(`CSV file '${file}' line ${info.lines}: ${record.length} field(s), but the header names ${columns.length} columns.`);
    }
    rows.push(record);
    lines.push(info.lines);
  }
  return {file, columns, rows, lines};
}

/**
 * Checks that an eval table has the training table's columns (the same names;
 * the order may differ).
 *
 * ```js
 * const {parseCsvTable, assertSameColumns} = require('tfjs-smelu-repro/node');
 * assertSameColumns(parseCsvTable('a,b\n1,2\n', 'train.csv'), parseCsvTable('b,a\n2,1\n', 'eval.csv'));  // ok
 * ```
 * @throws Error listing the columns missing from, and extra in, the eval file.
 */
export function assertSameColumns(train: CsvTable, evalTable: CsvTable): void {
  const missing = train.columns.filter((c) => !evalTable.columns.includes(c));
  const extra = evalTable.columns.filter((c) => !train.columns.includes(c));
  if (missing.length === 0 && extra.length === 0) return;
  const parts = [missing.length > 0 ? `lacks ${missing.map((c) => `'${c}'`).join(', ')}` : '',
    extra.length > 0 ? `has ${extra.map((c) => `'${c}'`).join(', ')} that '${train.file}' does not` : ''].filter((p) => p !== '');
  throw new Error(`the eval file '${evalTable.file}' has other columns than the training file '${train.file}': it ${parts.join(' and ')}.`);
}

/**
 * The feature columns a selection names (all but the label by default), checked against the table.
 *
 * ```js
 * const {parseCsvTable, selectFeatures} = require('tfjs-smelu-repro/node');
 * console.log(selectFeatures(parseCsvTable('a,b,y\n1,2,0\n', 't.csv'), {label: 'y', task: 'binary'}));  // ['a', 'b']
 * ```
 * @throws Error naming a missing label or feature column, a feature listed twice, or the label listed as a feature.
 */
export function selectFeatures(table: CsvTable, selection: TabularSelection): string[] {
  const labelName = selection.names?.label ?? 'label';
  const featuresName = selection.names?.features ?? 'features';
  const known = `its columns are ${table.columns.map((c) => `'${c}'`).join(', ')}`;
  if (!table.columns.includes(selection.label)) {
    throw new Error(`CSV file '${table.file}' has no column '${selection.label}' (${labelName}); ${known}.`);
  }
  const features = selection.features ?? table.columns.filter((c) => c !== selection.label);
  if (features.length === 0) throw new Error(`${featuresName}: no feature columns are left in '${table.file}' besides the label '${selection.label}'.`);
  const seen = new Set<string>();
  for (const f of features) {
    if (!table.columns.includes(f)) throw new Error(`CSV file '${table.file}' has no column '${f}' (${featuresName}); ${known}.`);
    if (f === selection.label) throw new Error(`${featuresName} lists the label column '${f}'; a label cannot also be a feature.`);
    if (seen.has(f)) throw new Error(`${featuresName} lists the column '${f}' twice.`);
    seen.add(f);
  }
  return features;
}

/**
 * Selects the features and the label of a table, checks every value, and
 * encodes the label: binary → 0 or 1; multiclass → an integer class id in
 * 0..C−1; regression → any finite number.
 *
 * ```js
 * const {parseCsvTable, tabularFromCsv} = require('tfjs-smelu-repro/node');
 * const d = tabularFromCsv(parseCsvTable('a,b,y\n1,2,0\n3,4,1\n', 't.csv'), {label: 'y', task: 'binary'});
 * console.log(Array.from(d.x), Array.from(d.y));  // [1, 2, 3, 4] [0, 1]
 * ```
 * @throws Error naming the file, line and column of the first value that is
 *     not a number, or of a label outside the task's range; and as {@link selectFeatures}.
 */
export function tabularFromCsv(table: CsvTable, selection: TabularSelection): TabularData {
  const features = selectFeatures(table, selection);
  const {task} = selection;
  const classes = selection.numClasses;
  if (task === 'multiclass' && !(Number.isInteger(classes) && classes! >= 2)) {
    throw new Error(`tabularFromCsv: a multiclass task needs numClasses ≥ 2, but got ${String(classes)}.`);
  }
  const featureIndex = features.map((f) => table.columns.indexOf(f));
  const labelIndex = table.columns.indexOf(selection.label);
  const n = table.rows.length, F = features.length;
  const x = new Float32Array(n * F);
  const y = task === 'multiclass' ? new Int32Array(n) : new Float32Array(n);
  const where = (r: number, column: string) => `CSV file '${table.file}' line ${table.lines[r]}, column '${column}'`;
  for (let r = 0; r < n; r++) {
    const row = table.rows[r];
    for (let j = 0; j < F; j++) {
      const text = row[featureIndex[j]];
      const v = parseDecimal(text);
      if (v == null) {
        throw new Error(`${where(r, features[j])}: ${text.trim() === '' ? 'the value is empty' : `'${text}' is not a number`}; ` +
            'features must be numeric.');
      }
      x[r * F + j] = v;
    }
    const text = row[labelIndex];
    const v = parseDecimal(text);
    const range = task === 'binary' ? 'the binary task\'s labels 0 and 1' :
        task === 'multiclass' ? `the ${classes}-class task's class ids 0..${classes! - 1} (the model has ${classes} outputs)` : 'a finite number';
    if (v == null) {
      throw new Error(`${where(r, selection.label)}: ${text.trim() === '' ? 'the label is empty' : `the label '${text}' is not a number`}; ` +
          `labels must be ${range}.`);
    }
    if ((task === 'binary' && v !== 0 && v !== 1) ||
        (task === 'multiclass' && !(Number.isInteger(v) && v >= 0 && v < classes!))) {
      throw new Error(`${where(r, selection.label)}: the label '${text}' is outside ${range}.`);
    }
    y[r] = v;
  }
  return {file: table.file, features, numRows: n, x, y};
}

/**
 * Splits rows into a training and an eval part: a seeded permutation of the
 * rows, the last `round(n · fraction)` of it (at least 1) held out, each part
 * kept in file order.
 *
 * ```js
 * const {splitRows} = require('tfjs-smelu-repro/node');
 * const {train, eval: held} = splitRows(10, 0.2, 1);
 * console.log(train.length, held.length);  // 8 2
 * ```
 * @throws Error when the fraction is not in (0, 1) or leaves a part empty.
 */
export function splitRows(numRows: number, fraction: number, seed: number, name = 'evalFraction'): {train: Int32Array, eval: Int32Array} {
  if (!(typeof fraction === 'number' && fraction > 0 && fraction < 1)) {
    throw new Error(`${name} must be a number between 0 and 1 (exclusive), but got ${String(fraction)}.`);
  }
  const numEval = Math.max(1, Math.round(numRows * fraction));
  if (numEval >= numRows) {
    throw new Error(`${name} ${fraction} of ${numRows} row(s) leaves no training rows; the file needs more rows or a smaller fraction.`);
  }
  const order = seededPermutation(numRows, `eval-split:${seed}`);
  const sorted = (a: Int32Array) => a.slice().sort();
  return {train: sorted(order.subarray(0, numRows - numEval)), eval: sorted(order.subarray(numRows - numEval))};
}

/**
 * The rows `indices` of a data set (e.g. one side of {@link splitRows}).
 *
 * ```js
 * // not run: a fragment; `data` comes from tabularFromCsv
 * const part = takeRows(data, new Int32Array([0, 2]));
 * ```
 */
export function takeRows(data: TabularData, indices: Int32Array): TabularData {
  const F = data.features.length;
  const x = new Float32Array(indices.length * F);
  const y = data.y instanceof Int32Array ? new Int32Array(indices.length) : new Float32Array(indices.length);
  indices.forEach((row, i) => {
    x.set(data.x.subarray(row * F, (row + 1) * F), i * F);
    y[i] = data.y[row];
  });
  return {file: data.file, features: data.features, numRows: indices.length, x, y};
}

/** Per-feature mean and standard deviation (population; features with sd 0 get sd 1). */
export interface FeatureScaling {
  mean: number[];
  std: number[];
  /** Features whose training values are all equal (left centred, not scaled). */
  constant: string[];
}

/**
 * Standardization statistics of the training rows (float64): z = (x − mean) / sd.
 *
 * ```js
 * const {featureScaling} = require('tfjs-smelu-repro/node');
 * const s = featureScaling({file: 't', features: ['a'], numRows: 2, x: new Float32Array([1, 3]), y: new Float32Array(2)});
 * console.log(s.mean, s.std);  // [2] [1]
 * ```
 */
export function featureScaling(train: TabularData): FeatureScaling {
  const F = train.features.length, n = train.numRows;
  const mean = new Array<number>(F).fill(0), std = new Array<number>(F).fill(0);
  for (let r = 0; r < n; r++) for (let j = 0; j < F; j++) mean[j] += train.x[r * F + j];
  for (let j = 0; j < F; j++) mean[j] /= n;
  for (let r = 0; r < n; r++) for (let j = 0; j < F; j++) std[j] += (train.x[r * F + j] - mean[j]) ** 2;
  const constant: string[] = [];
  for (let j = 0; j < F; j++) {
    std[j] = Math.sqrt(std[j] / n);
    if (!(std[j] > 0)) {
      std[j] = 1;
      constant.push(train.features[j]);
    }
  }
  return {mean, std, constant};
}

/**
 * The data with its features standardized by `scaling` (a new object).
 *
 * ```js
 * // not run: a fragment
 * const scaled = standardize(evalData, featureScaling(trainData));
 * ```
 */
export function standardize(data: TabularData, scaling: FeatureScaling): TabularData {
  const F = data.features.length;
  const x = new Float32Array(data.x.length);
  for (let i = 0; i < x.length; i++) x[i] = (data.x[i] - scaling.mean[i % F]) / scaling.std[i % F];
  return {...data, x};
}
