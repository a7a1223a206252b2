/**
 * The files of a `compare` run, read in Node: the saved model (model.json +
 * weights, through the plugin's `fileSystemHandler`) and the CSV data. The
 * parent process reads the CSV once, streamed into typed arrays, and checks
 * everything before any worker starts; it then writes the arrays to one
 * binary file in the run's temporary folder, which every replica worker
 * reads (with the model) instead of parsing the CSV again.
 */
import {io} from '@tensorflow/tfjs-core';
import {LayersModel, loadLayersModel} from '@tensorflow/tfjs-layers';
import * as fs from 'fs';
import * as path from 'path';

import 'tfjs-smelu';
import {fileSystemHandler} from 'tfjs-smelu/node';
import {boundedList} from '../../../src/validate';
import {
  featureScaling,
  readTabularCsv,
  splitRows,
  standardize,
  TabularData,
  TabularDataLimit,
  TabularSelection,
  takeRows,
} from '../data/tabular';
import {nodeRequire} from '../util/node_require';
import {makeScratchDir} from '../util/scratch_dir';
import {ResolvedTask, SavedModelWorkload, savedModelWorkload, TabularArrays} from './saved_model';

/** A saved model, loaded without compiling it, and its compile config as written. */
export interface LoadedSavedModel {
  model: LayersModel;
  /** The model.json read (absolute). */
  path: string;
  /** `trainingConfig` (tfjs) or `modelTopology.training_config` (Keras), if any. */
  trainingConfig: Record<string, unknown>|undefined;
}

/**
 * The model.json a path names: the file itself, or model.json in a folder (absolute).
 *
 * ```js
 * console.log(modelJsonPath('/no/such/model.json'));  // /no/such/model.json
 * ```
 */
export function modelJsonPath(file: string): string {
  const resolved = path.resolve(file.replace(/^file:\/\//, ''));
  return fs.existsSync(resolved) && fs.statSync(resolved).isDirectory() ? path.join(resolved, 'model.json') : resolved;
}

/**
 * Loads a saved Layers model (a model.json or its folder) with its weights,
 * and returns its compile config apart: the model is not compiled, since
 * `compare` trains with its own seeded trainer.
 *
 * ```js
 * // not run: reads files
 * const {model, trainingConfig} = await loadSavedModel('my-model/model.json');
 * ```
 * @throws Error naming the file when it is missing or cannot be loaded.
 */
export async function loadSavedModel(file: string): Promise<LoadedSavedModel> {
  registerTensorMethods();
  const jsonPath = modelJsonPath(file);
  if (!fs.existsSync(jsonPath)) {
    const folder = path.dirname(jsonPath);
    if (jsonPath !== path.resolve(file.replace(/^file:\/\//, '')) && fs.existsSync(folder)) {
      const entries = fs.readdirSync(folder);
      throw new Error(
          `the folder '${file}' has no model.json (a saved tfjs model is a model.json and its weights files)` +
          `${entries.length > 0 ? `; it holds ${boundedList(entries, 120)}` : '; it is empty'}.`);
    }
    throw new Error(`model file '${file}' does not exist.`);
  }
  let artifacts: io.ModelArtifacts;
  try {
    artifacts = await fileSystemHandler(jsonPath).load!();
  } catch (e) {
    throw new Error(`cannot read the model '${file}': ${(e as Error).message}`);
  }
  const topology = artifacts.modelTopology as Record<string, unknown>| undefined;
  const trainingConfig =
      (artifacts.trainingConfig ?? topology?.['training_config']) as Record<string, unknown>| undefined;
  let model: LayersModel;
  try {
    model = await loadLayersModel(io.fromMemory({...artifacts, trainingConfig: undefined}));
  } catch (e) {
    throw new Error(`cannot load the model '${file}' as a tfjs Layers model: ${(e as Error).message}`);
  }
  return {model, path: jsonPath, trainingConfig: trainingConfig ?? undefined};
}

/** Where the data is and how to read it (plain data). */
export interface CompareDataSpec {
  /** The training CSV. */
  train: string;
  /** The eval CSV; null to cut the eval split from the training file. */
  eval: string|null;
  /** The share of the training file held out when `eval` is null. */
  evalFraction: number|null;
  /** Seeds the split (the run's base seed). */
  seed: number;
  label: string;
  /** The feature columns; null for every column but the label. */
  features: string[]|null;
  task: ResolvedTask['task'];
  numClasses: number;
  standardize: boolean;
  /** Binary task, text labels: the positive class's label (see TabularSelection). */
  positive?: string|null;
  /** Multiclass task, text labels: the labels of classes 0..C−1. */
  classes?: string[]|null;
  /** How the options are named in errors. */
  names?: {label?: string, features?: string, evalFraction?: string, positive?: string, classes?: string};
}

/** The data of a `compare` run: arrays, and what to report about them. */
export interface CompareData {
  arrays: TabularArrays;
  features: string[];
  numTrain: number;
  numEval: number;
  /** Classifiers: training examples per class. */
  trainClassCounts?: number[];
  /** Features whose training values are constant (standardization leaves them unscaled). */
  constantFeatures: string[];
  /** Each feature's root mean square over the training rows, as read (before any standardization). */
  featureRms: number[];
  /** Class id → label text, when text labels were mapped (`positive`, `classes`). */
  labelNames?: string[];
}

/** Options of {@link readCompareData}. */
export interface ReadCompareDataOptions {
  /** Called with the selected features once the training file's header is read, before any value. */
  onHeader?: (features: string[]) => void;
  /** The most bytes of float32 data the two files may hold together (see TabularDataLimit). */
  limit?: TabularDataLimit;
}

/**
 * Reads, checks and encodes the training and eval data ({@link CompareDataSpec}):
 * each CSV is streamed once into typed arrays (readTabularCsv), the eval
 * split is cut, and the features are standardized in place when asked.
 *
 * ```js
 * // not run: reads files
 * const data = await readCompareData({train: 'train.csv', eval: null, evalFraction: 0.2, seed: 1, label: 'y',
 *   features: null, task: 'binary', numClasses: 1, standardize: true});
 * ```
 * @throws Error naming the file, line and column (see readTabularCsv, splitRows).
 */
export async function readCompareData(
    spec: CompareDataSpec, options: ReadCompareDataOptions = {}): Promise<CompareData> {
  const selection: TabularSelection = {
    label: spec.label,
    task: spec.task,
    numClasses: spec.numClasses,
    names: spec.names,
    ...(spec.features != null ? {features: spec.features} : {}),
    ...(spec.positive != null ? {positive: spec.positive} : {}),
    ...(spec.classes != null ? {classes: spec.classes} : {}),
  };
  const trainFile = await readTabularCsv(spec.train, selection, {
    ...(options.onHeader != null ? {onHeader: (features: string[]) => options.onHeader!(features)} : {}),
    ...(options.limit != null ? {limit: options.limit} : {}),
  });
  let train: TabularData, held: TabularData;
  if (spec.eval != null) {
    const used = trainFile.numRows * (trainFile.features.length + 1) * 4;
    const evalFile = await readTabularCsv(
        spec.eval, {
          ...selection,
          features: trainFile.features,
          ...(spec.positive != null && trainFile.labelNames != null ? {negative: trainFile.labelNames[0]} : {}),
        },
        {
          columns: trainFile.columns,
          columnsOf: spec.train,
          ...(options.limit != null ?
                  {limit: {...options.limit, maxBytes: Math.max(0, options.limit.maxBytes - used)}} :
                  {}),
        });
    train = trainFile;
    held = evalFile;
  } else {
    const fraction = spec.evalFraction ?? 0.2;
    const fractionName = spec.names?.evalFraction ?? 'evalFraction';
    if (fraction > 0 && fraction < 1 && Math.max(1, Math.round(trainFile.numRows * fraction)) >= trainFile.numRows) {
      throw new Error(
          `CSV file '${spec.train}' has ${trainFile.numRows} data row(s): holding out ${fractionName} ${
              fraction} of them ` +
          `leaves no training rows; give more rows, a smaller ${fractionName}, or an eval file.`);
    }
    const split = splitRows(trainFile.numRows, fraction, spec.seed, fractionName);
    train = takeRows(trainFile, split.train);
    held = takeRows(trainFile, split.eval);
  }
  const scaling = featureScaling(train);
  const featureRms = scaling.mean.map(
      (m, j) => Math.sqrt(m * m + (scaling.constant.includes(train.features[j]) ? 0 : scaling.std[j] ** 2)));
  if (spec.standardize) {
    // In place: the arrays were made for this run, and a copy would double their memory.
    train = standardize(train, scaling, true);
    held = standardize(held, scaling, true);
  }
  const data: CompareData = {
    arrays: {numFeatures: train.features.length, trainX: train.x, trainY: train.y, evalX: held.x, evalY: held.y},
    features: train.features,
    numTrain: train.numRows,
    numEval: held.numRows,
    constantFeatures: spec.standardize ? scaling.constant : [],
    featureRms,
    ...(trainFile.labelNames != null ? {labelNames: trainFile.labelNames} : {}),
  };
  if (spec.task !== 'regression') {
    const counts = new Array<number>(spec.task === 'binary' ? 2 : spec.numClasses).fill(0);
    for (let i = 0; i < train.y.length; i++) counts[train.y[i]]++;
    data.trainClassCounts = counts;
  }
  return data;
}

/**
 * Where a run's arrays are on disk (plain data, sent to the workers): one
 * binary file of trainX, trainY, evalX, evalY, in this order, each in the
 * machine's byte order.
 */
export interface CompareArraysFile {
  path: string;
  numFeatures: number;
  numTrain: number;
  numEval: number;
  /** `float32` (binary, regression) or `int32` (multiclass class ids). */
  labelDtype: 'float32'|'int32';
}

/**
 * Writes a run's arrays into `dir` as one binary file, for the replica
 * workers, which read it instead of the CSV ({@link loadSavedModelWorkload} does).
 *
 * ```js
 * // not run: writes a file
 * const {writeCompareArrays} = require('tfjs-smelu-repro/node');
 * const file = writeCompareArrays(data.arrays, fs.mkdtempSync(path.join(os.tmpdir(), 'run-')));
 * ```
 * @throws Error naming the file when it cannot be written (e.g. the disk is full).
 */
export function writeCompareArrays(arrays: TabularArrays, dir: string): CompareArraysFile {
  const file = path.join(dir, 'data.bin');
  const parts = [arrays.trainX, arrays.trainY, arrays.evalX, arrays.evalY];
  let fd: number|null = null;
  try {
    fd = fs.openSync(file, 'wx');
    for (const a of parts) {
      const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
      // At most 1 GiB per call: one write of more than 2 GiB fails.
      for (let at = 0; at < bytes.length; at += 1 << 30) {
        const piece = bytes.subarray(at, Math.min(bytes.length, at + (1 << 30)));
        let written = 0;
        while (written < piece.length) written += fs.writeSync(fd, piece, written);
      }
    }
  } catch (e) {
    throw new Error(
        `cannot write the run's data for its workers to '${file}': ${(e as Error).message} ` +
        '(set TMPDIR to a folder with room for it).');
  } finally {
    if (fd != null) fs.closeSync(fd);
  }
  return {
    path: file,
    numFeatures: arrays.numFeatures,
    numTrain: arrays.trainY.length,
    numEval: arrays.evalY.length,
    labelDtype: arrays.trainY instanceof Int32Array ? 'int32' : 'float32'
  };
}

/**
 * Reads the arrays {@link writeCompareArrays} wrote, straight into typed
 * arrays (no copy of the file in between).
 *
 * ```js
 * // not run: reads a file
 * const arrays = readCompareArrays(file);
 * ```
 * @throws Error when the file is missing or its size does not match.
 */
export function readCompareArrays(file: CompareArraysFile): TabularArrays {
  const F = file.numFeatures;
  const labels = (n: number) => (file.labelDtype === 'int32' ? new Int32Array(n) : new Float32Array(n));
  const arrays: TabularArrays = {
    numFeatures: F,
    trainX: new Float32Array(file.numTrain * F),
    trainY: labels(file.numTrain),
    evalX: new Float32Array(file.numEval * F),
    evalY: labels(file.numEval),
  };
  const parts = [arrays.trainX, arrays.trainY, arrays.evalX, arrays.evalY];
  const expected = parts.reduce((a, p) => a + p.byteLength, 0);
  let fd: number;
  try {
    fd = fs.openSync(file.path, 'r');
  } catch (e) {
    throw new Error(`the run's data file '${file.path}' cannot be read: ${(e as Error).message}`);
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size !== expected)
      throw new Error(`the run's data file '${file.path}' has ${size} bytes, but ${expected} were written.`);
    let position = 0;
    for (const a of parts) {
      const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
      for (let at = 0; at < bytes.length;) {
        const n = fs.readSync(fd, bytes, at, Math.min(bytes.length - at, 1 << 30), position);
        if (n === 0) throw new Error(`the run's data file '${file.path}' ended early.`);
        at += n;
        position += n;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return arrays;
}

/**
 * The prefix of the run's scratch folder (in `os.tmpdir()`) that holds its
 * data file while its workers run.
 *
 * ```js
 * console.log(RUN_DATA_DIR_PREFIX);  // tfjs-smelu-repro-data-
 * ```
 */
export const RUN_DATA_DIR_PREFIX = 'tfjs-smelu-repro-data-';

/**
 * Writes `arrays` into a new scratch folder of this run
 * (`<os.tmpdir()>/tfjs-smelu-repro-data-XXXXXX/data.bin`, see
 * makeScratchDir), runs `work` with the file, and removes the folder when
 * `work` settles, whether it succeeds or fails; a signal (SIGINT, SIGTERM,
 * SIGHUP) or an exit before that removes it too, with the run's other
 * cleanups (the workers are stopped first).
 *
 * ```js
 * // not run: a fragment; `arrays` from readCompareData
 * await withRunDataFile(
 *     arrays, (file) => runExperimentInWorkers({...spec, options: {...spec.options, arrays: file}}, plan));
 * ```
 * @throws Error when the folder or file cannot be written, or as `work`.
 */
export async function withRunDataFile<T>(
    arrays: TabularArrays, work: (file: CompareArraysFile) => Promise<T>): Promise<T> {
  const scratch = makeScratchDir('data');
  try {
    return await work(writeCompareArrays(arrays, scratch.path));
  } finally {
    scratch.remove();
  }
}

/** The `saved-model` workload kind's options: everything already resolved by the parent (plain data). */
export interface SavedModelSpecOptions {
  model: string;
  /** The parsed data (written by the parent once per run); workers never read the CSV. */
  arrays: CompareArraysFile;
  resolved: ResolvedTask;
  start: 'initializers'|'saved weights';
  betas: number[];
  description: string;
  source: string;
  settings: Record<string, unknown>;
}

/**
 * Builds the workload of a `compare` run from its files (what every replica
 * worker does): the saved model, and the arrays the parent wrote.
 *
 * ```js
 * // not run: reads files; `options` is the spec's options (see runPreparedComparison)
 * const workload = await loadSavedModelWorkload(options);
 * ```
 */
export async function loadSavedModelWorkload(options: SavedModelSpecOptions): Promise<SavedModelWorkload> {
  if (options.arrays == null)
    throw new Error('saved-model workload: options.arrays (the run\'s data file) is missing.');
  const {model} = await loadSavedModel(options.model);
  let arrays: TabularArrays;
  try {
    arrays = readCompareArrays(options.arrays);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return savedModelWorkload(model, arrays, {
    ...options.resolved,
    start: options.start,
    betas: options.betas,
    name: 'saved-model',
    description: options.description,
    source: options.source,
    settings: options.settings,
  });
}

/**
 * tfjs-layers calls tensor methods in places (the Orthogonal initializer's
 * `rMat.flatten()`), which only the `@tensorflow/tfjs` package registers; a
 * replica worker loads tfjs-core alone. Loading `@tensorflow/tfjs` (when it is
 * installed, as the install line of the docs has it) registers them.
 */
function registerTensorMethods(): void {
  try {
    nodeRequire('@tensorflow/tfjs');
  } catch {
    // Not installed: models whose initializers need the methods fail with tfjs-layers' own error.
  }
}
