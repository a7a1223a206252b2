/**
 * Where the CSV reader's messages point, and what it says about a file's
 * encoding, on scikit-learn's iris data (Debian python3-sklearn) written the
 * ways users' tools write it: LF, CRLF, CR and mixed line ends, a notes
 * column whose quoted text holds line breaks of each kind, blank lines; UTF-8
 * with and without a BOM, UTF-16 and UTF-32 (LE and BE, with and without a
 * byte-order mark), a gzip file given as a CSV. The line a message names is
 * checked against the line a text editor shows, counted here from the
 * written text with a regular expression (every CRLF, LF or CR ends a line).
 * @fullRun debian-data
 */
import * as fs from 'fs';
import * as path from 'path';
import {Readable} from 'stream';

import {csvEncodingProblem, forEachCsvRecord, MAX_CSV_RECORD_CHARS} from '../../../repro/src/data/csv_records';
import {readTabularCsv} from '../../../repro/src/data/tabular';
import {convertSklearnClassification, IRIS_FEATURES, sklearnDataDir, tempDir} from '../compare/support';

let dir: string;
let iris: {rows: number[][], classes: string[]};
const selection = {
  label: 'target',
  task: 'multiclass' as const,
  numClasses: 3,
  features: IRIS_FEATURES
};
const header = [...IRIS_FEATURES, 'notes', 'target'];

beforeAll(() => {
  dir = tempDir('tfjs-smelu-csv-records-');
  iris = convertSklearnClassification('iris.csv', IRIS_FEATURES, dir);
});
afterAll(() => fs.rmSync(dir, {recursive: true, force: true}));

/** The line (1-based) of the character at `position`: line breaks before it, counted the way an editor counts them. */
const editorLine = (text: string, position: number) => (text.slice(0, position).match(/\r\n|\r|\n/g) ?? []).length + 1;

/**
 * Iris as CSV text with a notes column: every seventh note is quoted and holds `quotedBreak`, a blank line follows
 * every eleventh row, and row `r` ends with `eol(r)`.
 */
function irisText(
    eol: (row: number) => string, quotedBreak: string|null,
    edit?: {row: number, column: number, value: string}): string {
  let text = header.map((h) => (h.includes(' ') ? `"${h}"` : h)).join(',') + eol(-1);
  iris.rows.forEach((r, i) => {
    const fields: string[] = [
      ...r.slice(0, 4).map(String),
      quotedBreak != null && i % 7 === 0 ? `"seen ${i},${quotedBreak}again ""twice"""` : 'plain', String(r[4])
    ];
    if (edit?.row === i) fields[edit.column] = edit.value;
    text += fields.join(',') + eol(i);
    if (i % 11 === 0) text += eol(i);
  });
  return text;
}

function write(name: string, content: string|Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

const EOLS: Record<string, string> = {
  LF: '\n',
  CRLF: '\r\n',
  CR: '\r'
};

describe('line numbers: the line an editor shows, whatever the line ends', () => {
  const cases: [string, (row: number) => string, string | null][] = [];
  for (const [eolName, eol] of Object.entries(EOLS)) {
    for (const [breakName, quoted] of [['none', null], ...Object.entries(EOLS)] as [string, string | null][]) {
      cases.push([`${eolName} lines, quoted breaks ${breakName}`, () => eol, quoted]);
    }
  }
  const mixed = ['\n', '\r\n', '\r'];
  cases.push(['mixed line ends, mixed quoted breaks', (row) => mixed[(row + 3) % 3], '\r\n\n\r']);

  test.each(cases)('%s: the data reads back, and a bad value later names its line', async (name, eol, quoted) => {
    const slug = name.replace(/[^a-z]+/gi, '-');
    const good = await readTabularCsv(write(`${slug}.csv`, irisText(eol, quoted)), selection);
    expect(good.numRows).toBe(150);
    expect(Array.from(good.x)).toEqual(Array.from(Float32Array.from(iris.rows.flatMap((r) => r.slice(0, 4)))));
    expect(Array.from(good.y)).toEqual(iris.rows.map((r) => r[4]));

    // A feature after many quoted breaks; then a label in a row whose own note (before it) holds a break.
    const badFeature = irisText(eol, quoted, {row: 120, column: 3, value: 'n/a'});
    const featureFile = write(`${slug}-feature.csv`, badFeature);
    await expect(readTabularCsv(featureFile, selection))
        .rejects.toThrow(
            `CSV file '${featureFile}' line ${
                editorLine(badFeature, badFeature.indexOf(',n/a,') + 1)}, column 'petal width (cm)': ` +
            '\'n/a\' is not a number; features must be numeric.');
    const badLabel = irisText(eol, quoted, {row: 140, column: 5, value: 'seven'});
    const labelFile = write(`${slug}-label.csv`, badLabel);
    await expect(readTabularCsv(labelFile, selection))
        .rejects.toThrow(`CSV file '${labelFile}' line ${
            editorLine(badLabel, badLabel.indexOf(',seven') + 1)}, column 'target': the label 'seven' is not a number`);
  });

  test(
      'invalid CSV after quoted CRLFs: the line of a stray quote, of a closing quote followed by text, of a quote never closed',
      async () => {
        const base = irisText(() => '\r\n', '\r\n');
        const strayAt = base.indexOf('\r\n', base.indexOf('\r\n', base.length / 2) + 2) +
            2;  // the start of a row in the second half
        const stray = `${base.slice(0, strayAt)}5"1${base.slice(strayAt + 3)}`;
        const strayFile = write('stray.csv', stray);
        const line = editorLine(stray, strayAt);
        await expect(readTabularCsv(strayFile, selection))
            .rejects.toThrow(
                `CSV file '${strayFile}' line ${line}: a quote inside an unquoted field; ` +
                'put the whole field in double quotes and double the quote ("").');
        const closing = `${base.slice(0, strayAt)}"5.1"x${base.slice(strayAt + 3)}`;
        const closingFile = write('closing.csv', closing);
        await expect(readTabularCsv(closingFile, selection))
            .rejects.toThrow(`CSV file '${closingFile}' line ${
                editorLine(closing, strayAt)}: a quoted field's closing quote is followed by more text`);
        // No quote after it: the field runs to the end of the file.
        const open = `${base.slice(0, strayAt)}"5.1${base.slice(strayAt + 3).replace(/"/g, '')}`;
        const openFile = write('open.csv', open);
        let lastRecordEnd = strayAt - 1;
        while ('\r\n'.includes(open[lastRecordEnd])) lastRecordEnd--;
        await expect(readTabularCsv(openFile, selection))
            .rejects.toThrow(`CSV file '${openFile}': a quoted field opened after line ${
                editorLine(open, lastRecordEnd)} is never closed;`);
      });

  test('a row with another number of fields: the lines it spans', async () => {
    const text = 'a,notes,target\n1,"two\r\nlines",0\n2,"also\ntwo",1,extra\n';
    const file = write('fields.csv', text);
    await expect(readTabularCsv(file, {label: 'target', task: 'binary', features: ['a']}))
        .rejects.toThrow(`CSV file '${file}' lines 4–5: 4 field(s), but the header names 3 columns.`);
  });

  test('forEachCsvRecord gives each record the line it ends on', async () => {
    const lines: number[] = [];
    await forEachCsvRecord(
        Readable.from([Buffer.from('a,b\r\n"x\r\ny",1\r\n\r\n2,3\r"p\rq\nr",4')]), 'inline.csv',
        (_, line) => lines.push(line));
    expect(lines).toEqual([1, 3, 5, 8]);
  });
});

describe('encodings: UTF-8 reads; UTF-16, UTF-32 and binary files are named as such', () => {
  const text = () => irisText(() => '\n', null);
  const utf32 = (s: string, littleEndian: boolean) => {
    const out = Buffer.alloc(s.length * 4);
    for (let i = 0; i < s.length; i++) {
      if (littleEndian)
        out.writeUInt32LE(s.charCodeAt(i), i * 4);
      else
        out.writeUInt32BE(s.charCodeAt(i), i * 4);
    }
    return out;
  };
  const utf16 = (s: string, littleEndian: boolean) =>
      (littleEndian ? Buffer.from(s, 'utf16le') : Buffer.from(s, 'utf16le').swap16());

  test('UTF-8 with and without a BOM', async () => {
    for (const [name, content] of [['plain.csv', text()], ['bom.csv', `\ufeff${text()}`]]) {
      const d = await readTabularCsv(write(name, content), selection);
      expect(d.columns).toEqual(header);
      expect(Array.from(d.y)).toEqual(iris.rows.map((r) => r[4]));
    }
  });

  const encodings: [string, (s: string) => Buffer, string, string][] = [
    ['UTF-16 LE', (s) => utf16(`\ufeff${s}`, true), 'UTF-16LE', 'it starts with the UTF-16 LE byte-order mark FF FE'],
    ['UTF-16 BE', (s) => utf16(`\ufeff${s}`, false), 'UTF-16BE', 'it starts with the UTF-16 BE byte-order mark FE FF'],
    [
      'UTF-32 LE', (s) => utf32(`\ufeff${s}`, true), 'UTF-32LE',
      'it starts with the UTF-32 LE byte-order mark FF FE 00 00'
    ],
    [
      'UTF-32 BE', (s) => utf32(`\ufeff${s}`, false), 'UTF-32BE',
      'it starts with the UTF-32 BE byte-order mark 00 00 FE FF'
    ],
    [
      'UTF-16 LE', (s) => utf16(s, true), 'UTF-16LE',
      'it has no byte-order mark, but every second byte of its start is 0'
    ],
    [
      'UTF-16 BE', (s) => utf16(s, false), 'UTF-16BE',
      'it has no byte-order mark, but every second byte of its start is 0'
    ],
    [
      'UTF-32 LE', (s) => utf32(s, true), 'UTF-32LE',
      'it has no byte-order mark, but three bytes in four of its start are 0'
    ],
    [
      'UTF-32 BE', (s) => utf32(s, false), 'UTF-32BE',
      'it has no byte-order mark, but three bytes in four of its start are 0'
    ],
  ];
  test.each(encodings)('%s (%s): named, with how to convert it', async (encoding, encode, iconv, evidence) => {
    const file = write(`${iconv}-${evidence.length}.csv`, encode(text()));
    await expect(readTabularCsv(file, selection))
        .rejects.toThrow(`CSV file '${file}' is ${encoding} text (${
            evidence}); the CSV reader reads UTF-8: convert it first, e.g. iconv -f ${
            iconv} -t UTF-8 in.csv > out.csv.`);
  });

  test('scikit-learn\'s gzipped digits.csv.gz given as a CSV: not text', async () => {
    const gz = fs.readFileSync(path.join(sklearnDataDir(), 'digits.csv.gz'));
    const file = write('digits.csv', gz);
    await expect(readTabularCsv(file, selection))
        .rejects.toThrow(`CSV file '${file}' is not text: byte ${
            gz.indexOf(0) + 1} is a NUL byte, which CSV text does not have; give a UTF-8 CSV file.`);
    expect(csvEncodingProblem(Buffer.from('ASCII only, no NUL\n'))).toBeNull();
  });
});

describe('bounded messages', () => {
  test('a huge value is cut, control characters are escaped', async () => {
    const file = write('long.csv', `a,target\n"${'9'.repeat(50)}x\u0007${'z'.repeat(100_000)}",0\n`);
    await expect(readTabularCsv(file, {label: 'target', task: 'binary'}))
        .rejects.toThrow(
            `CSV file '${file}' line 2, column 'a': '${'9'.repeat(39)}…' is not a number; features must be numeric.`);
    const bell = write('bell.csv', 'a,target\n"1\u0007",0\n');
    await expect(readTabularCsv(bell, {label: 'target', task: 'binary'}))
        .rejects.toThrow('\'1\\u0007\' is not a number');
  });

  test('20,000 columns: a bad value names its column; a wrong label lists a few columns and how many more', async () => {
    const columns = Array.from({length: 20_000}, (_, i) => `feature_${i}`);
    const values = (r: number) => columns.map((_, i) => String(iris.rows[r][i % 4]));
    const rows = [0, 1, 2].map(values);
    rows[2][15_000] = 'oops';
    const file = write('wide.csv', [
      [...columns, 'target'].join(','), ...rows.map((r, i) => [...r, String(iris.rows[i][4])].join(','))
    ].join('\n'));
    const wideSelection = {label: 'target', task: 'multiclass' as const, numClasses: 3};
    await expect(readTabularCsv(file, wideSelection))
        .rejects.toThrow(
            `CSV file '${file}' line 4, column 'feature_15000': 'oops' is not a number; features must be numeric.`);
    const wrongLabel = readTabularCsv(file, {...wideSelection, label: 'species'});
    await expect(wrongLabel)
        .rejects.toThrow(
            /^CSV file '.*' has no column 'species' \(label\); its 20,001 column\(s\) are 'feature_0', 'feature_1', .* and 19,9\d\d more\.$/);
    const message = await wrongLabel.then(() => '', (e: Error) => e.message);
    expect(message.length - file.length).toBeLessThan(300);
  });

  test(
      'a record longer than MAX_CSV_RECORD_CHARS (an unclosed quote swallowing the file) is refused with the line after which it starts',
      async () => {
        const file = path.join(dir, 'unclosed.csv');
        const fd = fs.openSync(file, 'w');
        fs.writeSync(fd, 'a,target\n1,0\n"2,');
        const chunk = Buffer.alloc(1 << 20, 'x');
        for (let written = 0; written <= MAX_CSV_RECORD_CHARS; written += chunk.length) fs.writeSync(fd, chunk);
        fs.closeSync(fd);
        await expect(readTabularCsv(file, {label: 'target', task: 'binary'}))
            .rejects.toThrow(`CSV file '${
                file}': a record after line 2 is longer than 33,554,432 characters: a quote that is never closed, or a file without line breaks?`);
        fs.rmSync(file);
      });
});
