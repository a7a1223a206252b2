/**
 * Checks that a parsed model.json describes a Layers model whose weight shards
 * are all listed consistently, with errors that say what is wrong and where.
 */
import type {io} from '@tensorflow/tfjs-core';

const LAYERS_MODEL_CLASS_NAMES = new Set(['Sequential', 'Model', 'Functional']);

function isObject(value: unknown): value is Record<string, unknown> {
  return value != null && typeof value === 'object' && !Array.isArray(value);
}

/** Throws unless `json` (read from `source`) is a Layers-model model.json; returns it typed. */
export function assertLayersModelJSON(json: unknown, source: string): io.ModelJSON {
  if (!isObject(json)) {
    throw new Error(`${source} is not a model.json: expected a JSON object, but got ${
        Array.isArray(json) ? 'an array' : typeof json}.`);
  }
  const format = json['format'];
  const topology = json['modelTopology'];
  if (format === 'graph-model' || (isObject(topology) && 'node' in topology)) {
    throw new Error(`${source} is a graph model (format '${String(format ?? 'graph-model')}'), not a ` +
        `Layers model; only Layers models (tf.loadLayersModel) have layers whose activations can be swapped.`);
  }
  if (format != null && format !== 'layers-model') {
    throw new Error(`${source} has format ${JSON.stringify(format)}; expected 'layers-model'.`);
  }
  if (!isObject(topology)) {
    throw new Error(`${source} is not a Layers model: it has no 'modelTopology' object.`);
  }
  const root = isObject(topology['model_config']) ? topology['model_config'] : topology;
  if (!LAYERS_MODEL_CLASS_NAMES.has(root['class_name'] as string)) {
    throw new Error(`${source} is not a Layers model: modelTopology.class_name is ${
        JSON.stringify(root['class_name'])}, expected Sequential, Model or Functional.`);
  }
  const manifest = json['weightsManifest'];
  if (manifest != null) {
    const valid = Array.isArray(manifest) && manifest.every((group) => isObject(group) &&
        Array.isArray(group['paths']) && group['paths'].every((p) => typeof p === 'string') &&
        Array.isArray(group['weights']));
    if (!valid) {
      throw new Error(`${source} has a malformed weightsManifest: expected a list of ` +
          `{paths: string[], weights: [...]} groups.`);
    }
  }
  return json as unknown as io.ModelJSON;
}

const BYTES_PER_ELEMENT: Record<string, number> = {
  float32: 4, int32: 4, bool: 1, complex64: 8, uint8: 1, uint16: 2, float16: 2,
};

/**
 * Bytes the weight specs describe, or null when it cannot be known up front
 * (string weights store their own lengths).
 */
export function expectedWeightBytes(specs: io.WeightsManifestEntry[]): number|null {
  let total = 0;
  for (const spec of specs) {
    const dtype = spec.quantization?.dtype ?? spec.dtype;
    const bytes = BYTES_PER_ELEMENT[dtype];
    if (bytes == null) return null;
    total += bytes * spec.shape.reduce((a, b) => a * b, 1);
  }
  return total;
}
