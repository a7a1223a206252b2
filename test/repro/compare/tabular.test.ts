/**
 * The CSV data of `compare` (repro/src/data/tabular.ts): column selection,
 * numeric checks and label encoding, every error naming the file, line and
 * column; the seeded eval split; standardization against a hand computation;
 * and the real scikit-learn breast cancer data (Debian's python3-sklearn,
 * converted to a CSV with a header row) read back value for value.
 * @fullRun debian-data
 */
import * as fs from 'fs';
import * as path from 'path';

import {
  assertSameColumns, featureScaling, parseCsvTable, parseDecimal, readCsvTable, splitRows, standardize, tabularFromCsv,
} from 'tfjs-smelu-repro/node';
import {BREAST_CANCER_FEATURES, convertSklearnClassification, tempDir} from './support';

describe('reading a CSV table', () => {
  test('header, rows and the line each row ends on; quoted fields, CRLF, a BOM and blank lines', () => {
    const t = parseCsvTable('\ufeffa,"b, quoted"\r\n1,"x ""y"""\r\n\r\n2,3\r\n', 'inline.csv');
    expect(t.columns).toEqual(['a', 'b, quoted']);
    expect(t.rows).toEqual([['1', 'x "y"'], ['2', '3']]);
    expect(t.lines).toEqual([2, 4]);
  });

  test('an empty file, a header without rows, a row with too few fields, a repeated column: errors name file and line', () => {
    expect(() => parseCsvTable('', 'e.csv')).toThrow("CSV file 'e.csv' is empty: it needs a header row naming the columns");
    expect(() => parseCsvTable('\n\n', 'e.csv')).toThrow(/'e.csv' is empty/);
    expect(() => parseCsvTable('a,b\n', 'h.csv')).toThrow("CSV file 'h.csv' has a header row but no data rows.");
    expect(() => parseCsvTable('a,b\n1,2\n3\n', 'r.csv')).toThrow("CSV file 'r.csv' line 3: 1 field(s), but the header names 2 columns.");
    expect(() => parseCsvTable('a,b,a\n1,2,3\n', 'd.csv')).toThrow("CSV file 'd.csv' line 1: the header names column 'a' twice (columns 1 and 3).");
    expect(() => parseCsvTable('a,"unterminated\n1,2\n', 'q.csv')).toThrow(/CSV file 'q.csv' is not valid CSV/);
    expect(() => readCsvTable('/no/such/file.csv')).toThrow("CSV file '/no/such/file.csv' does not exist.");
  });

  test('decimal numbers only', () => {
    expect(['1', '-2.5', ' +3e2 ', '.5', '7.'].map(parseDecimal)).toEqual([1, -2.5, 300, 0.5, 7]);
    expect(['', 'NaN', 'Infinity', '0x1A', '1,5', 'abc', '1e999'].map(parseDecimal)).toEqual([null, null, null, null, null, null, null]);
  });
});

describe('selecting and encoding columns', () => {
  const table = parseCsvTable('x1,x2,y\n1,2,0\n3,4,1\n5,6,1\n', 't.csv');

  test('features default to every column but the label, in file order; --features picks and orders them', () => {
    const d = tabularFromCsv(table, {label: 'y', task: 'binary'});
    expect(d.features).toEqual(['x1', 'x2']);
    expect(Array.from(d.x)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(d.y).toBeInstanceOf(Float32Array);
    expect(Array.from(d.y)).toEqual([0, 1, 1]);
    const picked = tabularFromCsv(table, {label: 'y', task: 'regression', features: ['x2', 'x1']});
    expect(Array.from(picked.x)).toEqual([2, 1, 4, 3, 6, 5]);
  });

  test('multiclass labels are int32 class ids', () => {
    const d = tabularFromCsv(parseCsvTable('a,c\n0.5,2\n1.5,0\n', 'm.csv'), {label: 'c', task: 'multiclass', numClasses: 3});
    expect(d.y).toBeInstanceOf(Int32Array);
    expect(Array.from(d.y)).toEqual([2, 0]);
  });

  test('a missing column names the option and lists the columns', () => {
    expect(() => tabularFromCsv(table, {label: 'target', task: 'binary', names: {label: '--label'}}))
        .toThrow("CSV file 't.csv' has no column 'target' (--label); its columns are 'x1', 'x2', 'y'.");
    expect(() => tabularFromCsv(table, {label: 'y', task: 'binary', features: ['x1', 'x3'], names: {features: '--features'}}))
        .toThrow("CSV file 't.csv' has no column 'x3' (--features); its columns are 'x1', 'x2', 'y'.");
    expect(() => tabularFromCsv(table, {label: 'y', task: 'binary', features: ['x1', 'y']})).toThrow("features lists the label column 'y'");
    expect(() => tabularFromCsv(table, {label: 'y', task: 'binary', features: ['x1', 'x1']})).toThrow("features lists the column 'x1' twice.");
  });

  test('a value that is not a number: file, line and column', () => {
    const bad = parseCsvTable('x1,x2,y\n1,2,0\n3,four,1\n', 'bad.csv');
    expect(() => tabularFromCsv(bad, {label: 'y', task: 'binary'}))
        .toThrow("CSV file 'bad.csv' line 3, column 'x2': 'four' is not a number; features must be numeric.");
    const empty = parseCsvTable('x1,x2,y\n1,,0\n', 'empty.csv');
    expect(() => tabularFromCsv(empty, {label: 'y', task: 'binary'}))
        .toThrow("CSV file 'empty.csv' line 2, column 'x2': the value is empty; features must be numeric.");
  });

  test("a label outside the task's range: file, line and column", () => {
    const t = parseCsvTable('x,y\n1,0\n2,1\n3,2\n', 'l.csv');
    expect(() => tabularFromCsv(t, {label: 'y', task: 'binary'}))
        .toThrow("CSV file 'l.csv' line 4, column 'y': the label '2' is outside the binary task's labels 0 and 1.");
    expect(() => tabularFromCsv(t, {label: 'y', task: 'multiclass', numClasses: 2}))
        .toThrow("CSV file 'l.csv' line 4, column 'y': the label '2' is outside the 2-class task's class ids 0..1 (the model has 2 outputs).");
    const frac = parseCsvTable('x,y\n1,0.5\n', 'f.csv');
    expect(() => tabularFromCsv(frac, {label: 'y', task: 'multiclass', numClasses: 3})).toThrow(/line 2, column 'y': the label '0.5' is outside/);
    expect(Array.from(tabularFromCsv(frac, {label: 'y', task: 'regression'}).y)).toEqual([0.5]);
    const text = parseCsvTable('x,y\n1,yes\n', 's.csv');
    expect(() => tabularFromCsv(text, {label: 'y', task: 'regression'}))
        .toThrow("CSV file 's.csv' line 2, column 'y': the label 'yes' is not a number; labels must be a finite number.");
    expect(() => tabularFromCsv(text, {label: 'y', task: 'binary'}))
        .toThrow("CSV file 's.csv' line 2, column 'y': the label 'yes' is not a number; labels must be the binary task's labels 0 and 1.");
    const empty = parseCsvTable('x,y\n1,\n', 'e.csv');
    expect(() => tabularFromCsv(empty, {label: 'y', task: 'binary'}))
        .toThrow("CSV file 'e.csv' line 2, column 'y': the label is empty; labels must be the binary task's labels 0 and 1.");
  });

  test('an eval file with other columns', () => {
    const evalTable = parseCsvTable('x1,y,z\n1,0,2\n', 'eval.csv');
    expect(() => assertSameColumns(table, evalTable))
        .toThrow("the eval file 'eval.csv' has other columns than the training file 't.csv': it lacks 'x2' and has 'z' that 't.csv' does not.");
    expect(() => assertSameColumns(table, parseCsvTable('y,x2,x1\n0,1,2\n', 'reordered.csv'))).not.toThrow();
  });
});

describe('split and standardization', () => {
  test('the eval split: seeded, disjoint, covering, the right size, each part in file order', () => {
    const a = splitRows(100, 0.2, 7), b = splitRows(100, 0.2, 7), c = splitRows(100, 0.2, 8);
    expect(Array.from(a.eval)).toEqual(Array.from(b.eval));
    expect(Array.from(a.eval)).not.toEqual(Array.from(c.eval));
    expect(a.eval.length).toBe(20);
    expect([...a.train, ...a.eval].sort((x, y) => x - y)).toEqual(Array.from({length: 100}, (_, i) => i));
    expect(Array.from(a.train)).toEqual(Array.from(a.train).sort((x, y) => x - y));
    expect(() => splitRows(10, 1.5, 1, '--eval-fraction')).toThrow('--eval-fraction must be a number between 0 and 1 (exclusive), but got 1.5.');
    expect(() => splitRows(1, 0.5, 1)).toThrow(/leaves no training rows/);
  });

  test('training mean and population sd (hand computed), applied to other rows; a constant feature is only centred', () => {
    const train = {file: 't', features: ['a', 'b'], numRows: 4, x: new Float32Array([1, 5, 2, 5, 3, 5, 6, 5]), y: new Float32Array(4)};
    const s = featureScaling(train);
    // a: mean 3, deviations −2, −1, 0, 3 → variance 14/4 = 3.5.
    expect(s.mean).toEqual([3, 5]);
    expect(s.std[0]).toBeCloseTo(Math.sqrt(3.5), 12);
    expect(s.std[1]).toBe(1);
    expect(s.constant).toEqual(['b']);
    const other = standardize({...train, numRows: 1, x: new Float32Array([10, 7]), y: new Float32Array(1)}, s);
    expect(other.x[0]).toBeCloseTo(7 / Math.sqrt(3.5), 6);
    expect(other.x[1]).toBe(2);
  });
});

test("scikit-learn's breast cancer data (Debian python3-sklearn), converted to a CSV with a header, reads back value for value", () => {
  const dir = tempDir();
  const {path: file, rows, classes} = convertSklearnClassification('breast_cancer.csv', BREAST_CANCER_FEATURES, dir);
  expect(classes).toEqual(['malignant', 'benign']);
  const d = tabularFromCsv(readCsvTable(file), {label: 'target', task: 'binary'});
  expect(d.numRows).toBe(569);
  expect(d.features).toEqual(BREAST_CANCER_FEATURES);
  expect(Array.from(d.x)).toEqual(Array.from(Float32Array.from(rows.flatMap((r) => r.slice(0, 30)))));
  expect(Array.from(d.y)).toEqual(rows.map((r) => r[30]));
  // 212 malignant (0), 357 benign (1), as scikit-learn documents.
  expect(Array.from(d.y).filter((y) => y === 0).length).toBe(212);
  expect(fs.readFileSync(path.join(dir, 'breast_cancer.csv'), 'utf8').split('\n')[0]).toBe(['mean radius', ...BREAST_CANCER_FEATURES.slice(1), 'target'].join(','));
  fs.rmSync(dir, {recursive: true});
});
