/**
 * The Layers-model `model.json` format: which class names make a Layers
 * model, and checks that a parsed model.json is one, with a weightsManifest
 * whose every number is bounded, so that a hostile or broken file ends in an
 * error that says what is wrong and where, before any weight byte is read.
 * No Node dependencies: the swap code (browser-safe) uses it too.
 */
import type {io} from '@tensorflow/tfjs-core';

import {describeValue, isPlainObject} from '../validate';

/** `class_name` values of a Layers model's root (and of nested models). */
export const LAYERS_MODEL_CLASS_NAMES: ReadonlySet<string> = new Set(['Sequential', 'Model', 'Functional']);

/** True for `'Sequential'`, `'Model'` and `'Functional'`. */
export function isLayersModelClassName(className: unknown): boolean {
  return typeof className === 'string' && LAYERS_MODEL_CLASS_NAMES.has(className);
}

/** The model entry of a modelTopology: itself, or its `model_config` (Keras converter output). */
export function topologyRoot(topology: Record<string, unknown>): unknown {
  return isPlainObject(topology['model_config']) ? topology['model_config'] : topology;
}

/** Deepest nesting of arrays/objects accepted in a model.json (real topologies nest about 20 deep). */
export const MAX_JSON_DEPTH = 128;
/** Most weight entries a weightsManifest may list (large converted models have a few thousand). */
export const MAX_WEIGHT_COUNT = 100_000;
/** Most shard files a weightsManifest may list. */
export const MAX_SHARD_COUNT = 10_000;
/** Most dimensions of one weight. */
export const MAX_WEIGHT_RANK = 16;

/** Bytes per element of the dtypes a Layers model's weights (or their quantized form) may have. */
const BYTES_PER_ELEMENT: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  complex64: 8
};
const QUANTIZED_BYTES_PER_ELEMENT: Record<string, number> = {
  uint8: 1,
  uint16: 2,
  float16: 2
};

/**
 * Finds what JSON text can hold but no model should: nesting deeper than
 * `maxDepth`, or a number literal too large for a double (`1e999` parses to
 * Infinity, which JSON cannot write back). Walks without recursion and stops
 * at the first finding; returns its description, or null.
 */
export function findJsonHazard(value: unknown, maxDepth: number): string|null {
  const stack: Array<[unknown, number, string]> = [[value, 0, '']];
  while (stack.length > 0) {
    const [node, depth, where] = stack.pop()!;
    if (typeof node === 'number' && !Number.isFinite(node)) {
      return `holds a number too large for a 64-bit float (it reads as ${node}) at ${where || 'the top'}`;
    }
    if (node == null || typeof node !== 'object') continue;
    if (depth + 1 > maxDepth) {
      return `nests arrays/objects more than ${maxDepth} levels deep; no Layers model does, so it is refused`;
    }
    for (const [key, child] of Object.entries(node as object)) {
      stack.push([child, depth + 1, Array.isArray(node) ? `${where}[${key}]` : `${where}.${key}`]);
    }
  }
  return null;
}

/**
 * Throws unless `json` (read from `source`) is a Layers-model model.json
 * (its weightsManifest is checked by {@link parseWeightsManifest}); returns it typed.
 */
export function assertLayersModelJSON(json: unknown, source: string): io.ModelJSON {
  if (!isPlainObject(json)) {
    throw new Error(`${source} is not a model.json: expected a JSON object, but got ${
        Array.isArray(json) ? 'an array' : describeValue(json)}.`);
  }
  const hazard = findJsonHazard(json, MAX_JSON_DEPTH);
  if (hazard != null) throw new Error(`${source} ${hazard}.`);
  const format = json['format'];
  const topology = json['modelTopology'];
  if (format === 'graph-model' || (isPlainObject(topology) && 'node' in topology)) {
    throw new Error(
        `${source} is a graph model (format '${String(format ?? 'graph-model')}'), not a ` +
        `Layers model; only Layers models (tf.loadLayersModel) have layers whose activations can be swapped.`);
  }
  if (format != null && format !== 'layers-model') {
    throw new Error(`${source} has format ${JSON.stringify(format)}; expected 'layers-model'.`);
  }
  if (!isPlainObject(topology)) {
    throw new Error(`${source} is not a Layers model: it has no 'modelTopology' object.`);
  }
  const root = topologyRoot(topology);
  const className = isPlainObject(root) ? root['class_name'] : undefined;
  if (!isLayersModelClassName(className) || !isPlainObject((root as Record<string, unknown>)['config'])) {
    throw new Error(`${source} is not a Layers model: modelTopology.class_name is ${
        JSON.stringify(className ?? null)}, expected Sequential, Model or Functional with a config object.`);
  }
  assertFunctionalGraphsBuild(topology, source);
  for (const key of ['trainingConfig', 'userDefinedMetadata', 'signature', 'modelInitializer']) {
    if (json[key] != null && !isPlainObject(json[key])) {
      throw new Error(`${source}: '${key}' must be an object, but got ${describeValue(json[key])}.`);
    }
  }
  for (const key of ['generatedBy', 'convertedBy']) {
    if (json[key] != null && typeof json[key] !== 'string') {
      throw new Error(`${source}: '${key}' must be a string, but got ${describeValue(json[key])}.`);
    }
  }
  return json as unknown as io.ModelJSON;
}

/** A config key as tfjs-layers reads it: snake_case turned into camelCase (its `toCamelCase`). */
export function tfjsKey(key: string): string {
  if (key.length <= 1 || !key.includes('_')) return key;
  return key.replace(/[_]+(\w|$)/g, (_, next: string) => next.toUpperCase());
}

/** The value tfjs-layers sees under `camelName` (the last key that converts to it wins, as in tfjs). */
export function field(object: Record<string, unknown>, camelName: string): unknown {
  let value: unknown;
  for (const key of Object.keys(object)) {
    if (tfjsKey(key) === camelName) value = object[key];
  }
  return value;
}

type NodeRef = [layer: number, nodeIndex: number];

function describeRef(ref: unknown): string {
  try {
    return JSON.stringify(ref)?.slice(0, 120) ?? String(ref);
  } catch {
    return describeValue(ref);
  }
}

/**
 * Checks that tfjs-layers can finish building one functional model config.
 * Its `Container.fromConfig` calls each layer on the outputs of earlier calls
 * and, while a call's input is not there yet, puts it back in the queue and
 * loops again: an input that never appears (a layer name not in the model, a
 * call index too high, a cycle, a name given twice) makes it loop forever.
 * This replays that loop on the JSON in linear time and refuses, naming the
 * layer and the input, a model it would never finish.
 */
function assertFunctionalGraphBuilds(config: Record<string, unknown>, source: string): void {
  const modelName = field(config, 'name');
  const where = `${source}: model ${typeof modelName === 'string' ? `'${modelName}'` : '(unnamed)'}`;
  const entries = field(config, 'layers');
  if (!Array.isArray(entries)) throw new Error(`${where} has no 'layers' list.`);
  const indexByName = new Map<string, number>();
  const names: string[] = [];
  const counts: number[] = [];
  const nodes: Array<{layer: number, refs: NodeRef[], label: string}> = [];
  entries.forEach((entry, i) => {
    const name = isPlainObject(entry) ? field(entry, 'name') : undefined;
    if (typeof name !== 'string' || name.length === 0) {
      throw new Error(
          `${where}: layers[${i}] must be an object with a non-empty 'name', but got ${describeRef(entry)}.`);
    }
    if (indexByName.has(name)) throw new Error(`${where}: two layers are named '${name}'.`);
    indexByName.set(name, i);
    names.push(name);
    const layerConfig = field(entry as Record<string, unknown>, 'config');
    const configName = isPlainObject(layerConfig) ? field(layerConfig, 'name') : undefined;
    if (configName != null && configName !== name) {
      throw new Error(
          `${where}: layer '${name}' has config.name ${describeRef(configName)}; the two names must agree.`);
    }
    const className = field(entry as Record<string, unknown>, 'className');
    // InputLayers and nested models are created with one node (their own); other layers with none.
    counts.push(className === 'InputLayer' || isLayersModelClassName(className) ? 1 : 0);
  });
  entries.forEach((entry, i) => {
    const inbound = field(entry as Record<string, unknown>, 'inboundNodes');
    if (!Array.isArray(inbound)) {
      throw new Error(
          `${where}: layer '${names[i]}' must have an inbound_nodes list, but got ${describeRef(inbound)}.`);
    }
    inbound.forEach((node, k) => {
      const label = `layer '${names[i]}' inbound_nodes[${k}]`;
      if (!Array.isArray(node))
        throw new Error(`${where}: ${label} must be a list of inputs, but got ${describeRef(node)}.`);
      const refs = node.map((ref, r): NodeRef => {
        const ok = Array.isArray(ref) && ref.length >= 3 && ref.length <= 4 && typeof ref[0] === 'string' &&
            [ref[1], ref[2]].every((n) => Number.isSafeInteger(n) && (n as number) >= 0) &&
            (ref[3] == null || isPlainObject(ref[3]));
        if (!ok) {
          throw new Error(`${where}: ${label}[${r}] must be [layer name, call index, tensor index, kwargs], but got ${
              describeRef(ref)}.`);
        }
        const source = indexByName.get(ref[0] as string);
        if (source == null) {
          throw new Error(`${where}: ${label} takes an input from layer '${ref[0]}', which is not in this model.`);
        }
        return [source, ref[1] as number];
      });
      nodes.push({layer: i, refs, label});
    });
  });
  // Replay: a call is made once every input it names exists; each call adds one node to its layer.
  const waiting = new Map<string, number[]>();  // `${layer}:${count needed}` → calls waiting for it
  const cursor = new Array<number>(nodes.length).fill(0);
  const ready: number[] = [];
  const advance = (id: number) => {
    const {refs} = nodes[id];
    while (cursor[id] < refs.length) {
      const [layer, nodeIndex] = refs[cursor[id]];
      if (counts[layer] > nodeIndex) {
        cursor[id]++;
        continue;
      }
      const key = `${layer}:${nodeIndex + 1}`;
      waiting.set(key, [...(waiting.get(key) ?? []), id]);
      return;
    }
    ready.push(id);
  };
  nodes.forEach((_, id) => advance(id));
  let made = 0;
  while (ready.length > 0) {
    const {layer, refs} = nodes[ready.pop()!];
    made++;
    if (refs.length === 0) continue;  // tfjs calls nothing for an empty input list
    counts[layer]++;
    const key = `${layer}:${counts[layer]}`;
    const woken = waiting.get(key);
    if (woken != null) {
      waiting.delete(key);
      woken.forEach(advance);
    }
  }
  if (made < nodes.length) {
    const stuck = nodes.findIndex((_, id) => cursor[id] < nodes[id].refs.length);
    const [layer, nodeIndex] = nodes[stuck].refs[cursor[stuck]];
    throw new Error(
        `${where}: ${nodes[stuck].label} takes an input from call ${nodeIndex} of layer '${
            names[layer]}', which never happens (its calls form a cycle, or it is called fewer times); ` +
        `TensorFlow.js would never finish building this model, so it is refused.`);
  }
  for (const key of ['inputLayers', 'outputLayers']) {
    const refs = field(config, key);
    const spelled = key === 'inputLayers' ? 'input_layers' : 'output_layers';
    if (!Array.isArray(refs)) throw new Error(`${where} must have an ${spelled} list, but got ${describeRef(refs)}.`);
    refs.forEach((ref, r) => {
      const layer = Array.isArray(ref) && typeof ref[0] === 'string' ? indexByName.get(ref[0]) : undefined;
      const valid =
          layer != null && [ref[1], ref[2]].every((n) => Number.isSafeInteger(n) && n >= 0) && ref[1] < counts[layer];
      if (!valid) {
        throw new Error(
            `${where}: ${spelled}[${r}] must name a call of a layer of this model as [layer name, ` +
            `call index, tensor index], but got ${describeRef(ref)}.`);
      }
    });
  }
}

/** Runs {@link assertFunctionalGraphBuilds} on every functional model in the topology, nested ones included. */
function assertFunctionalGraphsBuild(topology: unknown, source: string): void {
  const stack: unknown[] = [topology];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node == null || typeof node !== 'object') continue;
    if (isPlainObject(node)) {
      const className = field(node, 'className');
      const config = field(node, 'config');
      if (isLayersModelClassName(className) && className !== 'Sequential' && isPlainObject(config)) {
        assertFunctionalGraphBuilds(config, source);
      }
    }
    for (const child of Object.values(node as object)) stack.push(child);
  }
}

/** A weightsManifest that passed {@link parseWeightsManifest}. */
export interface CheckedManifest {
  /** Every shard path, in manifest order (not yet resolved against a folder). */
  paths: string[];
  /** Every weight spec, in manifest order (the objects of the file, unchanged). */
  specs: io.WeightsManifestEntry[];
  /** Bytes the shards must hold together. */
  totalBytes: number;
}

function describeShape(shape: unknown): string {
  if (!Array.isArray(shape)) return describeValue(shape);
  return `[${shape.map((d) => typeof d === 'number' ? String(d) : JSON.stringify(d) ?? String(d)).join(',')}]`;
}

/** Bytes of one weight spec; throws naming the weight and the bad field. */
function specBytes(spec: unknown, where: string, source: string): number {
  if (!isPlainObject(spec)) {
    throw new Error(`${where} must be an object {name, shape, dtype}, but got ${describeValue(spec)}.`);
  }
  const name = spec['name'];
  if (typeof name !== 'string' || name.length === 0) {
    throw new Error(`${where}.name must be a non-empty string, but got ${describeValue(name)}.`);
  }
  const label = `${source}: weight '${name}'`;
  const shape = spec['shape'];
  if (!Array.isArray(shape) || shape.length > MAX_WEIGHT_RANK) {
    throw new Error(
        `${label} has shape ${describeShape(shape)}; expected an array of at most ${MAX_WEIGHT_RANK} dimensions.`);
  }
  let elements = 1;
  for (const dim of shape) {
    if (typeof dim !== 'number' || !Number.isSafeInteger(dim) || dim < 0) {
      throw new Error(
          `${label} has shape ${describeShape(shape)}: every dimension must be an ` +
          `integer >= 0, but got ${describeValue(dim)}.`);
    }
    elements *= dim;
  }
  if (!Number.isSafeInteger(elements)) {
    throw new Error(`${label} has shape ${describeShape(shape)}, whose element count overflows.`);
  }
  const dtype = spec['dtype'];
  if (dtype === 'string') {
    throw new Error(`${label} has dtype 'string'; Layers models have numeric weights only.`);
  }
  let bytes = typeof dtype === 'string' ? BYTES_PER_ELEMENT[dtype] : undefined;
  if (bytes == null) {
    throw new Error(
        `${label} has dtype ${describeValue(dtype)}; expected one of ${Object.keys(BYTES_PER_ELEMENT).join(', ')}.`);
  }
  const quantization = spec['quantization'];
  if (quantization != null) {
    const qDtype = isPlainObject(quantization) ? quantization['dtype'] : undefined;
    const qBytes = typeof qDtype === 'string' ? QUANTIZED_BYTES_PER_ELEMENT[qDtype] : undefined;
    if (qBytes == null) {
      throw new Error(`${label} has quantization ${describeValue(quantization)}; expected {dtype: ${
          Object.keys(QUANTIZED_BYTES_PER_ELEMENT).join('|')}, ...}.`);
    }
    const q = quantization as Record<string, unknown>;
    if (qDtype !== 'float16' && !(['scale', 'min'].every((k) => typeof q[k] === 'number' && Number.isFinite(q[k])))) {
      throw new Error(
          `${label} is quantized to ${qDtype} but its quantization has no finite ` +
          `scale and min: ${describeValue(quantization)}.`);
    }
    bytes = qBytes;
  }
  return elements * bytes;
}

/**
 * Checks a weightsManifest (absent means no weights): a list of
 * `{paths: string[], weights: [{name, shape, dtype, quantization?}]}` groups
 * with bounded counts, unique weight names, integer dimensions >= 0, known
 * dtypes and a byte total that does not overflow. Paths are checked for
 * type only; where they lead is the file handler's business.
 */
export function parseWeightsManifest(manifest: unknown, source: string): CheckedManifest {
  const result: CheckedManifest = {paths: [], specs: [], totalBytes: 0};
  if (manifest == null) return result;
  const malformed = (what: string) => new Error(
      `${source} has a malformed weightsManifest: ${what}; ` +
      `expected a list of {paths: string[], weights: [...]} groups.`);
  if (!Array.isArray(manifest)) throw malformed(`it is ${describeValue(manifest)}`);
  const names = new Set<string>();
  manifest.forEach((group, g) => {
    if (!isPlainObject(group) || !Array.isArray(group['paths']) || !Array.isArray(group['weights'])) {
      throw malformed(`group ${g} is ${describeValue(group).slice(0, 200)}`);
    }
    for (const p of group['paths']) {
      if (typeof p !== 'string') throw malformed(`group ${g} lists the path ${describeValue(p)}`);
      result.paths.push(p);
    }
    for (const spec of group['weights'] as unknown[]) {
      if (result.specs.length >= MAX_WEIGHT_COUNT) {
        throw new Error(`${source}: its weightsManifest lists more than ${MAX_WEIGHT_COUNT} weights.`);
      }
      const bytes = specBytes(spec, `${source}: weightsManifest[${g}].weights[${result.specs.length}]`, source);
      const name = (spec as {name: string}).name;
      if (names.has(name)) {
        throw new Error(`${source}: its weightsManifest lists the weight '${name}' twice.`);
      }
      names.add(name);
      result.specs.push(spec as unknown as io.WeightsManifestEntry);
      result.totalBytes += bytes;
      if (!Number.isSafeInteger(result.totalBytes)) {
        throw new Error(`${source}: the byte sizes in its weightsManifest overflow.`);
      }
    }
    if (result.paths.length > MAX_SHARD_COUNT) {
      throw new Error(`${source}: its weightsManifest lists more than ${MAX_SHARD_COUNT} shard files.`);
    }
  });
  if (result.specs.length > 0 && result.paths.length === 0) {
    throw malformed(`it lists ${result.specs.length} weight(s) but no shard file`);
  }
  return result;
}
