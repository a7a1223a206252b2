/**
 * `tfjs-smelu swap <model.json> <outdir> [--beta B] [--from relu,relu6] [--force]`:
 * reads a saved Layers model, swaps its ReLU activations for SmeLU, and writes
 * the result (model.json + weights.bin). It edits the model.json itself: only
 * the replaced activations change, every other key (including those tfjs does
 * not implement, such as a Keras ReLU's threshold) and every weight byte is
 * written as it was. Needs no tfjs-node.
 */
import type {io} from '@tensorflow/tfjs-core';
import type {LayersModel} from '@tensorflow/tfjs-layers';
import {promises as fs} from 'fs';
import {parseArgs} from 'util';

import {readLayersModelFiles, resolveModelPath, withSingleShard, writeLayersModelFiles} from '../io';
import {assertLayersModelJSON} from '../io/layers_model_json';
import {OptionSpelling, parseSwapOptions} from '../swap/options';
import type {SwapPlan} from '../swap/rewrite_topology';
import type {ActivationReplacement, SkippedActivation, SwapActivationsOptions} from '../swap/types';

const COMMAND = 'tfjs-smelu swap';

const USAGE = `Usage: tfjs-smelu swap <model.json> <outdir> [options]

Reads a saved TensorFlow.js Layers model (model.json + weight shards), replaces
its ReLU activations with SmeLU, and writes the new model to <outdir>
(model.json + weights.bin). Only the replaced activations change: every other
part of model.json and every weight is written as it was, so running it again
on its own output changes nothing. Load the result with tf.loadLayersModel
after \`import 'tfjs-smelu'\`.

Options:
  --beta <number>   SmeLU's beta (> 0). Default 2 ('smelu' activation strings);
                    another beta inserts SmeLU layers after the swapped layers.
  --from <list>     Comma-separated identifiers to replace: relu, relu6,
                    leakyReLU. Default: relu.
  --force           Write into <outdir> even if it is not empty (replaces its
                    model.json and weights.bin, leaves other files alone).
  -h, --help        Show this help.`;

/** Printed under a usage error instead of the whole help. */
const HELP_POINTER = `Run '${COMMAND} --help' for the options.`;

/** How errors about options name them: as the command line spells them. */
const CLI_SPELLING: OptionSpelling = {
  where: COMMAND,
  beta: '--beta',
  from: '--from'
};

/** A mistake in the command line: exit code 2 and a pointer to --help. */
class UsageError extends Error {}

const OPTIONS = {
  beta: {type: 'string'},
  from: {type: 'string'},
  force: {type: 'boolean'},
  help: {type: 'boolean', short: 'h'},
} as const;
type OptionName = keyof typeof OPTIONS;

type Command = {
  help: true
}|{help: false, modelPath: string, outDir: string, plan: SwapPlan, force: boolean};

/**
 * Parses argv with Node's tokenizer (non-strict, so `--beta -1` is a value)
 * and checks the tokens here, so every mistake gets this command's own
 * one-line message. The option values are validated by parseSwapOptions only.
 */
function parseCommandLine(argv: string[]): Command {
  const {tokens} = parseArgs({args: argv, options: OPTIONS, strict: false, allowPositionals: true, tokens: true});
  const values: Partial<Record<OptionName, string|true>> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind !== 'option') continue;  // '--': what follows is positional
    if (!Object.prototype.hasOwnProperty.call(OPTIONS, token.name)) {
      throw new UsageError(`unknown option '${token.rawName}'.`);
    }
    const name = token.name as OptionName;
    if (values[name] !== undefined) throw new UsageError(`${token.rawName} is given more than once.`);
    if (OPTIONS[name].type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value, but got '${token.value}'.`);
      values[name] = true;
    } else {
      if (token.value === undefined) throw new UsageError(`${token.rawName} needs a value.`);
      values[name] = token.value;
    }
  }
  if (values.help) return {help: true};
  if (positionals.length !== 2) {
    throw new UsageError(
        `expected <model.json> and <outdir>, but got ${positionals.length} ` +
        `argument(s)${positionals.length > 0 ? `: ${positionals.join(' ')}` : ''}.`);
  }
  const options: SwapActivationsOptions = {};
  if (typeof values.beta === 'string') {
    const number = values.beta.trim() === '' ? NaN : Number(values.beta);
    // A non-number stays a string, so the message shows what was typed.
    options.beta = Number.isNaN(number) ? values.beta as never : number;
  }
  if (typeof values.from === 'string') {
    const list = values.from.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
    options.from = list.length > 0 ? list : values.from as never;
  }
  let plan: SwapPlan;
  try {
    plan = parseSwapOptions(options, CLI_SPELLING);
  } catch (error) {
    throw new UsageError((error as Error).message.replace(`${COMMAND}: `, ''));
  }
  return {help: false, modelPath: positionals[0], outDir: positionals[1], plan, force: values.force === true};
}

/** Makes sure some tfjs backend exists: plain CPU first (fast to start), tfjs-node as a fallback. */
async function ensureBackend(): Promise<void> {
  const tf = await import('@tensorflow/tfjs-core');
  if (tf.engine().backendNames().length === 0) {
    const candidates = ['@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-node'];
    const failures: string[] = [];
    for (const name of candidates) {
      try {
        // Loaded for its side effect (registering the backend), by name and synchronously, from this CommonJS CLI.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require(name);
        break;
      } catch (error) {
        failures.push(`${name}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    if (tf.engine().backendNames().length === 0) {
      throw new Error(
          `no TensorFlow.js backend could be loaded; install @tensorflow/tfjs-backend-cpu ` +
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
    throw new Error(
        `output directory ${dir} exists and is not empty; pass --force to replace ` +
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
    while (((layer as unknown as {_refCount: number | null})._refCount ?? 0) > 0) layer.dispose();
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

/** Builds the model `json` describes with tfjs (checking it loads), then frees it. */
async function assertLoads(
    json: io.ModelJSON, weightSpecs: io.WeightsManifestEntry[], weightData: ArrayBuffer, what: string): Promise<void> {
  const tf = await import('@tensorflow/tfjs-core');
  const {loadLayersModel} = await import('@tensorflow/tfjs-layers');
  let model: LayersModel;
  try {
    model = await loadLayersModel(
        {load: () => tf.io.getModelArtifactsForJSON(json, async () => [weightSpecs, weightData])});
  } catch (error) {
    // One line: tfjs's own messages may run over several.
    throw new Error(`${what}: ${String((error as Error)?.message ?? error).replace(/\s*\n\s*/g, ' ')}`);
  }
  disposeCompletely(model);
}

/** JSON-equality of two parsed JSON values. */
function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

async function swapFile(modelPath: string, outDir: string, plan: SwapPlan, force: boolean): Promise<void> {
  await assertWritableOutDir(outDir, force);
  const input = await readLayersModelFiles(modelPath);
  await ensureBackend();
  await import('../register').then((m) => m.registerSmeLU());
  const {rewriteTopology, renameTrainingConfigOutputs} = await import('../swap/rewrite_topology');

  await assertLoads(
      input.json, input.weightSpecs, input.weightData, `${input.modelJsonPath} does not load in TensorFlow.js`);
  // Edit a copy of the file's own topology: keys tfjs does not implement stay.
  const topology = JSON.parse(JSON.stringify(input.json.modelTopology)) as Record<string, unknown>;
  let rewrite;
  try {
    rewrite = rewriteTopology(topology, plan);
  } catch (error) {
    throw new Error(`${input.modelJsonPath}: ${(error as Error).message}`);
  }
  const {replaced, skipped, outputRenames} = rewrite;
  const edited: io.ModelJSON = {...input.json, modelTopology: topology};
  if (input.json.trainingConfig != null) {
    edited.trainingConfig = renameTrainingConfigOutputs(input.json.trainingConfig, outputRenames);
  }
  // The weights go to one weights.bin, unchanged; a model.json without a manifest stays without one.
  const output = input.json.weightsManifest == null ? edited : withSingleShard(edited, input.weightSpecs);
  // What is checked is what will be read back: the text written, with the same checks as a file from disk
  // (tfjs must never be handed a graph it loops on).
  const written = assertLayersModelJSON(JSON.parse(JSON.stringify(output)), 'internal error: the swapped model');
  await assertLoads(
      written, input.weightSpecs, input.weightData, 'internal error: the swapped model does not load in TensorFlow.js');
  await writeLayersModelFiles(outDir, output, input.weightData, {overwrite: force});

  console.log(formatReport(replaced, skipped));
  const {weightsManifest: _in, ...inputRest} = input.json;
  const {weightsManifest: _out, ...outputRest} = output;
  if (sameJson(inputRest, outputRest)) console.log('Nothing matched: the written model equals the input.');
  console.log(`Wrote ${resolveModelPath(outDir)}/model.json and weights.bin.`);
}

/** Entry point of `tfjs-smelu swap`; returns the exit code (0 ok, 1 failure, 2 usage error). */
export async function run(argv: string[]): Promise<number> {
  let command: Command;
  try {
    command = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${COMMAND}: ${error.message}\n${HELP_POINTER}`);
    return 2;
  }
  if (command.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    await swapFile(command.modelPath, command.outDir, command.plan, command.force);
    return 0;
  } catch (error) {
    console.error(`${COMMAND}: ${(error as Error)?.message ?? String(error)}`);
    return 1;
  }
}
