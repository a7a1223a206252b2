/**
 * The files of a `compare` run, read in Node: the saved model (model.json +
 * weights, through the plugin's `fileSystemHandler`) and the CSV data. The
 * parent process reads them once to check everything before any worker
 * starts; every replica worker reads them again, with the same code, into the
 * same arrays.
 */
import {io} from '@tensorflow/tfjs-core';
import {LayersModel, loadLayersModel} from '@tensorflow/tfjs-layers';
import * as fs from 'fs';
import * as path from 'path';
import 'tfjs-smelu';
import {fileSystemHandler} from 'tfjs-smelu/node';

import {
  assertSameColumns, featureScaling, readCsvTable, splitRows, standardize, TabularData, tabularFromCsv, takeRows,
} from '../data/tabular';
import {ResolvedTask, SavedModelWorkload, savedModelWorkload, TabularArrays} from './saved_model';
import {nodeRequire} from '../node_require';

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
 * const {modelJsonPath} = require('tfjs-smelu-repro/node');
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
 * const {loadSavedModel} = require('tfjs-smelu-repro/node');
 * const {model, trainingConfig} = await loadSavedModel('my-model/model.json');
 * ```
 * @throws Error naming the file when it is missing or cannot be loaded.
 */
export async function loadSavedModel(file: string): Promise<LoadedSavedModel> {
  registerTensorMethods();
  const jsonPath = modelJsonPath(file);
  if (!fs.existsSync(jsonPath)) throw new Error(`model file '${file}' does not exist.`);
  let artifacts: io.ModelArtifacts;
  try {
    artifacts = await fileSystemHandler(jsonPath).load!();
  } catch (e) {
    throw new Error(`cannot read the model '${file}': ${(e as Error).message}`);
  }
  const topology = artifacts.modelTopology as Record<string, unknown>|undefined;
  const trainingConfig = (artifacts.trainingConfig ?? topology?.['training_config']) as Record<string, unknown>|undefined;
  let model: LayersModel;
  try {
    model = await loadLayersModel(io.fromMemory({...artifacts, trainingConfig: undefined}));
  } catch (e) {
    throw new Error(`cannot load the model '${file}' as a tfjs Layers model: ${(e as Error).message}`);
  }
  return {model, path: jsonPath, trainingConfig: trainingConfig ?? undefined};
}

/** Where the data is and how to read it (plain data, sent to the workers). */
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
  /** How the options are named in errors. */
  names?: {label?: string, features?: string, evalFraction?: string};
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
}

/**
 * Reads, checks and encodes the training and eval data ({@link CompareDataSpec}).
 *
 * ```js
 * // not run: reads files
 * const {readCompareData} = require('tfjs-smelu-repro/node');
 * const data = readCompareData({train: 'train.csv', eval: null, evalFraction: 0.2, seed: 1, label: 'y',
 *   features: null, task: 'binary', numClasses: 1, standardize: true});
 * ```
 * @throws Error naming the file, line and column (see tabularFromCsv, assertSameColumns, splitRows).
 */
export function readCompareData(spec: CompareDataSpec): CompareData {
  const selection = {label: spec.label, task: spec.task, numClasses: spec.numClasses, names: spec.names,
    ...(spec.features != null ? {features: spec.features} : {})};
  const trainTable = readCsvTable(spec.train);
  let train: TabularData, held: TabularData;
  if (spec.eval != null) {
    const evalTable = readCsvTable(spec.eval);
    assertSameColumns(trainTable, evalTable);
    train = tabularFromCsv(trainTable, selection);
    held = tabularFromCsv(evalTable, {...selection, features: train.features});
  } else {
    const all = tabularFromCsv(trainTable, selection);
    const split = splitRows(all.numRows, spec.evalFraction ?? 0.2, spec.seed, spec.names?.evalFraction);
    train = takeRows(all, split.train);
    held = takeRows(all, split.eval);
  }
  let constantFeatures: string[] = [];
  if (spec.standardize) {
    const scaling = featureScaling(train);
    constantFeatures = scaling.constant;
    train = standardize(train, scaling);
    held = standardize(held, scaling);
  }
  const data: CompareData = {
    arrays: {numFeatures: train.features.length, trainX: train.x, trainY: train.y, evalX: held.x, evalY: held.y},
    features: train.features, numTrain: train.numRows, numEval: held.numRows, constantFeatures,
  };
  if (spec.task !== 'regression') {
    const counts = new Array<number>(spec.task === 'binary' ? 2 : spec.numClasses).fill(0);
    for (const y of train.y) counts[y]++;
    data.trainClassCounts = counts;
  }
  return data;
}

/** The `saved-model` workload kind's options: everything already resolved by the parent (plain data). */
export interface SavedModelSpecOptions {
  model: string;
  data: CompareDataSpec;
  resolved: ResolvedTask;
  start: 'initializers'|'saved weights';
  betas: number[];
  description: string;
  source: string;
  settings: Record<string, unknown>;
}

/**
 * Builds the workload of a `compare` run from its files (what every replica worker does).
 *
 * ```js
 * // not run: reads files; `options` is the spec's options (see compareActivations)
 * const workload = await loadSavedModelWorkload(options);
 * ```
 */
export async function loadSavedModelWorkload(options: SavedModelSpecOptions): Promise<SavedModelWorkload> {
  const {model} = await loadSavedModel(options.model);
  let data: CompareData;
  try {
    data = readCompareData(options.data);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return savedModelWorkload(model, data.arrays, {
    ...options.resolved, start: options.start, betas: options.betas, name: 'saved-model',
    description: options.description, source: options.source, settings: options.settings,
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
