/** Converts an R data frame (a list with `names` and `class = data.frame`) to plain columns. */
import {namesOf} from './r_lazyload';
import {R_NA_INTEGER, RValue, RVector} from './r_serialization';

/** A column: numbers (NA → NaN) or strings (NA → null; factors become their labels). */
export type RColumn = Float64Array|(string|null)[];

/** Plain columns of an R data frame, plus its row count. */
export interface RDataFrame {
  readonly columns: Map<string, RColumn>;
  readonly rowCount: number;
}

/**
 * Turns a parsed R data frame into columns: integer/double → Float64Array
 * (NA → NaN), character → strings, factors → their level labels.
 *
 * ```js
 * // not run: a fragment; `base` is an unpacked R package data folder
 * const df = rDataFrame(readRLazyLoadObject(base, 'movielens'));
 * console.log(df.rowCount, [...df.columns.keys()]);
 * ```
 */
export function rDataFrame(value: RValue, what = 'R object'): RDataFrame {
  if (value.type !== 'list') throw new Error(`${what}: expected a data frame (a list), got ${value.type}.`);
  const cls = value.attributes.get('class');
  const classes = cls != null && cls.type === 'character' ? cls.data as (string | null)[] : [];
  if (!classes.includes('data.frame')) {
    throw new Error(`${what}: expected class 'data.frame', got class [${classes.join(', ')}].`);
  }
  const names = namesOf(value);
  const columns = new Map<string, RColumn>();
  let rowCount = -1;
  (value.data as RValue[]).forEach((col, i) => {
    const column = toColumn(col, `${what}$${names[i]}`);
    if (rowCount >= 0 && column.length !== rowCount) {
      throw new Error(`${what}: column '${names[i]}' has ${column.length} rows, expected ${rowCount}.`);
    }
    rowCount = column.length;
    columns.set(names[i], column);
  });
  return {columns, rowCount: Math.max(rowCount, 0)};
}

function toColumn(value: RValue, what: string): RColumn {
  if (value.type === 'character') return value.data as (string | null)[];
  if (value.type === 'integer' || value.type === 'logical') {
    const ints = (value as RVector).data as Int32Array;
    const levels = value.attributes.get('levels');
    if (levels != null && levels.type === 'character') {
      const labels = levels.data as (string | null)[];
      return Array.from(ints, (code) => (code === R_NA_INTEGER ? null : labels[code - 1] ?? null));
    }
    return Float64Array.from(ints, (v) => (v === R_NA_INTEGER ? NaN : v));
  }
  if (value.type === 'double') return value.data as Float64Array;
  throw new Error(`${what}: unsupported column type ${value.type}.`);
}
