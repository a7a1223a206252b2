/**
 * CSV records streamed through csv-parse (RFC 4180: quoted fields, doubled
 * quotes, a UTF-8 BOM; any of CRLF, LF and CR ends a record, even mixed in
 * one file), each with the line of the file it ends on, so that no file is
 * ever held in memory as one string. Also the checks that come before
 * parsing: the file's text encoding (UTF-8; UTF-16 and UTF-32 are named as
 * such) and a bound on one record's length. Every error is one line naming
 * the file and the line.
 */
import {CsvError, parse} from 'csv-parse';
import * as fs from 'fs';
import {Readable, Writable} from 'stream';
import {pipeline} from 'stream/promises';

import {boundedText} from '../../../src/validate';

/**
 * The longest record (all its fields together, in characters) the reader
 * accepts: far above any real row (20,000 numeric columns take about 0.3 M),
 * low enough that a quote that is never closed, or a file without line
 * breaks, fails with a clear message instead of exhausting memory.
 *
 * ```js
 * console.log(MAX_CSV_RECORD_CHARS);  // 33554432
 * ```
 */
export const MAX_CSV_RECORD_CHARS = 32 * 1024 * 1024;

/** Bytes read from the start of a file to tell its encoding. */
const HEAD_BYTES = 64 * 1024;

const BYTE_ORDER_MARKS: ReadonlyArray<[number[], string, string]> = [
  // UTF-32 LE's mark begins with UTF-16 LE's: test it first.
  [[0xff, 0xfe, 0x00, 0x00], 'UTF-32 LE', 'UTF-32LE'],
  [[0x00, 0x00, 0xfe, 0xff], 'UTF-32 BE', 'UTF-32BE'],
  [[0xff, 0xfe], 'UTF-16 LE', 'UTF-16LE'],
  [[0xfe, 0xff], 'UTF-16 BE', 'UTF-16BE'],
];

const hex = (bytes: number[]) => bytes.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');

/**
 * Why the first bytes of a file are not UTF-8 CSV text, or null when they
 * may be: a UTF-16 or UTF-32 byte-order mark, the NUL-byte pattern of
 * UTF-16 / UTF-32 text without one (nine in ten code units of ASCII), or
 * NUL bytes of a binary file.
 *
 * ```js
 * console.log(csvEncodingProblem(Buffer.from('\ufeffa,b\n', 'utf16le')).encoding);  // UTF-16 LE
 * console.log(csvEncodingProblem(Buffer.from('a,b\n1,2\n')));  // null
 * ```
 */
export function csvEncodingProblem(head: Uint8Array): {encoding: string, iconvName: string|null, evidence: string}|
    null {
  for (const [mark, encoding, iconvName] of BYTE_ORDER_MARKS) {
    if (head.length >= mark.length && mark.every((b, i) => head[i] === b)) {
      return {encoding, iconvName, evidence: `it starts with the ${encoding} byte-order mark ${hex(mark)}`};
    }
  }
  const firstNul = head.indexOf(0);
  if (firstNul < 0) return null;
  const share = (unit: number, zeroAt: number[]) => {
    const units = Math.floor(head.length / unit);
    let matching = 0;
    for (let u = 0; u < units; u++) {
      const at = u * unit;
      let ok = true;
      for (let i = 0; i < unit && ok; i++) ok = (head[at + i] === 0) === zeroAt.includes(i);
      if (ok) matching++;
    }
    return units > 0 ? matching / units : 0;
  };
  const patterns: ReadonlyArray<[number, number[], string, string]> = [
    [4, [1, 2, 3], 'UTF-32 LE', 'UTF-32LE'],
    [4, [0, 1, 2], 'UTF-32 BE', 'UTF-32BE'],
    [2, [1], 'UTF-16 LE', 'UTF-16LE'],
    [2, [0], 'UTF-16 BE', 'UTF-16BE'],
  ];
  for (const [unit, zeroAt, encoding, iconvName] of patterns) {
    if (share(unit, zeroAt) >= 0.9) {
      return {
        encoding,
        iconvName,
        evidence: `it has no byte-order mark, but ${
            unit === 2 ? 'every second byte' : 'three bytes in four'} of its start ${unit === 2 ? 'is' : 'are'} 0`
      };
    }
  }
  return {
    encoding: 'binary',
    iconvName: null,
    evidence: `byte ${firstNul + 1} is a NUL byte, which CSV text does not have`
  };
}

/**
 * Throws unless the first bytes of `file` may be UTF-8 CSV text (see {@link csvEncodingProblem}).
 *
 * ```js
 * assertUtf8Csv(Buffer.from('x,y\n1,0\n'), 'data.csv');  // UTF-8: no error
 * try {
 *   assertUtf8Csv(Buffer.from('\ufeffx,y\n', 'utf16le'), 'data.csv');
 * } catch (e) {
 *   // CSV file 'data.csv' is UTF-16 LE text (it starts with the UTF-16 LE byte-order mark FF FE); …
 *   console.log(e.message);
 * }
 * ```
 * @throws Error naming the file, the encoding found and how to convert it.
 */
export function assertUtf8Csv(head: Uint8Array, file: string): void {
  const problem = csvEncodingProblem(head);
  if (problem == null) return;
  if (problem.iconvName == null) {
    throw new Error(`CSV file '${file}' is not text: ${problem.evidence}; give a UTF-8 CSV file.`);
  }
  throw new Error(
      `CSV file '${file}' is ${problem.encoding} text (${problem.evidence}); the CSV reader reads UTF-8: ` +
      `convert it first, e.g. iconv -f ${problem.iconvName} -t UTF-8 in.csv > out.csv.`);
}

/** The first bytes of a file (for {@link assertUtf8Csv}), or the file's error in one line. */
export function readCsvHead(file: string): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    throw csvFileError(file, e);
  }
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    return head.subarray(0, fs.readSync(fd, head, 0, HEAD_BYTES, 0));
  } catch (e) {
    throw csvFileError(file, e);
  } finally {
    fs.closeSync(fd);
  }
}

/** A file system error as one line naming the file. */
export function csvFileError(file: string, e: unknown): Error {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new Error(`CSV file '${file}' does not exist.`);
  if (code === 'EISDIR') return new Error(`CSV file '${file}' is a folder, not a file.`);
  return new Error(`cannot read CSV file '${file}': ${boundedText((e as Error).message, 120)}`);
}

/** Line breaks (CRLF, LF or CR, each one line) in a field's text. */
export function lineBreaks(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

/** csv-parse's error as one line with the file and the line. */
function syntaxError(e: CsvError, file: string, line: number, lastRecordLine: number): Error {
  const where = `CSV file '${file}' line ${line}`;
  const after = lastRecordLine === 0 ? 'in the first record' : `after line ${lastRecordLine}`;
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new Error(
          `CSV file '${file}': a quoted field opened ${after} is never closed; ` +
          'a field that holds a comma, a quote or a line break must be in double quotes, with quotes inside it doubled.');
    case 'CSV_INVALID_CLOSING_QUOTE':
      return new Error(
          `${where}: a quoted field's closing quote is followed by more text instead of a comma or the line's end ` +
          '(a quote inside a quoted field must be doubled: "").');
    case 'INVALID_OPENING_QUOTE':
      return new Error(`${
          where}: a quote inside an unquoted field; put the whole field in double quotes and double the quote ("").`);
    case 'CSV_MAX_RECORD_SIZE':
      return new Error(
          `CSV file '${file}': a record ${after} is longer than ${MAX_CSV_RECORD_CHARS.toLocaleString('en-US')} ` +
          'characters: a quote that is never closed, or a file without line breaks?');
    default:
      return new Error(`${where}: not valid CSV (${boundedText(e.message, 120)}).`);
  }
}

/**
 * Streams the records of CSV text (a readable stream, or chunks of bytes)
 * through csv-parse and calls `onRecord`
 * with each record's fields, the line of the source it ends on (1-based;
 * empty lines are skipped) and the bytes parsed so far (at or a few records
 * past the record's end). Memory stays at a few chunks of the source,
 * whatever its size. Lines are counted here, not by csv-parse (whose count
 * takes a CRLF inside a quoted field for two lines, and whose per-record
 * info costs a third of the parsing time): every record ends at one line
 * break, and its quoted fields hold their own line breaks as text; CRLF, LF
 * and CR each count as one.
 *
 * ```js
 * const lines = [];
 * await forEachCsvRecord([Buffer.from('a,b\r\n"x\r\ny",1\r\n\r\n2,3\r\n')], 'inline.csv',
 *     (fields, line) => lines.push(line));
 * console.log(lines);  // [ 1, 3, 5 ]
 * ```
 * @throws Error (the promise rejects) naming the file and line of invalid CSV
 *     (a quote that is never closed, text after a closing quote), a record
 *     longer than {@link MAX_CSV_RECORD_CHARS}, a read error, or the error `onRecord` throws.
 */
export async function forEachCsvRecord(
    source: Readable|Iterable<Uint8Array>|AsyncIterable<Uint8Array>, file: string,
    onRecord: (fields: string[], line: number, bytesParsed: number) => void): Promise<void> {
  // Empty lines are records of one empty field here (skip_empty_lines off), so that each record is one line break.
  const parser = parse({
    bom: true,
    relax_column_count: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    max_record_size: MAX_CSV_RECORD_CHARS,
  });
  let line = 0;
  // CRLFs inside quoted fields so far: csv-parse's own line count (in its errors) has one line too many for each.
  let quotedCrlf = 0;
  const sink = new Writable({
    objectMode: true,
    highWaterMark: 1024,
    write(fields: string[], _encoding, done) {
      line++;
      for (let i = 0; i < fields.length; i++) {
        const f = fields[i];
        if (f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
          line += lineBreaks(f);
          quotedCrlf += f.split('\r\n').length - 1;
        }
      }
      if (fields.length === 1 && fields[0] === '') {
        done();
        return;
      }
      try {
        onRecord(fields, line, parser.info.bytes);
      } catch (e) {
        done(e as Error);
        return;
      }
      done();
    },
  });
  try {
    await pipeline(source, parser, sink);
  } catch (e) {
    if (e instanceof CsvError) {
      const reported = (e as unknown as {lines?: number}).lines ?? 0;
      throw syntaxError(e, file, Math.max(line + 1, reported - quotedCrlf), line);
    }
    if ((e as NodeJS.ErrnoException).syscall != null) throw csvFileError(file, e);
    throw e;
  }
}
