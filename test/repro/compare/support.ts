/**
 * Shared by the compare tests: real open data sets from Debian's
 * `python3-sklearn` (fetched once into the test cache with the toolkit's own
 * `fetchDebianPackage`, never committed), converted the way a user would
 * convert them, and small models saved with tfjs-smelu/node's
 * fileSystemHandler.
 *
 * scikit-learn's CSVs start with a line of its own (`569,30,malignant,benign`:
 * rows, features, class names), not column names; the diabetes files are
 * space-separated and gzipped. Each is rewritten here as a plain CSV with a
 * header row naming the columns (scikit-learn's feature names).
 */
import * as tf from '@tensorflow/tfjs-core';
import type {LayersModel} from '@tensorflow/tfjs-layers';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';

import {fileSystemHandler} from 'tfjs-smelu/node';
import {fetchDebianPackage} from '../../../repro/src/data/debian_package';

export const CACHE = path.join(os.tmpdir(), 'tfjs-smelu-test-cache');
const SKLEARN_DATA = 'usr/lib/python3/dist-packages/sklearn/datasets/data';

export const BREAST_CANCER_FEATURES = [
  'mean radius',       'mean texture',    'mean perimeter',       'mean area',      'mean smoothness',
  'mean compactness',  'mean concavity',  'mean concave points',  'mean symmetry',  'mean fractal dimension',
  'radius error',      'texture error',   'perimeter error',      'area error',     'smoothness error',
  'compactness error', 'concavity error', 'concave points error', 'symmetry error', 'fractal dimension error',
  'worst radius',      'worst texture',   'worst perimeter',      'worst area',     'worst smoothness',
  'worst compactness', 'worst concavity', 'worst concave points', 'worst symmetry', 'worst fractal dimension',
];
export const IRIS_FEATURES = ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'];
export const WINE_FEATURES = [
  'alcohol',
  'malic_acid',
  'ash',
  'alcalinity_of_ash',
  'magnesium',
  'total_phenols',
  'flavanoids',
  'nonflavanoid_phenols',
  'proanthocyanins',
  'color_intensity',
  'hue',
  'od280/od315_of_diluted_wines',
  'proline',
];
export const DIABETES_FEATURES = ['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6'];

/** The unpacked python3-sklearn data folder (downloaded once into the test cache). */
export function sklearnDataDir(): string {
  const {root} = fetchDebianPackage('python3-sklearn', CACHE);
  return path.join(root, SKLEARN_DATA);
}

/** CSV text with a header row; fields that need it are quoted (RFC 4180). */
export function toCsv(header: string[], rows: (string|number)[][]): string {
  const field = (v: string|number) => {
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(field).join(',')).join('\n') + '\n';
}

/**
 * One of scikit-learn's classification CSVs (`breast_cancer.csv`, `iris.csv`, `wine_data.csv`) as a normal CSV:
 * its first line (counts and class names) checked and replaced by the column names; the last column is `target`.
 * Returns the path written under `dir` and the rows as numbers.
 */
export function convertSklearnClassification(
    file: string, features: string[], dir: string): {path: string, rows: number[][], classes: string[]} {
  const lines = fs.readFileSync(path.join(sklearnDataDir(), file), 'utf8').trim().split(/\r?\n/);
  const [count, width, ...classes] = lines[0].split(',');
  if (Number(width) !== features.length || Number(count) !== lines.length - 1) {
    throw new Error(
        `${file}: unexpected first line '${lines[0]}' for ${features.length} features and ${lines.length - 1} rows.`);
  }
  const rows = lines.slice(1).map((l) => l.split(',').map(Number));
  const out = path.join(dir, file.replace(/(_data)?\.csv$/, '.csv'));
  fs.writeFileSync(out, toCsv([...features, 'target'], rows));
  return {path: out, rows, classes};
}

/** scikit-learn's diabetes data (442 × 10 raw features, target: disease progression) as one CSV. */
export function convertSklearnDiabetes(dir: string): {path: string, rows: number[][]} {
  const read = (f: string) =>
      zlib.gunzipSync(fs.readFileSync(path.join(sklearnDataDir(), f))).toString('utf8').trim().split(/\r?\n/);
  const x = read('diabetes_data_raw.csv.gz').map((l) => l.trim().split(/\s+/).map(Number));
  const y = read('diabetes_target.csv.gz').map((l) => Number(l.trim()));
  if (x.length !== y.length || x.some((r) => r.length !== DIABETES_FEATURES.length))
    throw new Error('diabetes: unexpected shape');
  const rows = x.map((r, i) => [...r, y[i]]);
  const out = path.join(dir, 'diabetes.csv');
  fs.writeFileSync(out, toCsv([...DIABETES_FEATURES, 'progression'], rows));
  return {path: out, rows};
}

/** Saves `model` as `dir/model.json` + `weights.bin` (tfjs-smelu/node's handler) and disposes it. */
export async function saveModel(
    model: LayersModel, dir: string, options?: {includeOptimizer?: boolean}): Promise<string> {
  await model.save(fileSystemHandler(dir), options);
  model.dispose();
  return path.join(dir, 'model.json');
}

/** The float32 weights stored in a saved model's weights.bin, by name (read with tfjs's own decoder). */
export function savedWeights(modelJson: string): Map<string, Float32Array> {
  const json = JSON.parse(fs.readFileSync(modelJson, 'utf8')) as
      {weightsManifest: {paths: string[], weights: tf.io.WeightsManifestEntry[]}[]};
  const out = new Map<string, Float32Array>();
  for (const group of json.weightsManifest) {
    const bytes = Buffer.concat(group.paths.map((p) => fs.readFileSync(path.join(path.dirname(modelJson), p))));
    let offset = 0;
    for (const spec of group.weights) {
      if (spec.dtype !== 'float32') throw new Error(`savedWeights: ${spec.name} is ${spec.dtype}`);
      const size = spec.shape.reduce((a, b) => a * b, 1);
      out.set(
          spec.name,
          new Float32Array(bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + size * 4)));
      offset += size * 4;
    }
  }
  return out;
}

export function tempDir(prefix = 'tfjs-smelu-compare-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Bit patterns of a float32 array, for exact comparisons. */
export const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
