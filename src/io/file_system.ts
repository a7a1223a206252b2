/**
 * A file-system IOHandler for Layers models in plain Node (no tfjs-node
 * needed), writing and reading the same files as tfjs-node's `file://`
 * handler: `model.json` plus weight shards listed in its `weightsManifest`.
 */
import {io} from '@tensorflow/tfjs-core';
import {promises as fs} from 'fs';
import * as path from 'path';

import {describeValue} from '../validate';
import {withSignalsHeld} from './hold_signals';
import {assertLayersModelJSON, parseWeightsManifest} from './layers_model_json';

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
  if (typeof pathOrUrl !== 'string' || pathOrUrl.length === 0 || pathOrUrl.includes('\0')) {
    throw new Error(`fileSystemHandler: path must be a non-empty string without NUL characters, but got ${
        describeValue(pathOrUrl)}.`);
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

/** True when `target` is `dir` itself or lies below it (both absolute and normalized). */
function isInside(dir: string, target: string): boolean {
  const relative = path.relative(dir, target);
  return relative !== '' && relative.split(path.sep)[0] !== '..' && !path.isAbsolute(relative);
}

/**
 * Resolves one shard path of a weightsManifest inside `dir` (the model's
 * folder, already real), refusing anything that could read another file:
 * absolute paths (POSIX or Windows), NUL bytes, `..` that climbs out, and
 * symlinks (of the file or of a folder on the way) that lead outside.
 * Returns the real path to read.
 */
async function resolveShardPath(dir: string, shard: string, source: string): Promise<string> {
  const refuse = (why: string) => new Error(
      `${source}: weight shard path ${JSON.stringify(shard)} ${why}; ` +
      `shard paths must stay inside the model's folder ${dir}.`);
  if (shard.length === 0) throw refuse('is empty');
  if (shard.includes('\0')) throw refuse('contains a NUL character');
  if (path.posix.isAbsolute(shard) || path.win32.isAbsolute(shard)) throw refuse('is absolute');
  const resolved = path.resolve(dir, shard);
  if (!isInside(dir, resolved)) throw refuse('leads outside the folder');
  let real: string;
  try {
    real = await fs.realpath(resolved);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return resolved;  // reported as missing by the caller
    throw new Error(`${source}: cannot read weight shard ${resolved}: ${(error as Error).message}`);
  }
  if (!isInside(dir, real)) throw refuse(`is a symlink to ${real}, outside the folder`);
  return real;
}

/** A Layers model as stored on disk: the parsed model.json (unchanged) and its weight bytes. */
export interface LayersModelFiles {
  /** Absolute path of the model.json that was read. */
  modelJsonPath: string;
  /** The parsed, checked model.json, exactly as in the file. */
  json: io.ModelJSON;
  /** Every weight spec, in manifest order (groups flattened). */
  weightSpecs: io.WeightsManifestEntry[];
  /** The shards' bytes, concatenated in manifest order. */
  weightData: ArrayBuffer;
}

/** Reads and checks model.json: UTF-8, JSON, a Layers model with a bounded manifest. */
async function readModelJson(modelJsonPath: string): Promise<io.ModelJSON> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(modelJsonPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
        code === 'ENOENT' ? `model.json not found: ${modelJsonPath}` :
                            `cannot read ${modelJsonPath}: ${(error as Error).message}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', {fatal: true}).decode(bytes);
  } catch {
    throw new Error(`${modelJsonPath} is not valid UTF-8 text, so it is not a model.json.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${modelJsonPath} is not valid JSON: ${(error as Error).message}`);
  }
  return assertLayersModelJSON(parsed, modelJsonPath);
}

/**
 * Reads a Layers model's files: `pathOrUrl` is a model.json or its folder.
 * Every shard must resolve inside the model.json's folder, exist, and the
 * shards' sizes must add up to what the manifest describes (checked before
 * any shard is read). Throws an Error naming the file and what is wrong.
 */
export async function readLayersModelFiles(pathOrUrl: string): Promise<LayersModelFiles> {
  let modelJsonPath = resolveModelPath(pathOrUrl);
  if ((await statOrNull(modelJsonPath))?.isDirectory()) {
    modelJsonPath = path.join(modelJsonPath, MODEL_JSON_FILENAME);
  }
  const json = await readModelJson(modelJsonPath);
  const manifest = parseWeightsManifest(json.weightsManifest, modelJsonPath);
  const dir = await fs.realpath(path.dirname(modelJsonPath));
  const shards: string[] = [];
  for (const shard of manifest.paths) shards.push(await resolveShardPath(dir, shard, modelJsonPath));
  const missing: string[] = [];
  let total = 0;
  for (const shard of shards) {
    const info = await statOrNull(shard);
    if (info?.isFile()) {
      total += info.size;
    } else {
      missing.push(shard);
    }
  }
  if (missing.length > 0) {
    throw new Error(`${modelJsonPath}: missing weight shard(s) listed in its weightsManifest: ${missing.join(', ')}.`);
  }
  const mismatch = (held: number) => new Error(
      `${modelJsonPath}: the weight shards hold ${held} bytes but the ` +
      `weightsManifest describes ${manifest.totalBytes} bytes (truncated or mismatched shards?).`);
  if (total !== manifest.totalBytes) throw mismatch(total);
  const buffers: Uint8Array[] = [];
  for (const shard of shards) buffers.push(await fs.readFile(shard));
  const weightData = concatenateToArrayBuffer(buffers);
  // A shard that changed between stat and read.
  if (weightData.byteLength !== manifest.totalBytes) throw mismatch(weightData.byteLength);
  return {modelJsonPath, json, weightSpecs: manifest.specs, weightData};
}

/**
 * The model.json that goes with a single `weights.bin`: `json` with its
 * weightsManifest replaced by one group listing `weightSpecs`.
 */
export function withSingleShard(json: io.ModelJSON, weightSpecs: io.WeightsManifestEntry[]): io.ModelJSON {
  return {...json, weightsManifest: [{paths: [WEIGHTS_BINARY_FILENAME], weights: weightSpecs}]};
}

/**
 * Writes `model.json` (the given object, whose manifest must list
 * `weights.bin` only) and `weights.bin` into `dir`, all or nothing: a new
 * folder is written under a temporary name and renamed into place; in an
 * existing folder (empty, or any with `overwrite`) each file is written under a
 * temporary name, the old pair is moved aside, the new pair renamed into place
 * and the old pair removed, and a failure puts the old pair back. SIGINT,
 * SIGTERM and SIGHUP wait until the save has finished or been undone. Nothing
 * is written outside `dir` (and its temporary sibling, for a new folder).
 */
export async function writeLayersModelFiles(
    pathOrUrl: string, json: io.ModelJSON, weightData: ArrayBuffer,
    options: FileSystemHandlerOptions = {}): Promise<void> {
  const dir = resolveModelPath(pathOrUrl);
  const shardPaths = (json.weightsManifest ?? []).flatMap((group) => group.paths);
  if (shardPaths.some((p) => p !== WEIGHTS_BINARY_FILENAME)) {
    throw new Error(
        `fileSystemHandler: internal error, a written manifest may list ${WEIGHTS_BINARY_FILENAME} ` +
        `only, but lists ${JSON.stringify(shardPaths)}.`);
  }
  const existing = await statOrNull(dir);
  if (existing != null && !existing.isDirectory()) {
    throw new Error(`fileSystemHandler: ${dir} exists and is not a directory.`);
  }
  const nonEmpty = existing != null && (await fs.readdir(dir)).length > 0;
  if (nonEmpty && !options.overwrite) {
    throw new Error(
        `fileSystemHandler: output directory ${dir} exists and is not empty ` +
        `(pass fileSystemHandler(path, {overwrite: true}) to replace its model.json and weights.bin).`);
  }
  const files: Array<[string, string | Uint8Array]> = [
    [WEIGHTS_BINARY_FILENAME, new Uint8Array(weightData)],
    // model.json last: a reader never sees a model.json whose weights are not yet in place.
    [MODEL_JSON_FILENAME, JSON.stringify(json)],
  ];
  await withSignalsHeld(() => (existing == null ? writeNewDirectory(dir, files) : replaceFiles(dir, files)));
}

/** Writes into a sibling temp directory, then renames it into place: all or nothing. */
async function writeNewDirectory(dir: string, files: Array<[string, string | Uint8Array]>): Promise<void> {
  await fs.mkdir(path.dirname(dir), {recursive: true});
  const temp = path.join(path.dirname(dir), `.${path.basename(dir)}.tmp-${uniqueSuffix()}`);
  await fs.mkdir(temp);
  try {
    for (const [name, data] of files) await fs.writeFile(path.join(temp, name), data, {flag: 'wx'});
    await fs.rename(temp, dir);
  } catch (error) {
    await fs.rm(temp, {recursive: true, force: true});
    throw error;
  }
}

/**
 * Writes each file under a fresh temp name in `dir` ('wx': never through an
 * existing file or symlink), moves the old files of those names aside, renames
 * the new ones into place (a symlink named model.json is replaced, not
 * followed) and removes the old ones; on a failure the new files go and the
 * old ones come back, so `dir` holds the old pair or the new pair, never a mix.
 */
async function replaceFiles(dir: string, files: Array<[string, string | Uint8Array]>): Promise<void> {
  const suffix = uniqueSuffix();
  const staged = files.map(([name, data]) => ({
                             name,
                             data,
                             temp: path.join(dir, `.${name}.tmp-${suffix}`),
                             backup: path.join(dir, `.${name}.old-${suffix}`),
                           }));
  const movedAside: typeof staged = [];
  const renamed: typeof staged = [];
  try {
    for (const file of staged) await fs.writeFile(file.temp, file.data, {flag: 'wx'});
    for (const file of staged) {
      if (!(await fs.lstat(path.join(dir, file.name)).then(() => true, () => false))) continue;
      await fs.rename(path.join(dir, file.name), file.backup);
      movedAside.push(file);
    }
    for (const file of staged) {
      await fs.rename(file.temp, path.join(dir, file.name));
      renamed.push(file);
    }
  } catch (error) {
    for (const file of renamed) await fs.rm(path.join(dir, file.name), {force: true});
    for (const file of movedAside) await fs.rename(file.backup, path.join(dir, file.name));
    throw error;
  } finally {
    await Promise.all(staged.map((file) => fs.rm(file.temp, {force: true})));
  }
  await Promise.all(movedAside.map((file) => fs.rm(file.backup, {force: true})));
}

class LayersModelFileSystem implements io.IOHandler {
  private readonly path: string;

  constructor(pathOrUrl: string, private readonly options: FileSystemHandlerOptions) {
    this.path = resolveModelPath(pathOrUrl);
  }

  async load(): Promise<io.ModelArtifacts> {
    const {json, weightSpecs, weightData} = await readLayersModelFiles(this.path);
    return io.getModelArtifactsForJSON(json, async () => [weightSpecs, weightData]);
  }

  async save(artifacts: io.ModelArtifacts): Promise<io.SaveResult> {
    if (artifacts.modelTopology == null || artifacts.modelTopology instanceof ArrayBuffer) {
      throw new Error('fileSystemHandler: only models with a JSON topology (Layers models) can be saved.');
    }
    // One ArrayBuffer, or a list of them (tfjs >= 4.6, large models). Joined here rather than by
    // io.CompositeArrayBuffer.join, which tfjs 4.0-4.5 lack (the peer range starts at 4.0).
    const weights = artifacts.weightData ?? new ArrayBuffer(0);
    const weightData =
        Array.isArray(weights) ? concatenateToArrayBuffer(weights.map((buffer) => new Uint8Array(buffer))) : weights;
    await writeLayersModelFiles(this.path, this.modelJSON(artifacts), weightData, this.options);
    return {modelArtifactsInfo: io.getModelArtifactsInfoForJSON(artifacts)};
  }

  private modelJSON(artifacts: io.ModelArtifacts): io.ModelJSON {
    const modelJSON: io.ModelJSON = withSingleShard(
        {
          modelTopology: artifacts.modelTopology as object,
          weightsManifest: [],
          format: artifacts.format,
          generatedBy: artifacts.generatedBy,
          convertedBy: artifacts.convertedBy,
        },
        artifacts.weightSpecs ?? []);
    if (artifacts.trainingConfig != null) modelJSON.trainingConfig = artifacts.trainingConfig;
    if (artifacts.signature != null) modelJSON.signature = artifacts.signature;
    if (artifacts.userDefinedMetadata != null) modelJSON.userDefinedMetadata = artifacts.userDefinedMetadata;
    if (artifacts.modelInitializer != null) modelJSON.modelInitializer = artifacts.modelInitializer;
    if (artifacts.initializerSignature != null) {
      modelJSON.initializerSignature = artifacts.initializerSignature;
    }
    return modelJSON;
  }
}

/**
 * An IOHandler that saves a Layers model to a directory (`model.json` +
 * `weights.bin`) and loads one from a `model.json` path (or its directory),
 * in plain Node without tfjs-node. The files are the same as tfjs-node's
 * `file://` handler writes and reads, so either side can load the other's.
 *
 * Saving is all-or-nothing (a temp directory renamed into place) and refuses
 * a non-empty directory unless `overwrite` is set.
 *
 * Loading never reads outside the model.json's folder and checks the files
 * before it reads any weight byte, throwing an `Error` that names the file
 * and the problem: model.json must be UTF-8 JSON nested at most 128 levels
 * deep and describe a Layers model; every shard path must be relative and
 * stay inside the folder (absolute paths, `..` that climbs out and symlinks
 * that lead outside are refused); the weightsManifest must list unique
 * weight names with integer dimensions >= 0 and known dtypes (float32, int32,
 * bool, complex64, optionally quantized to uint8, uint16 or float16), and
 * the shards must exist and hold exactly the bytes it describes.
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
