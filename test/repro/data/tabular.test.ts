/**
 * The CSV data of `compare` (repro/src/data/tabular.ts): column selection,
 * numeric checks and label encoding (numbers, and text labels mapped with
 * `positive` / `classes`), every error naming the file, line and column; the
 * seeded eval split; standardization against a hand computation; the size
 * limit, refused before the rows are read; and the real scikit-learn breast
 * cancer data (Debian's python3-sklearn, converted to a CSV with a header
 * row) read back value for value.
 * @fullRun debian-data
 */
import * as fs from 'fs';
import * as path from 'path';

import {
  featureScaling,
  parseDecimal,
  parseTabularCsv,
  readTabularCsv,
  splitRows,
  standardize
} from '../../../repro/src/data/tabular';
import {BREAST_CANCER_FEATURES, convertSklearnClassification, tempDir, toCsv} from '../compare/support';

const binary = {
  label: 'y',
  task: 'binary' as const
};

describe('reading a CSV', () => {
  test('header, rows, quoted fields, CRLF, a BOM and blank lines', async () => {
    const d = await parseTabularCsv('\ufeffa,"b, quoted",y\r\n1,"2.5",0\r\n\r\n3," 4 ",1\r\n', 'inline.csv', binary);
    expect(d.columns).toEqual(['a', 'b, quoted', 'y']);
    expect(d.features).toEqual(['a', 'b, quoted']);
    expect(Array.from(d.x)).toEqual([1, 2.5, 3, 4]);
    expect(Array.from(d.y)).toEqual([0, 1]);
  });

  test(
      'an empty file, a header without rows, a row with too few fields, a repeated column: errors name file and line',
      async () => {
        await expect(parseTabularCsv('', 'e.csv', binary))
            .rejects.toThrow('CSV file \'e.csv\' is empty: it needs a header row naming the columns');
        await expect(parseTabularCsv('\n\n', 'e.csv', binary)).rejects.toThrow(/'e.csv' is empty/);
        await expect(parseTabularCsv('a,y\n', 'h.csv', binary))
            .rejects.toThrow('CSV file \'h.csv\' has a header row but no data rows.');
        await expect(parseTabularCsv('a,y\n1,0\n3\n', 'r.csv', binary))
            .rejects.toThrow('CSV file \'r.csv\' line 3: 1 field(s), but the header names 2 columns.');
        await expect(parseTabularCsv('a,y,a\n1,0,3\n', 'd.csv', binary))
            .rejects.toThrow('CSV file \'d.csv\' line 1: the header names column \'a\' twice (columns 1 and 3).');
        await expect(parseTabularCsv('a,,y\n1,2,0\n', 'n.csv', binary))
            .rejects.toThrow('CSV file \'n.csv\' line 1: column 2 of the header has no name.');
        await expect(parseTabularCsv('a,y\n1,"unterminated\n1,2\n', 'q.csv', binary))
            .rejects.toThrow('CSV file \'q.csv\': a quoted field opened after line 1 is never closed');
        await expect(readTabularCsv('/no/such/file.csv', binary))
            .rejects.toThrow('CSV file \'/no/such/file.csv\' does not exist.');
        await expect(readTabularCsv(path.dirname(__filename), binary))
            .rejects.toThrow(`CSV file '${path.dirname(__filename)}' is a folder, not a file.`);
      });

  test('decimal numbers only', () => {
    expect(['1', '-2.5', ' +3e2 ', '.5', '7.'].map(parseDecimal)).toEqual([1, -2.5, 300, 0.5, 7]);
    expect(['', 'NaN', 'Infinity', '0x1A', '1,5', 'abc', '1e999'].map(parseDecimal)).toEqual([
      null, null, null, null, null, null, null
    ]);
    // Spaces and tabs around a number are fine; a line break is not (only a quoted field can hold one).
    expect(['\t4 ', '0.0470\r\n', '\n1', '0.5\r', ' 2\n '].map(parseDecimal)).toEqual([4, null, null, null, null]);
  });

  test('a quoted numeric field holding a line break: file, line and column, for features and labels', async () => {
    await expect(parseTabularCsv('x1,x2,y\n1,2,0\n3,"0.0470\r\n",1\n', 'nl.csv', binary))
        .rejects.toThrow(
            'CSV file \'nl.csv\' line 3, column \'x2\': the value \'0.0470\\u000d\\u000a\' holds a line break ' +
            '(a quoted field that runs over two lines); features must be numeric.');
    // A field that runs over two lines, then more rows: the line named is the one where the field starts.
    await expect(parseTabularCsv('x,y\n1,0\n"2\n",1\n5,0\n', 'nl.csv', binary))
        .rejects.toThrow('CSV file \'nl.csv\' line 3, column \'x\': the value \'2\\u000a\' holds a line break');
    await expect(parseTabularCsv('x,y\n1,"0.25\n"\n', 'nl.csv', {label: 'y', task: 'regression'}))
        .rejects.toThrow(
            'CSV file \'nl.csv\' line 2, column \'y\': the label \'0.25\\u000a\' holds a line break ' +
            '(a quoted field that runs over two lines); labels must be a finite number.');
  });
});

describe('selecting and encoding columns', () => {
  const text = 'x1,x2,y\n1,2,0\n3,4,1\n5,6,1\n';

  test('features default to every column but the label, in file order; features picks and orders them', async () => {
    const d = await parseTabularCsv(text, 't.csv', binary);
    expect(d.features).toEqual(['x1', 'x2']);
    expect(Array.from(d.x)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(d.y).toBeInstanceOf(Float32Array);
    expect(Array.from(d.y)).toEqual([0, 1, 1]);
    const picked = await parseTabularCsv(text, 't.csv', {label: 'y', task: 'regression', features: ['x2', 'x1']});
    expect(Array.from(picked.x)).toEqual([2, 1, 4, 3, 6, 5]);
  });

  test('multiclass labels are int32 class ids', async () => {
    const d = await parseTabularCsv('a,c\n0.5,2\n1.5,0\n', 'm.csv', {label: 'c', task: 'multiclass', numClasses: 3});
    expect(d.y).toBeInstanceOf(Int32Array);
    expect(Array.from(d.y)).toEqual([2, 0]);
  });

  test('a missing column names the option and lists the columns', async () => {
    await expect(parseTabularCsv(text, 't.csv', {label: 'target', task: 'binary', names: {label: '--label'}}))
        .rejects.toThrow(
            'CSV file \'t.csv\' has no column \'target\' (--label); its 3 column(s) are \'x1\', \'x2\', \'y\'.');
    await expect(
        parseTabularCsv(
            text, 't.csv', {label: 'y', task: 'binary', features: ['x1', 'x3'], names: {features: '--features'}}))
        .rejects.toThrow(
            'CSV file \'t.csv\' has no column \'x3\' (--features); its 3 column(s) are \'x1\', \'x2\', \'y\'.');
    await expect(parseTabularCsv(text, 't.csv', {...binary, features: ['x1', 'y']}))
        .rejects.toThrow('features lists the label column \'y\'');
    await expect(parseTabularCsv(text, 't.csv', {...binary, features: ['x1', 'x1']}))
        .rejects.toThrow('features lists the column \'x1\' twice.');
    // A semicolon-separated file reads as one column: the message says so.
    await expect(parseTabularCsv('x1;x2;y\n1;2;0\n', 's.csv', binary))
        .rejects.toThrow(
            'its 1 column(s) are \'x1;x2;y\' (one column: the reader splits fields at commas, and this header looks separated by \';\').');
  });

  test('a value that is not a number: file, line and column', async () => {
    await expect(parseTabularCsv('x1,x2,y\n1,2,0\n3,four,1\n', 'bad.csv', binary))
        .rejects.toThrow(
            'CSV file \'bad.csv\' line 3, column \'x2\': \'four\' is not a number; features must be numeric.');
    await expect(parseTabularCsv('x1,x2,y\n1,,0\n', 'empty.csv', binary))
        .rejects.toThrow('CSV file \'empty.csv\' line 2, column \'x2\': the value is empty; features must be numeric.');
  });

  test('a label outside the task\'s range: file, line and column', async () => {
    const t = 'x,y\n1,0\n2,1\n3,2\n';
    await expect(parseTabularCsv(t, 'l.csv', binary))
        .rejects.toThrow(
            'CSV file \'l.csv\' line 4, column \'y\': the label \'2\' is outside the binary task\'s labels 0 and 1.');
    await expect(parseTabularCsv(t, 'l.csv', {label: 'y', task: 'multiclass', numClasses: 2}))
        .rejects.toThrow(
            'CSV file \'l.csv\' line 4, column \'y\': the label \'2\' is outside the 2-class task\'s class ids 0..1 (the model has 2 outputs).');
    await expect(parseTabularCsv('x,y\n1,0.5\n', 'f.csv', {label: 'y', task: 'multiclass', numClasses: 3}))
        .rejects.toThrow(/line 2, column 'y': the label '0.5' is outside/);
    expect(Array.from((await parseTabularCsv('x,y\n1,0.5\n', 'f.csv', {label: 'y', task: 'regression'})).y)).toEqual([
      0.5
    ]);
    await expect(parseTabularCsv('x,y\n1,yes\n', 's.csv', {label: 'y', task: 'regression'}))
        .rejects.toThrow(
            'CSV file \'s.csv\' line 2, column \'y\': the label \'yes\' is not a number; labels must be a finite number.');
    await expect(parseTabularCsv('x,y\n1,\n', 'e.csv', binary))
        .rejects.toThrow('CSV file \'e.csv\' line 2, column \'y\': the label is empty; every row needs a label.');
  });

  test('the columns an eval file must have (any order)', async () => {
    const columns = ['x1', 'x2', 'y'];
    await expect(parseTabularCsv('x1,y,z\n1,0,2\n', 'eval.csv', binary, {columns, columnsOf: 't.csv'}))
        .rejects.toThrow(
            'the eval file \'eval.csv\' has other columns than the training file \'t.csv\': it lacks \'x2\' and has \'z\' that \'t.csv\' does not.');
    const reordered =
        await parseTabularCsv('y,x2,x1\n0,1,2\n', 'reordered.csv', {...binary, features: ['x1', 'x2']}, {columns});
    expect(Array.from(reordered.x)).toEqual([2, 1]);
  });
});

describe('text labels', () => {
  test('binary: positive names the class encoded 1; the one other label is 0', async () => {
    const d = await parseTabularCsv(
        'a,diagnosis\n1, M\n2,B\n3,M\n', 't.csv', {label: 'diagnosis', task: 'binary', positive: 'M'});
    expect(Array.from(d.y)).toEqual([1, 0, 1]);
    expect(d.labelNames).toEqual(['B', 'M']);
    // An eval file read after it keeps the training file's negative class.
    const held = await parseTabularCsv(
        'a,diagnosis\n1,B\n', 'e.csv', {label: 'diagnosis', task: 'binary', positive: 'M', negative: 'B'});
    expect(Array.from(held.y)).toEqual([0]);
    await expect(parseTabularCsv(
                     'a,diagnosis\n1,X\n', 'e.csv', {label: 'diagnosis', task: 'binary', positive: 'M', negative: 'B'}))
        .rejects.toThrow(
            'CSV file \'e.csv\' line 2, column \'diagnosis\': the label \'X\' is a third label: with positive \'M\' the labels must be \'M\' (1) and one other, here \'B\' (0).');
  });

  test(
      'binary text labels without positive: the message says how to map them; a positive that never occurs is refused',
      async () => {
        await expect(
            parseTabularCsv('a,d\n1,M\n', 't.csv', {label: 'd', task: 'binary', names: {positive: '--positive'}}))
            .rejects.toThrow(
                'CSV file \'t.csv\' line 2, column \'d\': the label \'M\' is not a number; labels must be the binary task\'s labels 0 and 1, ' +
                'or name the positive class of text labels with --positive (e.g. --positive \'M\').');
        await expect(parseTabularCsv(
                         'a,d\n1,B\n2,B\n', 't.csv',
                         {label: 'd', task: 'binary', positive: 'M', names: {positive: '--positive'}}))
            .rejects.toThrow(
                '--positive \'M\' is not a label of the column \'d\' of \'t.csv\' (its only label is \'B\'); give the positive class\'s label as written.');
      });

  test('multiclass: classes lists the labels in class-id order', async () => {
    const selection =
        {label: 'species', task: 'multiclass' as const, numClasses: 3, classes: ['setosa', 'versicolor', 'virginica']};
    const d = await parseTabularCsv('a,species\n1,virginica\n2,setosa\n3,versicolor\n', 'iris.csv', selection);
    expect(d.y).toBeInstanceOf(Int32Array);
    expect(Array.from(d.y)).toEqual([2, 0, 1]);
    expect(d.labelNames).toEqual(['setosa', 'versicolor', 'virginica']);
    await expect(parseTabularCsv('a,species\n1,rose\n', 'iris.csv', selection))
        .rejects.toThrow(
            'CSV file \'iris.csv\' line 2, column \'species\': the label \'rose\' is not one of classes (\'setosa\', \'versicolor\', \'virginica\').');
    await expect(parseTabularCsv('a,species\n1,rose\n', 'iris.csv', {...selection, classes: ['a', 'b']}))
        .rejects.toThrow('classes names 2 class(es) (\'a\', \'b\'), but the model has 3 outputs, one per class.');
    await expect(
        parseTabularCsv('a,species\n1,rose\n', 'iris.csv', {label: 'species', task: 'multiclass', numClasses: 3}))
        .rejects.toThrow(
            /the label 'rose' is not a number; labels must be the 3-class task's class ids 0\.\.2 \(the model has 3 outputs\), or list the text labels in class-id order with classes/);
    await expect(parseTabularCsv('a,y\n1,2\n', 'r.csv', {label: 'y', task: 'regression', positive: 'M'}))
        .rejects.toThrow('positive names the positive class of a binary task, but the task is regression.');
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
    expect(() => splitRows(10, 1.5, 1, '--eval-fraction'))
        .toThrow('--eval-fraction must be a number between 0 and 1 (exclusive), but got 1.5.');
    expect(() => splitRows(1, 0.5, 1)).toThrow(/leaves no training rows/);
  });

  test(
      'training mean and population sd (hand computed), applied to other rows; a constant feature is only centred',
      () => {
        const train = {
          file: 't',
          features: ['a', 'b'],
          numRows: 4,
          x: new Float32Array([1, 5, 2, 5, 3, 5, 6, 5]),
          y: new Float32Array(4)
        };
        const s = featureScaling(train);
        // a: mean 3, deviations −2, −1, 0, 3 → variance 14/4 = 3.5.
        expect(s.mean).toEqual([3, 5]);
        expect(s.std[0]).toBeCloseTo(Math.sqrt(3.5), 12);
        expect(s.std[1]).toBe(1);
        expect(s.constant).toEqual(['b']);
        const otherX = new Float32Array([10, 7]);
        const other = standardize({...train, numRows: 1, x: otherX, y: new Float32Array(1)}, s);
        expect(other.x[0]).toBeCloseTo(7 / Math.sqrt(3.5), 6);
        expect(other.x[1]).toBe(2);
        expect(Array.from(otherX)).toEqual([10, 7]);  // a copy, unless in place
        standardize({...train, numRows: 1, x: otherX, y: new Float32Array(1)}, s, true);
        expect(otherX[1]).toBe(2);
      });
});

describe('data too large for the limit: refused after the first rows, from an estimate of the whole file', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = tempDir();
    const {rows} = convertSklearnClassification('breast_cancer.csv', BREAST_CANCER_FEATURES, dir);
    // 1,138 real rows, then a hole: a sparse file of 1 TiB whose size says ~3 billion rows, none of which is read.
    file = path.join(dir, 'huge.csv');
    fs.writeFileSync(file, toCsv([...BREAST_CANCER_FEATURES, 'target'], [...rows, ...rows]));
    fs.truncateSync(file, 2 ** 40);
  });
  afterAll(() => fs.rmSync(dir, {recursive: true, force: true}));

  test('against the given limit, with its explanation', async () => {
    const started = Date.now();
    const refusal = readTabularCsv(file, {label: 'target', task: 'binary'}, {
      limit: {
        maxBytes: 1e9,
        explain: (bytes) => `over the 1.0 GB allowed (${(bytes / 1e9).toFixed(0)} GB asked); use a sample.`
      }
    });
    await expect(refusal).rejects.toThrow(new RegExp(
        `^CSV file '${
            file}' is too large: about \\d+\\.\\d (million|billion) rows × 31 columns = \\d+\\.\\d GB of float32 data ` +
        '\\(estimated from its first rows\\); over the 1\\.0 GB allowed \\(\\d+ GB asked\\); use a sample\\.$'));
    expect(Date.now() - started).toBeLessThan(10_000);  // not a timing target: reading 1 TiB would never end
  });

  test('without a limit: the largest array a typed array holds', async () => {
    await expect(readTabularCsv(file, {label: 'target', task: 'binary'}))
        .rejects.toThrow(
            /is too large: about .* rows × 31 columns = .* of float32 data \(estimated from its first rows\); over the 2,147,483,647 values one array holds; use a sample of the rows or fewer features\.$/);
  });
});

test(
    'scikit-learn\'s breast cancer data (Debian python3-sklearn), converted to a CSV with a header, reads back value for value',
    async () => {
      const dir = tempDir();
      const {path: file, rows, classes} =
          convertSklearnClassification('breast_cancer.csv', BREAST_CANCER_FEATURES, dir);
      expect(classes).toEqual(['malignant', 'benign']);
      const d = await readTabularCsv(file, {label: 'target', task: 'binary'});
      expect(d.numRows).toBe(569);
      expect(d.features).toEqual(BREAST_CANCER_FEATURES);
      expect(Array.from(d.x)).toEqual(Array.from(Float32Array.from(rows.flatMap((r) => r.slice(0, 30)))));
      expect(Array.from(d.y)).toEqual(rows.map((r) => r[30]));
      // 212 malignant (0), 357 benign (1), as scikit-learn documents.
      expect(Array.from(d.y).filter((y) => y === 0).length).toBe(212);
      expect(fs.readFileSync(path.join(dir, 'breast_cancer.csv'), 'utf8').split('\n')[0]).toBe([
        'mean radius', ...BREAST_CANCER_FEATURES.slice(1), 'target'
      ].join(','));
      fs.rmSync(dir, {recursive: true});
    });
