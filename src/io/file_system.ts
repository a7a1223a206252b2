/**
 * A file-system IOHandler for Layers models in plain Node (no tfjs-node
 * needed), writing and reading the same files as tfjs-node's `file://`
 * handler: `model.json` plus weight shards listed in its `weightsManifest`.
 */
import {io} from '@tensorflow/tfjs-core';
import {promises as fs} from 'fs';
import * as path from 'path';

import {assertLayersModelJSON, expectedWeightBytes} from './layers_model_json';

/**
 * Name of the model file that {@link fileSystemHandler} writes and looks for in a directory.
 *
 * ```js
 * const {MODEL_JSON_FILENAME} = require('tfjs-smelu/node');
 * console.log(MODEL_JSON_FILENAME);  // 'model.json'
 * ```
 */
export const MODEL_JSON_FILENAME = 'model.json';
/**
 * Name of the single weight file that {@link fileSystemHandler} writes.
 *
 * ```js
 * const {WEIGHTS_BINARY_FILENAME} = require('tfjs-smelu/node');
 * console.log(WEIGHTS_BINARY_FILENAME);  // 'weights.bin'
 * ```
 */
export const WEIGHTS_BINARY_FILENAME = 'weights.bin';
const FILE_SCHEME = 'file://';

/** Options of {@link fileSystemHandler}. */
export interface FileSystemHandlerOptions {
  /**
   * Saving into an existing, non-empty directory is refused unless this is
   * true; then `model.json` and `weights.bin` there are replaced and any other
   * files are left alone.
   */
  overwrite?: boolean;
}

/** `file://a/b` (tfjs-node style) or a plain path → an absolute path. */
export function resolveModelPath(pathOrUrl: string): string {
  if (typeof pathOrUrl !== 'string' || pathOrUrl.length === 0) {
    throw new Error(`fileSystemHandler: path must be a non-empty string, but got ${JSON.stringify(pathOrUrl)}.`);
  }
  const plain = pathOrUrl.startsWith(FILE_SCHEME) ? pathOrUrl.slice(FILE_SCHEME.length) : pathOrUrl;
  return path.resolve(plain);
}

async function statOrNull(target: string) {
  try {
    return await fs.stat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Copies file bytes into this realm's ArrayBuffer (a Node Buffer may come from another realm, e.g. under jest). */
function concatenateToArrayBuffer(buffers: Uint8Array[]): ArrayBuffer {
  const total = buffers.reduce((sum, b) => sum + b.byteLength, 0);
  const result = new ArrayBuffer(total);
  const view = new Uint8Array(result);
  let offset = 0;
  for (const buffer of buffers) {
    view.set(buffer, offset);
    offset += buffer.byteLength;
  }
  return result;
}

function uniqueSuffix(): string {
  return `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

class LayersModelFileSystem implements io.IOHandler {
  private readonly path: string;

  constructor(pathOrUrl: string, private readonly options: FileSystemHandlerOptions) {
    this.path = resolveModelPath(pathOrUrl);
  }

  async load(): Promise<io.ModelArtifacts> {
    let modelJsonPath = this.path;
    const info = await statOrNull(modelJsonPath);
    if (info?.isDirectory()) modelJsonPath = path.join(modelJsonPath, MODEL_JSON_FILENAME);
    let text: string;
    try {
      text = await fs.readFile(modelJsonPath, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new Error(code === 'ENOENT' ? `model.json not found: ${modelJsonPath}` :
                                          `cannot read ${modelJsonPath}: ${(error as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new Error(`${modelJsonPath} is not valid JSON: ${(error as Error).message}`);
    }
    const modelJSON = assertLayersModelJSON(parsed, modelJsonPath);
    return io.getModelArtifactsForJSON(
        modelJSON, (manifest) => this.loadWeights(manifest, path.dirname(modelJsonPath), modelJsonPath));
  }

  private async loadWeights(manifest: io.WeightsManifestConfig, dir: string, source: string):
      Promise<[io.WeightsManifestEntry[], ArrayBuffer]> {
    const shardPaths = manifest.flatMap((group) => group.paths.map((p) => path.join(dir, p)));
    const missing: string[] = [];
    for (const shard of shardPaths) {
      if (!(await statOrNull(shard))?.isFile()) missing.push(shard);
    }
    if (missing.length > 0) {
      throw new Error(`${source}: missing weight shard(s) listed in its weightsManifest: ${missing.join(', ')}.`);
    }
    const buffers = await Promise.all(shardPaths.map((shard) => fs.readFile(shard)));
    const specs = manifest.flatMap((group) => group.weights);
    const weightData = concatenateToArrayBuffer(buffers);
    const expected = expectedWeightBytes(specs);
    if (expected != null && expected !== weightData.byteLength) {
      throw new Error(`${source}: the weight shards hold ${weightData.byteLength} bytes but the ` +
          `weightsManifest describes ${expected} bytes (truncated or mismatched shards?).`);
    }
    return [specs, weightData];
  }

  async save(artifacts: io.ModelArtifacts): Promise<io.SaveResult> {
    if (artifacts.modelTopology == null || artifacts.modelTopology instanceof ArrayBuffer) {
      throw new Error('fileSystemHandler: only models with a JSON topology (Layers models) can be saved.');
    }
    const dir = this.path;
    const existing = await statOrNull(dir);
    if (existing != null && !existing.isDirectory()) {
      throw new Error(`fileSystemHandler: ${dir} exists and is not a directory.`);
    }
    const nonEmpty = existing != null && (await fs.readdir(dir)).length > 0;
    if (nonEmpty && !this.options.overwrite) {
      throw new Error(`fileSystemHandler: output directory ${dir} exists and is not empty ` +
          `(pass overwrite: true, or --force on the command line, to replace its model.json and weights.bin).`);
    }
    // One ArrayBuffer, or a list of them (tfjs >= 4.6, large models). Joined here rather than by
    // io.CompositeArrayBuffer.join, which tfjs 4.0-4.5 lack (the peer range starts at 4.0).
    const weights = artifacts.weightData ?? new ArrayBuffer(0);
    const weightData = Array.isArray(weights) ?
        concatenateToArrayBuffer(weights.map((buffer) => new Uint8Array(buffer))) :
        weights;
    const modelJSON = this.modelJSON(artifacts);
    const files: Array<[string, string|Uint8Array]> = [
      [WEIGHTS_BINARY_FILENAME, new Uint8Array(weightData)],
      // model.json last: a reader never sees a model.json whose weights are not yet in place.
      [MODEL_JSON_FILENAME, JSON.stringify(modelJSON)],
    ];
    if (existing == null) {
      await this.writeNewDirectory(dir, files);
    } else {
      await this.replaceFiles(dir, files);
    }
    return {modelArtifactsInfo: io.getModelArtifactsInfoForJSON(artifacts)};
  }

  private modelJSON(artifacts: io.ModelArtifacts): io.ModelJSON {
    const modelJSON: io.ModelJSON = {
      modelTopology: artifacts.modelTopology as {},
      weightsManifest: [{paths: [WEIGHTS_BINARY_FILENAME], weights: artifacts.weightSpecs ?? []}],
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy,
    };
    if (artifacts.trainingConfig != null) modelJSON.trainingConfig = artifacts.trainingConfig;
    if (artifacts.signature != null) modelJSON.signature = artifacts.signature;
    if (artifacts.userDefinedMetadata != null) modelJSON.userDefinedMetadata = artifacts.userDefinedMetadata;
    if (artifacts.modelInitializer != null) modelJSON.modelInitializer = artifacts.modelInitializer;
    if (artifacts.initializerSignature != null) {
      modelJSON.initializerSignature = artifacts.initializerSignature;
    }
    return modelJSON;
  }

  /** Writes into a sibling temp directory, then renames it into place: all or nothing. */
  private async writeNewDirectory(dir: string, files: Array<[string, string|Uint8Array]>): Promise<void> {
    await fs.mkdir(path.dirname(dir), {recursive: true});
    const temp = path.join(path.dirname(dir), `.${path.basename(dir)}.tmp-${uniqueSuffix()}`);
    await fs.mkdir(temp);
    try {
      for (const [name, data] of files) await fs.writeFile(path.join(temp, name), data);
      await fs.rename(temp, dir);
    } catch (error) {
      await fs.rm(temp, {recursive: true, force: true});
      throw error;
    }
  }

  /** Writes each file under a temp name in `dir`, then renames them over the old ones. */
  private async replaceFiles(dir: string, files: Array<[string, string|Uint8Array]>): Promise<void> {
    const suffix = uniqueSuffix();
    const staged = files.map(([name, data]) => ({name, data, temp: path.join(dir, `.${name}.tmp-${suffix}`)}));
    try {
      for (const file of staged) await fs.writeFile(file.temp, file.data);
      for (const file of staged) await fs.rename(file.temp, path.join(dir, file.name));
    } finally {
      await Promise.all(staged.map((file) => fs.rm(file.temp, {force: true})));
    }
  }
}

/**
 * An IOHandler that saves a Layers model to a directory (`model.json` +
 * `weights.bin`) and loads one from a `model.json` path (or its directory),
 * in plain Node without tfjs-node. The files are the same as tfjs-node's
 * `file://` handler writes and reads, so either side can load the other's.
 *
 * Saving is all-or-nothing (a temp directory renamed into place) and refuses
 * a non-empty directory unless `overwrite` is set. Loading checks that the
 * file is a Layers model and that every weight shard exists and has the size
 * its manifest describes.
 *
 * ```js
 * const {fileSystemHandler} = require('tfjs-smelu/node');
 * const model = tf.sequential({layers: [tf.layers.dense({units: 1, inputShape: [2]})]});
 * await model.save(fileSystemHandler('my-model'));
 * const loaded = await tf.loadLayersModel(fileSystemHandler('my-model/model.json'));
 * loaded.predict(tf.ones([1, 2])).print();
 * ```
 * @param pathOrUrl For saving, a directory; for loading, a model.json path or
 *     its directory. A `file://` prefix is accepted.
 */
export function fileSystemHandler(pathOrUrl: string, options: FileSystemHandlerOptions = {}): io.IOHandler {
  return new LayersModelFileSystem(pathOrUrl, options);
}
