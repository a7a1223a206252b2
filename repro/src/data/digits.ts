/**
 * The 8×8 handwritten digits (1,797 images, 10 classes) shipped with
 * scikit-learn, read from Debian's `python3-sklearn` package
 * (`sklearn/datasets/data/digits.csv.gz`). The images come from the UCI "Optical
 * Recognition of Handwritten Digits" data set (E. Alpaydin, C. Kaynak, 1998;
 * CC BY 4.0); the package is BSD-3-Clause. No Python is needed.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

import {defaultCacheDir} from './cache';
import {parseCsv} from './csv';
import {fetchDebianPackage} from './debian_package';

/** A small image-classification set: pixels scaled to [0, 1]. */
export interface DigitsData {
  readonly source: string;
  readonly numExamples: number;
  /** 64 for 8×8 images. */
  readonly numFeatures: number;
  readonly numClasses: number;
  /** numExamples × numFeatures, row-major, in [0, 1]. */
  readonly pixels: Float32Array;
  /** Class of each example (0..9). */
  readonly labels: Int32Array;
}

const DIGITS_FILE = 'usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz';

/**
 * Loads the digits from `path` (a `digits.csv` or `digits.csv.gz`) or from
 * Debian's `python3-sklearn` (downloaded once into the cache folder).
 *
 * ```js
 * const digits = tfSmeluRepro.loadDigits();
 * console.log(digits.numExamples);  // 1797
 * ```
 */
export function loadDigits(options: {path?: string, cacheDir?: string} = {}): DigitsData {
  if (options.path != null) return parseDigitsFile(options.path, path.resolve(options.path));
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  let root: string, debFile: string;
  try {
    ({root, debFile} = fetchDebianPackage('python3-sklearn', cacheDir));
  } catch (e) {
    throw new Error(
        `The digits data set could not be loaded: ${(e as Error).message}\n` +
        'Pass --data-path with scikit-learn\'s digits.csv.gz, or allow \'apt-get download python3-sklearn\'.');
  }
  return parseDigitsFile(path.join(root, DIGITS_FILE), `Debian package ${debFile} (sklearn digits)`);
}

function parseDigitsFile(file: string, source: string): DigitsData {
  if (!fs.existsSync(file)) throw new Error(`digits data file '${file}' does not exist.`);
  let bytes = fs.readFileSync(file);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = zlib.gunzipSync(bytes);
  const rows = parseCsv(bytes.toString('utf8')).filter((r) => r.length > 1);
  if (rows.length === 0) throw new Error(`${source}: no rows.`);
  const width = rows[0].length;
  const numFeatures = width - 1;
  const pixels = new Float32Array(rows.length * numFeatures);
  const labels = new Int32Array(rows.length);
  rows.forEach((row, i) => {
    if (row.length !== width) throw new Error(`${source}: row ${i + 1} has ${row.length} fields, expected ${width}.`);
    for (let j = 0; j < numFeatures; j++) {
      const v = Number(row[j]);
      if (!(v >= 0 && v <= 16)) throw new Error(`${source}: row ${i + 1}, column ${j + 1}: bad pixel '${row[j]}'.`);
      pixels[i * numFeatures + j] = v / 16;
    }
    const label = Number(row[numFeatures]);
    if (!Number.isInteger(label) || label < 0 || label > 9)
      throw new Error(`${source}: row ${i + 1}: bad label '${row[numFeatures]}'.`);
    labels[i] = label;
  });
  return {source, numExamples: rows.length, numFeatures, numClasses: 10, pixels, labels};
}
