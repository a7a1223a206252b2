/**
 * Tabular data from CSV files, for `compare`: a header row of column names,
 * then one example per row. The file is streamed through csv-parse
 * (csv_records.ts) straight into typed arrays, once: the text is never held
 * whole, so memory stays near the float32 data itself. This module selects
 * the feature and label columns, checks every value, encodes the label for
 * the task (numbers, or text labels mapped with `positive` / `classes`),
 * refuses data too large for the memory it is given before its rows are
 * read, splits off an eval set and standardizes features with training
 * statistics. Every error is one line naming the file, and the line and
 * column where there is one.
 */
import * as fs from 'fs';
import {Readable} from 'stream';

import {boundedList, boundedText} from '../../../src/validate';
import type {OutputKind} from '../metrics/registry';
import {seededPermutation} from '../training/random';
import {assertUtf8Csv, csvFileError, forEachCsvRecord, lineBreaks, readCsvHead} from './csv_records';

/** The kinds of label `compare` encodes. */
export type LabelTask = OutputKind;

/** Which columns to use and how to read the label. */
export interface TabularSelection {
  /** The label column. */
  label: string;
  /** Feature columns, in the order the model takes them (default: every column but the label, in file order). */
  features?: string[];
  task: LabelTask;
  /** Multiclass: the number of classes C; labels must be integers 0..C−1 (or the C texts of `classes`). */
  numClasses?: number;
  /**
   * Binary task with text labels: the label of the positive class (encoded 1);
   * the one other label in the file is the negative class (0). Compared as
   * text, after trimming spaces.
   */
  positive?: string;
  /**
   * With `positive`: the negative class's label when it is already known (an eval file read after its training file).
   */
  negative?: string;
  /** Multiclass task with text labels: the labels of classes 0..C−1, in order. */
  classes?: string[];
  /** How the options are named in errors (default `label`, `features`, `positive`, `classes`). */
  names?: {label?: string, features?: string, positive?: string, classes?: string};
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
  /** Class id → label text, when text labels were mapped (`positive`: [negative, positive]; `classes`). */
  readonly labelNames?: string[];
}

/** A limit on the float32 data one file may hold, and how to explain it. */
export interface TabularDataLimit {
  /** The most bytes of float32 data (rows × (features + 1) × 4). */
  maxBytes: number;
  /** Completes the refusal: why this is the limit and what to do (e.g. "…; use fewer --jobs."). */
  explain: (dataBytes: number) => string;
}

/** Options of {@link readTabularCsv}. */
export interface ReadTabularOptions {
  /** The columns the file must have, in any order (an eval file: its training file's columns). */
  columns?: readonly string[];
  /** The training file the `columns` come from, for the error message. */
  columnsOf?: string;
  /**
   * Called with the selected features once the header is read, before any value (e.g. to check a model's input width).
   */
  onHeader?: (features: string[], columns: string[]) => void;
  /** Default: the largest array a typed array can be (2³¹ − 1 values of x). */
  limit?: TabularDataLimit;
}

/** What {@link readTabularCsv} returns: the data, and every column name of the file. */
export interface TabularFile extends TabularData {
  readonly columns: string[];
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const LINE_BREAK = /[\r\n]/;

/** Why a value is not a number, for the error line: empty, a quoted line break, or not a number. */
function notANumber(text: string, what: string): string {
  if (text.trim() === '') return 'the value is empty';
  if (LINE_BREAK.test(text))
    return `the ${what} '${boundedText(text)}' holds a line break (a quoted field that runs over two lines)`;
  return `'${boundedText(text)}' is not a number`;
}

/** The most values one typed array of x may hold here (kept under 2³¹ for every engine and backend). */
const MAX_ARRAY_VALUES = 2 ** 31 - 1;
/** Rows read before the file's total is estimated and checked against the limit. */
const ROWS_BEFORE_ESTIMATE = 1000;

/**
 * Parses a decimal number the way a CSV of measurements writes one (`12`,
 * `-0.5`, `1e-3`, `.5`, with spaces around it); anything else (empty, `NaN`,
 * `0x1A`, `1,5`, or a line break: a quoted field `"0.5\r\n"` that runs over
 * two lines) is null.
 *
 * ```js
 * console.log(parseDecimal(' 2.5e1 '), parseDecimal('n/a'), parseDecimal('0.5\r\n'));  // 25 null null
 * ```
 */
export function parseDecimal(text: string): number|null {
  // Most values need no trim (a printable ASCII character at each end); the others get String.prototype.trim's,
  // but a line break is not a space around a number: only a quoted field holds one, and it is a malformed value.
  const first = text.charCodeAt(0), last = text.charCodeAt(text.length - 1);
  const plain = first > 32 && first < 127 && last > 32 && last < 127;
  if (!plain && LINE_BREAK.test(text)) return null;
  const t = plain ? text : text.trim();
  if (!NUMBER.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

const formatBytes = (bytes: number) =>
    (bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` :
                    `${Math.max(1, Math.round(bytes / 1e6)).toLocaleString('en-US')} MB`);

const formatCount = (n: number) =>
    (n >= 1e9 ? `${(n / 1e9).toFixed(1)} billion` :
         n >= 1e6 ? `${(n / 1e6).toFixed(1)} million` :
                    Math.round(n).toLocaleString('en-US'));

/** Row values stored in chunks of about 1 MiB as they arrive (no array ever grows by copying). */
class RowChunks {
  private readonly xs: Float32Array[] = [];
  private readonly ys: (Float32Array|Int32Array)[] = [];
  private readonly rowsPerChunk: number;
  numRows = 0;

  constructor(readonly width: number, readonly intLabels: boolean) {
    this.rowsPerChunk = Math.max(1, Math.floor(262_144 / Math.max(1, width)));
  }

  /** The x slot of a new row (its label is set with {@link setLabel}). */
  addRow(): {x: Float32Array, offset: number} {
    const c = Math.floor(this.numRows / this.rowsPerChunk), r = this.numRows % this.rowsPerChunk;
    if (c === this.xs.length) {
      this.xs.push(new Float32Array(this.rowsPerChunk * this.width));
      this.ys.push(this.intLabels ? new Int32Array(this.rowsPerChunk) : new Float32Array(this.rowsPerChunk));
    }
    this.numRows++;
    return {x: this.xs[c], offset: r * this.width};
  }

  setLabel(value: number): void {
    const row = this.numRows - 1;
    this.ys[Math.floor(row / this.rowsPerChunk)][row % this.rowsPerChunk] = value;
  }

  /** One array per part, each chunk released once copied. */
  concat(): {x: Float32Array, y: Float32Array|Int32Array} {
    const n = this.numRows, F = this.width;
    const x = new Float32Array(n * F);
    const y = this.intLabels ? new Int32Array(n) : new Float32Array(n);
    for (let c = 0; c < this.xs.length; c++) {
      const start = c * this.rowsPerChunk, rows = Math.min(this.rowsPerChunk, n - start);
      x.set(this.xs[c].subarray(0, rows * F), start * F);
      y.set(this.ys[c].subarray(0, rows), start);
      (this.xs as unknown[])[c] = null;
      (this.ys as unknown[])[c] = null;
    }
    return {x, y};
  }
}

/** The selected columns of a header: feature names and positions, the label's position. */
function selectColumns(columns: string[], selection: TabularSelection, file: string):
    {features: string[], featureIndex: number[], labelIndex: number} {
  const labelName = selection.names?.label ?? 'label';
  const featuresName = selection.names?.features ?? 'features';
  const delimiterHint = columns.length === 1 && /[;\t|]/.test(columns[0]) ?
      ` (one column: the reader splits fields at commas, and this header looks separated by '${
          columns[0].match(/[;\t|]/)![0].replace('\t', '\\t')}')` :
      '';
  const known = `its ${columns.length.toLocaleString('en-US')} column(s) are ${boundedList(columns)}${delimiterHint}`;
  if (!columns.includes(selection.label)) {
    throw new Error(`CSV file '${file}' has no column '${boundedText(selection.label)}' (${labelName}); ${known}.`);
  }
  const features = selection.features ?? columns.filter((c) => c !== selection.label);
  if (features.length === 0) {
    throw new Error(`${featuresName}: no feature columns are left in '${file}' besides the label '${
        boundedText(selection.label)}'.`);
  }
  const seen = new Set<string>();
  for (const f of features) {
    if (!columns.includes(f))
      throw new Error(`CSV file '${file}' has no column '${boundedText(f)}' (${featuresName}); ${known}.`);
    if (f === selection.label)
      throw new Error(`${featuresName} lists the label column '${boundedText(f)}'; a label cannot also be a feature.`);
    if (seen.has(f)) throw new Error(`${featuresName} lists the column '${boundedText(f)}' twice.`);
    seen.add(f);
  }
  const position = new Map(columns.map((c, i) => [c, i] as const));
  return {features, featureIndex: features.map((f) => position.get(f)!), labelIndex: position.get(selection.label)!};
}

/** Checks a header row: every column named, no name twice. */
function checkHeader(columns: string[], file: string, line: number): void {
  const seen = new Map<string, number>();
  columns.forEach((name, i) => {
    if (name === '') throw new Error(`CSV file '${file}' line ${line}: column ${i + 1} of the header has no name.`);
    if (seen.has(name)) {
      throw new Error(
          `CSV file '${file}' line ${line}: the header names column '${boundedText(name)}' twice ` +
          `(columns ${seen.get(name)! + 1} and ${i + 1}).`);
    }
    seen.set(name, i);
  });
}

/** Checks that a file has the expected columns (the same names; the order may differ). */
function checkSameColumns(expected: readonly string[], columns: string[], file: string, expectedFile: string): void {
  const have = new Set(columns), want = new Set(expected);
  const missing = expected.filter((c) => !have.has(c));
  const extra = columns.filter((c) => !want.has(c));
  if (missing.length === 0 && extra.length === 0) return;
  const parts = [
    missing.length > 0 ? `lacks ${boundedList(missing, 100)}` : '',
    extra.length > 0 ? `has ${boundedList(extra, 100)} that '${expectedFile}' does not` : ''
  ].filter((p) => p !== '');
  throw new Error(
      `the eval file '${file}' has other columns than the training file '${expectedFile}': it ${parts.join(' and ')}.`);
}

/** Encodes label texts for a task (numbers, or text labels through `positive` / `classes`). */
function labelEncoder(selection: TabularSelection, file: string, where: () => string):
    {encode: (text: string) => number, names: () => string[] | undefined} {
  const {task} = selection;
  const classes = selection.numClasses;
  const positiveName = selection.names?.positive ?? 'positive';
  const classesName = selection.names?.classes ?? 'classes';
  const range = task === 'binary' ?
      'the binary task\'s labels 0 and 1' :
      task === 'multiclass' ?
      `the ${classes}-class task's class ids 0..${classes! - 1} (the model has ${classes} outputs)` :
      'a finite number';
  const empty = () => new Error(`${where()}: the label is empty; every row needs a label.`);
  if (task === 'binary' && selection.positive != null) {
    const positive = selection.positive;
    let negative = selection.negative;
    let seenPositive = false;
    return {
      encode(text) {
        const t = text.trim();
        if (t === '') throw empty();
        if (t === positive) {
          seenPositive = true;
          return 1;
        }
        if (negative === undefined) negative = t;
        if (t === negative) return 0;
        throw new Error(
            `${where()}: the label '${boundedText(t)}' is a third label: with ${positiveName} '${
                boundedText(positive)}' ` +
            `the labels must be '${boundedText(positive)}' (1) and one other, here '${boundedText(negative)}' (0).`);
      },
      names: () => {
        if (!seenPositive && selection.negative === undefined) {
          throw new Error(
              `${positiveName} '${boundedText(positive)}' is not a label of the column '${
                  boundedText(selection.label)}' of '${file}'` +
              `${
                  negative !== undefined ? ` (its only label is '${boundedText(negative)}')` :
                                           ''}; give the positive class's label as written.`);
        }
        return [negative ?? '', positive];
      },
    };
  }
  if (task === 'multiclass' && selection.classes != null) {
    const ids = new Map(selection.classes.map((c, i) => [c, i] as const));
    return {
      encode(text) {
        const t = text.trim();
        if (t === '') throw empty();
        const id = ids.get(t);
        if (id === undefined) {
          throw new Error(`${where()}: the label '${boundedText(t)}' is not one of ${classesName} (${
              boundedList(selection.classes!, 120)}).`);
        }
        return id;
      },
      names: () => [...selection.classes!],
    };
  }
  return {
    encode(text) {
      const v = parseDecimal(text);
      if (v == null) {
        if (text.trim() === '') throw empty();
        const how = task === 'binary' ? `, or name the positive class of text labels with ${positiveName} (e.g. ${
                                            positiveName} '${boundedText(text.trim(), 20)}')` :
            task === 'multiclass' ? `, or list the text labels in class-id order with ${classesName} (e.g. ${
                                        classesName} '${boundedText(text.trim(), 20)},…')` :
                                    '';
        const why =
            LINE_BREAK.test(text) ? notANumber(text, 'label') : `the label '${boundedText(text)}' is not a number`;
        throw new Error(`${where()}: ${why}; labels must be ${range}${how}.`);
      }
      if ((task === 'binary' && v !== 0 && v !== 1) ||
          (task === 'multiclass' && !(Number.isInteger(v) && v >= 0 && v < classes!))) {
        throw new Error(`${where()}: the label '${boundedText(text)}' is outside ${range}.`);
      }
      return v;
    },
    names: () => undefined,
  };
}

/** Checks the parts of a selection that do not depend on the file. */
function checkSelection(selection: TabularSelection): void {
  const {task} = selection;
  if (task === 'multiclass' && !(Number.isInteger(selection.numClasses) && selection.numClasses! >= 2)) {
    throw new Error(`readTabularCsv: a multiclass task needs numClasses ≥ 2, but got ${String(selection.numClasses)}.`);
  }
  const positiveName = selection.names?.positive ?? 'positive';
  const classesName = selection.names?.classes ?? 'classes';
  if (selection.positive != null) {
    if (task !== 'binary')
      throw new Error(`${positiveName} names the positive class of a binary task, but the task is ${task}.`);
    if (typeof selection.positive !== 'string' || selection.positive.trim() === '') {
      throw new Error(
          `${positiveName} must be the positive class's label, but got '${boundedText(String(selection.positive))}'.`);
    }
  }
  if (selection.classes != null) {
    if (task !== 'multiclass')
      throw new Error(`${classesName} names the classes of a multiclass task, but the task is ${task}.`);
    const cs = selection.classes;
    if (cs.length !== selection.numClasses) {
      throw new Error(
          `${classesName} names ${cs.length} class(es) (${boundedList(cs, 100)}), but the model has ` +
          `${selection.numClasses} outputs, one per class.`);
    }
    const seen = new Set<string>();
    for (const c of cs) {
      if (typeof c !== 'string' || c.trim() === '' || c !== c.trim()) {
        throw new Error(`${classesName} must list non-empty labels without surrounding spaces, but got '${
            boundedText(String(c))}'.`);
      }
      if (seen.has(c)) throw new Error(`${classesName} names the class '${boundedText(c)}' twice.`);
      seen.add(c);
    }
  }
}

/**
 * Reads a CSV stream whose first row names the columns into typed arrays
 * (the core of {@link readTabularCsv}; `totalBytes` is the source's size,
 * for the estimate of its rows).
 */
async function readTabularStream(
    source: Readable, file: string, totalBytes: number, selection: TabularSelection,
    options: ReadTabularOptions): Promise<TabularFile> {
  checkSelection(selection);
  let columns: string[]|null = null;
  let selected: ReturnType<typeof selectColumns>;
  let rows: RowChunks;
  let encoder: ReturnType<typeof labelEncoder>;
  const here = {line: 0, fields: [] as string[], column: 0};
  const limit = options.limit;
  const maxRows = () => Math.floor(Math.min(
      limit != null ? limit.maxBytes / (4 * (selected.features.length + 1)) : Infinity,
      MAX_ARRAY_VALUES / selected.features.length));
  /** The line of field j of the current record (records may span lines: quoted line breaks). */
  const fieldLine = (j: number) => {
    let line = here.line;
    for (let k = j; k < here.fields.length; k++) line -= lineBreaks(here.fields[k]);
    return line;
  };
  const where = () =>
      `CSV file '${file}' line ${fieldLine(here.column)}, column '${boundedText(columns![here.column])}'`;
  const tooLarge = (estimatedRows: number, estimated: boolean) => {
    const width = selected.features.length + 1;
    const bytes = estimatedRows * width * 4;
    const why = limit != null && bytes > limit.maxBytes ?
        limit.explain(bytes) :
        `over the ${
            MAX_ARRAY_VALUES.toLocaleString(
                'en-US')} values one array holds; use a sample of the rows or fewer features.`;
    return new Error(
        `CSV file '${file}' is too large: ${estimated ? 'about' : 'at least'} ${formatCount(estimatedRows)} rows × ` +
        `${width.toLocaleString('en-US')} columns = ${formatBytes(bytes)} of float32 data${
            estimated ? ' (estimated from its first rows)' : ''}; ${why}`);
  };
  let headerEndByte = 0;
  const onRecord = (fields: string[], line: number, endByte: number) => {
    if (columns == null) {
      columns = fields.map((c) => c.trim());
      checkHeader(columns, file, line);
      if (options.columns != null)
        checkSameColumns(options.columns, columns, file, options.columnsOf ?? 'the training file');
      selected = selectColumns(columns, selection, file);
      options.onHeader?.(selected.features, columns);
      rows = new RowChunks(selected.features.length, selection.task === 'multiclass');
      encoder = labelEncoder(selection, file, where);
      headerEndByte = endByte;
      return;
    }
    here.line = line;
    here.fields = fields;
    here.column = 0;
    if (fields.length !== columns.length) {
      const start = line - fields.reduce((a, f) => a + lineBreaks(f), 0);
      throw new Error(
          `CSV file '${file}' ${start === line ? `line ${line}` : `lines ${start}–${line}`}: ` +
          `${fields.length.toLocaleString('en-US')} field(s), but the header names ${
              columns.length.toLocaleString('en-US')} columns.`);
    }
    if (rows.numRows === ROWS_BEFORE_ESTIMATE && totalBytes > endByte) {
      const estimate = Math.round((rows.numRows + 1) * (totalBytes - headerEndByte) / (endByte - headerEndByte));
      if (estimate > maxRows()) throw tooLarge(estimate, true);
    }
    if (rows.numRows >= maxRows()) throw tooLarge(rows.numRows + 1, false);
    const {featureIndex, labelIndex} = selected;
    const {x, offset} = rows.addRow();
    for (let j = 0; j < featureIndex.length; j++) {
      const text = fields[featureIndex[j]];
      const v = parseDecimal(text);
      if (v == null) {
        here.column = featureIndex[j];
        throw new Error(`${where()}: ${notANumber(text, 'value')}; features must be numeric.`);
      }
      x[offset + j] = v;
    }
    here.column = labelIndex;
    rows.setLabel(encoder.encode(fields[labelIndex]));
  };
  await forEachCsvRecord(source, file, onRecord);
  if (columns == null)
    throw new Error(`CSV file '${file}' is empty: it needs a header row naming the columns, then data rows.`);
  if (rows!.numRows === 0) throw new Error(`CSV file '${file}' has a header row but no data rows.`);
  const labelNames = encoder!.names();
  const {x, y} = rows!.concat();
  return {
    file,
    columns,
    features: selected!.features,
    numRows: rows!.numRows,
    x,
    y,
    ...(labelNames != null ? {labelNames} : {})
  };
}

/**
 * Streams a CSV file whose first row names the columns into typed arrays:
 * selects the features and the label, checks every value, encodes the label
 * (binary → 0 or 1, or text labels with `positive`; multiclass → a class id
 * 0..C−1, or text labels with `classes`; regression → any finite number).
 * The file is read once, in chunks; memory holds the float32 data (in 1 MiB
 * chunks, then one array) and not the text. Before more than its first
 * rows are read, the rows of the whole file are estimated from its size and
 * checked against `options.limit`.
 *
 * ```js
 * // not run: reads a file
 * const data = await readTabularCsv('train.csv', {label: 'diagnosis', task: 'binary', positive: 'M'});
 * console.log(data.features, data.numRows, data.labelNames);  // [...] 569 ['B', 'M']
 * ```
 * @throws Error naming the file: missing, a folder, not UTF-8 (UTF-16 and
 *     UTF-32 named), empty, a header without rows, a column name missing or
 *     repeated, a row with another number of fields than the header (with
 *     its line), invalid CSV (line), a value that is not a number or a label
 *     outside the task's range (line and column), text labels without a
 *     mapping (saying how to map them), data over the limit (with the limit
 *     and what to do), and as `options.onHeader`.
 */
export async function readTabularCsv(
    file: string, selection: TabularSelection, options: ReadTabularOptions = {}): Promise<TabularFile> {
  const head = readCsvHead(file);
  assertUtf8Csv(head, file);
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (e) {
    throw csvFileError(file, e);
  }
  return readTabularStream(fs.createReadStream(file, {highWaterMark: 1 << 20}), file, size, selection, options);
}

/**
 * {@link readTabularCsv} on CSV text (or bytes) in memory; `name` names it in errors.
 *
 * ```js
 * const options = {label: 'y', task: 'binary', positive: 'M'};
 * const d = await parseTabularCsv('x1,x2,y\n1,2,M\n3,4,B\n', 'inline.csv', options);
 * console.log(Array.from(d.x), Array.from(d.y), d.labelNames);  // [ 1, 2, 3, 4 ] [ 1, 0 ] [ 'B', 'M' ]
 * ```
 * @throws Error as {@link readTabularCsv}.
 */
export async function parseTabularCsv(
    text: string|Uint8Array, name: string, selection: TabularSelection,
    options: ReadTabularOptions = {}): Promise<TabularFile> {
  const bytes =
      typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text.buffer, text.byteOffset, text.byteLength);
  assertUtf8Csv(bytes.subarray(0, 64 * 1024), name);
  return readTabularStream(Readable.from([bytes]), name, bytes.length, selection, options);
}

/**
 * Splits rows into a training and an eval part: a seeded permutation of the
 * rows, the last `round(n · fraction)` of it (at least 1) held out, each part
 * kept in file order.
 *
 * ```js
 * const {train, eval: held} = splitRows(10, 0.2, 1);
 * console.log(train.length, held.length);  // 8 2
 * ```
 * @throws Error when the fraction is not in (0, 1) or leaves a part empty.
 */
export function splitRows(
    numRows: number, fraction: number, seed: number, name = 'evalFraction'): {train: Int32Array, eval: Int32Array} {
  if (!(typeof fraction === 'number' && fraction > 0 && fraction < 1)) {
    throw new Error(`${name} must be a number between 0 and 1 (exclusive), but got ${String(fraction)}.`);
  }
  const numEval = Math.max(1, Math.round(numRows * fraction));
  if (numEval >= numRows) {
    throw new Error(`${name} ${fraction} of ${
        numRows} row(s) leaves no training rows; the file needs more rows or a smaller fraction.`);
  }
  const order = seededPermutation(numRows, `eval-split:${seed}`);
  const sorted = (a: Int32Array) => a.slice().sort();
  return {train: sorted(order.subarray(0, numRows - numEval)), eval: sorted(order.subarray(numRows - numEval))};
}

/**
 * The rows `indices` of a data set (e.g. one side of {@link splitRows}).
 *
 * ```js
 * // not run: a fragment; `data` comes from readTabularCsv
 * const part = takeRows(data, new Int32Array([0, 2]));
 * ```
 */
export function takeRows(data: TabularData, indices: Int32Array): TabularData {
  const F = data.features.length;
  const x = new Float32Array(indices.length * F);
  const y = data.y instanceof Int32Array ? new Int32Array(indices.length) : new Float32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i];
    x.set(data.x.subarray(row * F, (row + 1) * F), i * F);
    y[i] = data.y[row];
  }
  return {
    file: data.file,
    features: data.features,
    numRows: indices.length,
    x,
    y,
    ...(data.labelNames != null ? {labelNames: data.labelNames} : {})
  };
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
 * const data = {file: 't', features: ['a'], numRows: 2, x: new Float32Array([1, 3]), y: new Float32Array(2)};
 * const s = featureScaling(data);
 * console.log(s.mean, s.std);  // [2] [1]
 * ```
 */
export function featureScaling(train: TabularData): FeatureScaling {
  const F = train.features.length, n = train.numRows;
  const mean = new Float64Array(F), std = new Float64Array(F);
  for (let r = 0; r < n; r++)
    for (let j = 0; j < F; j++) mean[j] += train.x[r * F + j];
  for (let j = 0; j < F; j++) mean[j] /= n;
  for (let r = 0; r < n; r++)
    for (let j = 0; j < F; j++) std[j] += (train.x[r * F + j] - mean[j]) ** 2;
  const constant: string[] = [];
  for (let j = 0; j < F; j++) {
    std[j] = Math.sqrt(std[j] / n);
    if (!(std[j] > 0)) {
      std[j] = 1;
      constant.push(train.features[j]);
    }
  }
  return {mean: Array.from(mean), std: Array.from(std), constant};
}

/** Standardizes row-major features in place. */
function standardizeValues(x: Float32Array, scaling: FeatureScaling): void {
  const F = scaling.mean.length;
  for (let i = 0; i < x.length; i++) x[i] = (x[i] - scaling.mean[i % F]) / scaling.std[i % F];
}

/**
 * The data with its features standardized by `scaling` (a new object; with
 * `inPlace`, the data's own array is overwritten instead of copied).
 *
 * ```js
 * // not run: a fragment
 * const scaled = standardize(evalData, featureScaling(trainData));
 * ```
 */
export function standardize(data: TabularData, scaling: FeatureScaling, inPlace = false): TabularData {
  const x = inPlace ? data.x : data.x.slice();
  standardizeValues(x, scaling);
  return {...data, x};
}
