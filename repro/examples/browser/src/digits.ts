/**
 * The bundled data set: scikit-learn's 8×8 handwritten digits (1797 images,
 * BSD-3-Clause; see ../data/PROVENANCE.md). The page fetches the gzipped CSV
 * exactly as Debian ships it and inflates it with the browser's own
 * DecompressionStream, so the committed file stays byte-identical to upstream.
 */
import {seededPermutation} from 'tfjs-smelu-repro';

/** Pixels per image (8×8) and number of classes. */
export const NUM_PIXELS = 64;
export const NUM_CLASSES = 10;
/** Pixel counts in the data go from 0 to 16. */
const MAX_PIXEL = 16;

/** One split of the data: row-major features in [0, 1] and integer labels. */
export interface DigitsSplit {
  features: Float32Array;  // length count * NUM_PIXELS
  labels: Int32Array;      // length count
  count: number;
}

export interface DigitsData {
  train: DigitsSplit;
  test: DigitsSplit;
}

/** Parses the headerless CSV: 64 pixel counts then the label, per row. */
export function parseDigitsCsv(text: string): {features: Float32Array, labels: Int32Array} {
  const rows = text.split('\n').filter((line) => line.trim() !== '');
  const features = new Float32Array(rows.length * NUM_PIXELS);
  const labels = new Int32Array(rows.length);
  rows.forEach((line, row) => {
    const cells = line.split(',').map(Number);
    if (cells.length !== NUM_PIXELS + 1 || cells.some((v) => !Number.isInteger(v))) {
      throw new Error(`digits.csv row ${row + 1}: expected ${NUM_PIXELS + 1} integers, got "${line.slice(0, 40)}..."`);
    }
    const label = cells[NUM_PIXELS];
    if (label < 0 || label >= NUM_CLASSES) {
      throw new Error(`digits.csv row ${row + 1}: label ${label} is not a digit`);
    }
    for (let i = 0; i < NUM_PIXELS; i++) {
      features[row * NUM_PIXELS + i] = cells[i] / MAX_PIXEL;
    }
    labels[row] = label;
  });
  return {features, labels};
}

/** Splits rows into train/test with a seeded permutation (same split on every load). */
export function splitDigits(
    all: {features: Float32Array, labels: Int32Array}, testFraction: number, seed: string): DigitsData {
  const count = all.labels.length;
  const order = seededPermutation(count, seed);
  const testCount = Math.round(count * testFraction);
  const take = (indices: Int32Array): DigitsSplit => {
    const features = new Float32Array(indices.length * NUM_PIXELS);
    const labels = new Int32Array(indices.length);
    indices.forEach((src, dst) => {
      features.set(all.features.subarray(src * NUM_PIXELS, (src + 1) * NUM_PIXELS), dst * NUM_PIXELS);
      labels[dst] = all.labels[src];
    });
    return {features, labels, count: indices.length};
  };
  return {test: take(order.slice(0, testCount)), train: take(order.slice(testCount))};
}

/** Fetches and parses the bundled gzipped CSV. */
export async function loadDigits(url: string, testFraction = 0.2, seed = 'digits-split'): Promise<DigitsData> {
  const response = await fetch(url);
  if (!response.ok || response.body == null) {
    throw new Error(`Could not load the digits data from ${url}: HTTP ${response.status}`);
  }
  const text = await new Response(response.body.pipeThrough(new DecompressionStream('gzip'))).text();
  return splitDigits(parseDigitsCsv(text), testFraction, seed);
}
