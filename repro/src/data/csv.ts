/** CSV reading with csv-parse (RFC 4180: quoted fields, doubled quotes, CRLF). */
import {parse} from 'csv-parse/sync';

/**
 * Parses CSV text into rows of fields (no header handling, no type casting).
 *
 * ```js
 * parseCsv('a,b\n1,"x, ""y"""\n');  // [['a','b'], ['1','x, "y"']]
 * ```
 * @throws Error on malformed CSV (e.g. an unterminated quoted field), with csv-parse's message.
 */
export function parseCsv(text: string): string[][] {
  try {
    // relax_column_count: rows may differ in length (callers check the fields they need);
    // any of CRLF, LF and CR ends a record, even mixed in one file.
    return parse(text, {relax_column_count: true, record_delimiter: ['\r\n', '\n', '\r']}) as string[][];
  } catch (e) {
    const error = e as Error & {code?: string};
    if (error.code === 'CSV_QUOTE_NOT_CLOSED')
      throw new Error(`parseCsv: unterminated quoted field at the end of the input (${error.message}).`);
    throw new Error(`parseCsv: ${error.message}`);
  }
}
