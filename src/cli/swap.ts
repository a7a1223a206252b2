/**
 * `tfjs-smelu swap <model.json> <outdir> [--beta B] [--from relu,relu6] [--force]`:
 * reads a saved Layers model, swaps its ReLU activations for SmeLU, and writes
 * the result (model.json + weights.bin) in the same format. Needs no tfjs-node.
 */
import {parseArgs} from 'util';

import {promises as fs} from 'fs';

import type {LayersModel} from '@tensorflow/tfjs-layers';

import {fileSystemHandler, resolveModelPath} from '../io';
import {parseSwapOptions} from '../swap/options';
import type {ActivationReplacement, SkippedActivation, SwapActivationsOptions} from '../swap/types';

const USAGE = `Usage: tfjs-smelu swap <model.json> <outdir> [options]

Reads a saved TensorFlow.js Layers model (model.json + weight shards), replaces
its ReLU activations with SmeLU keeping every weight, and writes the new model
to <outdir> (model.json + weights.bin). Load it with tf.loadLayersModel after
\`import 'tfjs-smelu'\`.

Options:
  --beta <number>   SmeLU's beta (> 0). Default 2 ('smelu' activation strings);
                    another beta inserts SmeLU layers after the swapped layers.
  --from <list>     Comma-separated identifiers to replace: relu, relu6,
                    leakyReLU. Default: relu.
  --force           Write into <outdir> even if it is not empty (replaces its
                    model.json and weights.bin, leaves other files alone).
  -h, --help        Show this help.`;

class UsageError extends Error {}

function parseCommandLine(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        beta: {type: 'string'},
        from: {type: 'string'},
        force: {type: 'boolean', default: false},
        help: {type: 'boolean', short: 'h', default: false},
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const {values, positionals} = parsed;
  if (values.help) return {help: true as const};
  if (positionals.length !== 2) {
    throw new UsageError(`expected <model.json> and <outdir>, but got ${positionals.length} ` +
        `argument(s)${positionals.length > 0 ? `: ${positionals.join(' ')}` : ''}.`);
  }
  const options: SwapActivationsOptions = {};
  if (values.beta !== undefined) {
    const beta = Number(values.beta);
    if (values.beta.trim() === '' || !Number.isFinite(beta) || beta <= 0) {
      throw new UsageError(`--beta must be a finite number > 0, but got '${values.beta}'.`);
    }
    options.beta = beta;
  }
  if (values.from !== undefined) {
    options.from = values.from.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
    if (options.from.length === 0) {
      throw new UsageError(`--from must list at least one identifier (relu, relu6, leakyReLU), but got '${values.from}'.`);
    }
  }
  return {help: false as const, modelPath: positionals[0], outDir: positionals[1], options, force: values.force};
}

/** Makes sure some tfjs backend exists: plain CPU first (fast to start), tfjs-node as a fallback. */
async function ensureBackend(): Promise<void> {
  const tf = await import('@tensorflow/tfjs-core');
  if (tf.engine().backendNames().length === 0) {
    const candidates = ['@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-node'];
    const failures: string[] = [];
    for (const name of candidates) {
      try {
        require(name);
        break;
      } catch (error) {
        failures.push(`${name}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    if (tf.engine().backendNames().length === 0) {
      throw new Error(`no TensorFlow.js backend could be loaded; install @tensorflow/tfjs-backend-cpu ` +
          `(or @tensorflow/tfjs-node). Tried: ${failures.join('; ')}`);
    }
    // We own this process's tfjs: production mode keeps the "install tfjs-node" banner out of the report.
    tf.enableProdMode();
  }
  await tf.ready();
}

async function assertWritableOutDir(outDir: string, force: boolean): Promise<void> {
  const dir = resolveModelPath(outDir);
  let entries: string[];
  try {
    entries = await fs.readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR') throw new Error(`output path ${dir} exists and is not a directory.`);
    throw error;
  }
  if (entries.length > 0 && !force) {
    throw new Error(`output directory ${dir} exists and is not empty; pass --force to replace ` +
        `its model.json and weights.bin.`);
  }
}

type AnyLayer = LayersModel['layers'][number];

/**
 * Frees everything a model this command created holds: tfjs counts one reference
 * per call of a shared layer (model.dispose() releases one), and the optimizer
 * loadLayersModel builds from a training config is not owned by the model.
 */
function disposeCompletely(model: LayersModel): void {
  const optimizer = model.optimizer;
  const release = (layer: AnyLayer) => {
    while (((layer as unknown as {_refCount: number|null})._refCount ?? 0) > 0) layer.dispose();
    if (Array.isArray((layer as LayersModel).layers)) (layer as LayersModel).layers.forEach(release);
  };
  release(model);
  if (optimizer != null && !(model as unknown as {isOptimizerOwned: boolean}).isOptimizerOwned) {
    optimizer.dispose();
  }
}

function where(modelPath: string[], layerName: string): string {
  return [...modelPath, layerName].join('/');
}

export function formatReport(replaced: ActivationReplacement[], skipped: SkippedActivation[]): string {
  const lines = [`Replaced ${replaced.length} activation(s):`];
  for (const r of replaced) {
    lines.push(`  ${where(r.modelPath, r.layerName)} (${r.className}): ${r.before} -> ${r.after}`);
  }
  if (skipped.length > 0) {
    lines.push(`Skipped ${skipped.length}:`);
    for (const s of skipped) {
      lines.push(`  ${where(s.modelPath, s.layerName)} (${s.className}): ${s.activation}: ${s.reason}`);
    }
  }
  return lines.join('\n');
}

async function swapFile(modelPath: string, outDir: string, options: SwapActivationsOptions,
                        force: boolean): Promise<void> {
  parseSwapOptions(options);  // Bad --from/--beta fail before any file is read.
  await assertWritableOutDir(outDir, force);
  await ensureBackend();
  const {loadLayersModel} = await import('@tensorflow/tfjs-layers');
  const {swapActivationsFromTopology} = await import('../swap/swap_activations');
  await import('../register').then((m) => m.registerSmeLU());

  const source = fileSystemHandler(modelPath);
  let savedTopology: unknown;
  const model = await loadLayersModel({
    load: async () => {
      const artifacts = await source.load!();
      savedTopology = artifacts.modelTopology;
      return artifacts;
    },
  });
  try {
    // Classify layers from the file itself: tfjs drops config keys it does not implement.
    const {model: swapped, replaced, skipped, compiled} =
        await swapActivationsFromTopology(model, options, savedTopology);
    try {
      // Keep the training config (loss, metrics, optimizer config) that model.json carried,
      // without saving optimizer weights (the swapped model's optimizer is fresh).
      const trainingConfig = compiled ?
          (swapped as unknown as {getTrainingConfig(): unknown}).getTrainingConfig() : undefined;
      const target = fileSystemHandler(outDir, {overwrite: force});
      await swapped.save({
        save: (artifacts) => target.save!(
            trainingConfig == null ? artifacts : {...artifacts, trainingConfig: trainingConfig as never}),
      });
      console.log(formatReport(replaced, skipped));
      if (replaced.length === 0) console.log('Nothing matched: the written model equals the input.');
      console.log(`Wrote ${resolveModelPath(outDir)}/model.json and weights.bin.`);
    } finally {
      disposeCompletely(swapped);
    }
  } finally {
    disposeCompletely(model);
  }
}

/** Entry point of `tfjs-smelu swap`; returns the exit code (0 ok, 1 failure, 2 usage error). */
export async function run(argv: string[]): Promise<number> {
  let command;
  try {
    command = parseCommandLine(argv);
  } catch (error) {
    console.error(`tfjs-smelu swap: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (command.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    await swapFile(command.modelPath, command.outDir, command.options, command.force);
    return 0;
  } catch (error) {
    console.error(`tfjs-smelu swap: ${(error as Error).message}`);
    return 1;
  }
}
