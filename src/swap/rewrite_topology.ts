/**
 * Edits a Layers model's JSON topology (`model.toJSON(null, false)`) in place:
 * swaps ReLU-family activations for SmeLU and, where β cannot travel in an
 * activation string, inserts `SmeLU` layers and rewires the graph around them.
 */
import {field, isLayersModelClassName, tfjsKey, topologyRoot} from '../io/layers_model_json';
import {isPlainObject} from '../validate';
import {classifyLayer, RECURRENT_CLASS_NAMES, SwappableIdentifier} from './activation_identifiers';
import type {ActivationReplacement, SkippedActivation, SwapLayerInfo} from './types';

type JsonObject = Record<string, unknown>;
/** A layer entry: `{class_name, config}` (+ `name`, `inbound_nodes` in functional models). */
type LayerEntry = {
  class_name: string,
  config: JsonObject,
  name?: string,
  inbound_nodes?: unknown[]
};

/** Config keys a replaced layer hands on to its SmeLU successor. */
const KEPT_LAYER_KEYS = ['name', 'trainable', 'dtype', 'batch_input_shape', 'batch_size'];

export interface SwapPlan {
  from: Set<SwappableIdentifier>;
  beta: number;
  /** Set `activation: 'smelu'` in place (β = 2 and `to` = 'smelu'); otherwise insert layers. */
  inPlaceString: boolean;
  filter?: (layer: SwapLayerInfo) => boolean;
}

export interface RewriteResult {
  replaced: ActivationReplacement[];
  skipped: SkippedActivation[];
  /** Top-level output layer names that now point at an inserted SmeLU layer: old → new. */
  outputRenames: Map<string, string>;
}

function isLayerEntry(value: unknown): value is LayerEntry {
  return isPlainObject(value) && typeof value['class_name'] === 'string' && isPlainObject(value['config']);
}

/**
 * The `layers` list of a model entry, as it is: entries this code does not
 * understand are left alone (tfjs may still load them), never refused here.
 */
function layersOfModel(entry: LayerEntry): unknown[] {
  const layers = entry.config['layers'];
  return Array.isArray(layers) ? layers : [];
}

/** The name other layers use for `entry`: its entry-level name in functional models, else config.name. */
function nameOf(entry: LayerEntry): string {
  return typeof entry.name === 'string' ? entry.name : String(entry.config['name']);
}

/** Every layer and model name in the topology, nested ones included. */
function collectNames(entry: LayerEntry, names: Set<string>): void {
  if (typeof entry.config['name'] === 'string') names.add(entry.config['name']);
  if (typeof entry.name === 'string') names.add(entry.name);
  if (isLayersModelClassName(entry.class_name)) {
    for (const layer of layersOfModel(entry)) {
      if (isLayerEntry(layer)) collectNames(layer, names);
    }
  }
  for (const inner of innerLayerEntries(entry)) collectNames(inner, names);
}

/** The values of `object` under every key tfjs reads as `camelName` (e.g. inbound_nodes and inboundNodes). */
function keysFor(object: JsonObject, camelName: string): string[] {
  return Object.keys(object).filter((key) => tfjsKey(key) === camelName);
}

/** Layers held inside wrappers (`layer`) and RNNs (`cell`, `cells`). */
function innerLayerEntries(entry: LayerEntry): LayerEntry[] {
  const config = entry.config;
  const inner: unknown[] =
      [config['layer'], config['cell'], ...(Array.isArray(config['cells']) ? config['cells'] : [])];
  return inner.filter(isLayerEntry);
}

/** A pending insertion: the record to complete with the inserted layer's name. */
interface Insertion {
  record: ActivationReplacement;
}

/** Where a SmeLU layer goes: after `layers[index]`, named `smeluName`. */
interface PlacedInsertion {
  index: number;
  hostName: string;
  smeluName: string;
}

class TopologyRewriter {
  readonly replaced: ActivationReplacement[] = [];
  readonly skipped: SkippedActivation[] = [];
  private readonly names = new Set<string>();

  constructor(private readonly plan: SwapPlan, root: LayerEntry) {
    collectNames(root, this.names);
  }

  private uniqueName(base: string): string {
    let name = base;
    for (let i = 2; this.names.has(name); ++i) name = `${base}_${i}`;
    this.names.add(name);
    return name;
  }

  private smeluConfig(name: string, host: JsonObject): JsonObject {
    const config: JsonObject = {name, trainable: host['trainable'] ?? true, beta: this.plan.beta};
    if (host['dtype'] != null) config['dtype'] = host['dtype'];
    return config;
  }

  /**
   * Rewrites a Sequential or functional model entry; returns old → new output
   * names. `modelPath` names the enclosing models (empty for the root).
   */
  rewriteModel(entry: LayerEntry, modelPath: string[]): Map<string, string> {
    const layers = layersOfModel(entry);
    const insertions: PlacedInsertion[] = [];
    layers.forEach((layer, index) => {
      if (!isLayerEntry(layer)) return;
      const insertion = this.rewriteLayer(layer, modelPath, true);
      if (insertion == null) return;
      const hostName = nameOf(layer);
      const smeluName = this.uniqueName(`${hostName}_smelu`);
      insertion.record.insertedLayerName = smeluName;
      insertion.record.after = `activation 'linear' + SmeLU layer '${smeluName}' (beta=${this.plan.beta})`;
      insertions.push({index, hostName, smeluName});
    });
    if (insertions.length === 0) return new Map();
    return entry.class_name === 'Sequential' ? this.insertSequential(layers, insertions) :
                                               this.insertFunctional(entry, layers, insertions);
  }

  private insertSequential(layers: unknown[], insertions: PlacedInsertion[]): Map<string, string> {
    const renames = new Map<string, string>();
    const last = layers.length - 1;
    // Splice from the back so earlier indices stay valid.
    for (const {index, hostName, smeluName} of [...insertions].reverse()) {
      const host = layers[index] as LayerEntry;
      layers.splice(index + 1, 0, {class_name: 'SmeLU', config: this.smeluConfig(smeluName, host.config)});
      if (index === last) renames.set(hostName, smeluName);
    }
    return renames;
  }

  private insertFunctional(entry: LayerEntry, layers: unknown[], insertions: PlacedInsertion[]): Map<string, string> {
    const successor = new Map(insertions.map((i) => [i.hostName, i.smeluName]));
    // Every consumer of a host's output now reads the SmeLU layer's output of the same call (node).
    const redirect = (ref: unknown): unknown => {
      if (!Array.isArray(ref) || typeof ref[0] !== 'string' || !successor.has(ref[0])) return ref;
      const [, nodeIndex, , ...rest] = ref;
      return [successor.get(ref[0]), nodeIndex, 0, ...rest];
    };
    for (const layer of layers) {
      if (!isPlainObject(layer)) continue;
      for (const key of keysFor(layer, 'inboundNodes')) {
        const nodes = layer[key];
        if (Array.isArray(nodes)) layer[key] = nodes.map((node) => Array.isArray(node) ? node.map(redirect) : node);
      }
    }
    const renames = new Map<string, string>();
    for (const key of keysFor(entry.config, 'outputLayers')) {
      const outputs = entry.config[key];
      if (!Array.isArray(outputs)) continue;
      entry.config[key] = outputs.map((ref) => {
        const next = redirect(ref);
        if (next !== ref) renames.set(String((ref as unknown[])[0]), String((next as unknown[])[0]));
        return next;
      });
    }
    for (const {index, hostName, smeluName} of [...insertions].reverse()) {
      const host = layers[index] as LayerEntry;
      // A shared host is called once per (non-empty) inbound node; the SmeLU layer is shared the same way.
      const hostNodes = field(host as unknown as JsonObject, 'inboundNodes');
      const calls =
          Array.isArray(hostNodes) ? hostNodes.filter((node) => Array.isArray(node) && node.length > 0).length : 0;
      const inboundNodes = Array.from({length: calls}, (_, node) => [[hostName, node, 0, {}]]);
      layers.splice(index + 1, 0, {
        name: smeluName,
        class_name: 'SmeLU',
        config: this.smeluConfig(smeluName, host.config),
        inbound_nodes: inboundNodes,
      });
    }
    return renames;
  }

  /**
   * Rewrites one layer entry (recursing into nested models, wrappers and RNN
   * cells). Returns an insertion when a SmeLU layer must follow this entry.
   */
  private rewriteLayer(entry: LayerEntry, modelPath: string[], canInsert: boolean): Insertion|null {
    const className = entry.class_name;
    if (isLayersModelClassName(className)) {
      this.rewriteModel(entry, [...modelPath, String(entry.config['name'])]);
      return null;
    }
    let wrappedInsertion: Insertion|null = null;
    for (const inner of innerLayerEntries(entry)) {
      // SmeLU is element-wise, so after TimeDistributed it equals SmeLU inside it;
      // RNN cells and Bidirectional apply the activation inside the recurrence.
      const innerCanInsert = canInsert && className === 'TimeDistributed';
      wrappedInsertion = this.rewriteLayer(inner, modelPath, innerCanInsert) ?? wrappedInsertion;
    }
    if (wrappedInsertion != null) return wrappedInsertion;

    const candidate = classifyLayer(className, entry.config);
    if (candidate == null) return null;
    const layerName = nameOf(entry);
    const skip = (reason: string): null => {
      this.skipped.push({layerName, className, modelPath, activation: candidate.description, reason});
      return null;
    };
    if (candidate.identifier == null) return skip(candidate.reason ?? 'not selectable');
    if (!this.plan.from.has(candidate.identifier)) {
      return skip(
          `'${candidate.identifier}' is not in options.from ` +
          `([${[...this.plan.from].join(', ')}]); add it to replace this layer`);
    }
    if (this.plan.filter != null) {
      const info: SwapLayerInfo = {
        name: layerName,
        className,
        config: structuredCloneJson(entry.config),
        modelPath: [...modelPath],
      };
      if (!this.plan.filter(info)) return skip('excluded by options.filter');
    }
    const record: ActivationReplacement = {
      layerName,
      className,
      modelPath,
      before: candidate.description,
      after: '',
    };
    if (candidate.site === 'layer') {
      const config: JsonObject = {};
      for (const key of KEPT_LAYER_KEYS) {
        if (entry.config[key] !== undefined) config[key] = entry.config[key];
      }
      config['beta'] = this.plan.beta;
      entry.class_name = 'SmeLU';
      entry.config = config;
      record.after = `SmeLU(beta=${this.plan.beta})`;
      this.replaced.push(record);
      return null;
    }
    if (this.plan.inPlaceString) {
      entry.config['activation'] = 'smelu';
      record.after = `activation 'smelu' (beta=${this.plan.beta})`;
      this.replaced.push(record);
      return null;
    }
    if (!canInsert || RECURRENT_CLASS_NAMES.has(className)) {
      return skip(
          `${className} applies its activation inside the recurrence, where no SmeLU layer ` +
          `can be inserted; only the 'smelu' activation string (beta=2, to='smelu') fits there`);
    }
    entry.config['activation'] = 'linear';
    this.replaced.push(record);
    return {record};
  }
}

/**
 * Renames the keys of a per-output dictionary (a loss or metrics dict keyed
 * by output layer name) after SmeLU layers became outputs; other values pass.
 */
export function renameOutputKeys<T>(value: T, renames: Map<string, string>): T {
  if (!isPlainObject(value) || renames.size === 0) return value;
  const result: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) result[renames.get(key) ?? key] = entry;
  return result as T;
}

/** The training config keys (model.json spelling) whose dicts are keyed by output name. */
const PER_OUTPUT_TRAINING_KEYS = ['loss', 'metrics', 'loss_weights', 'weighted_metrics'];

/** A model.json `trainingConfig` with its per-output dicts renamed (see {@link renameOutputKeys}). */
export function renameTrainingConfigOutputs<T>(trainingConfig: T, renames: Map<string, string>): T {
  if (!isPlainObject(trainingConfig) || renames.size === 0) return trainingConfig;
  const result: Record<string, unknown> = {...trainingConfig};
  for (const key of PER_OUTPUT_TRAINING_KEYS) {
    if (key in result) result[key] = renameOutputKeys(result[key], renames);
  }
  return result as T;
}

function structuredCloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Rewrites `topology` (the object `model.toJSON(null, false)` returns, or its
 * `model_config`) in place according to `plan`.
 */
export function rewriteTopology(topology: JsonObject, plan: SwapPlan): RewriteResult {
  const root = topologyRoot(topology);
  if (!isLayerEntry(root) || !isLayersModelClassName(root.class_name)) {
    throw new Error(`model topology: expected class_name Sequential, Model or Functional, but got ${
        JSON.stringify(isPlainObject(root) ? root['class_name'] : root)}.`);
  }
  const rewriter = new TopologyRewriter(plan, root);
  const outputRenames = rewriter.rewriteModel(root, []);
  return {replaced: rewriter.replaced, skipped: rewriter.skipped, outputRenames};
}
