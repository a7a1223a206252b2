/**
 * `tfjs-smelu-repro compare`: trains replicas of the user's saved Layers
 * model on the user's CSV data, as saved (ReLU) and with SmeLU swapped in,
 * in parallel worker processes, and reports how much the replicas'
 * predictions differ, with bootstrap intervals: the demo's engine and report
 * on your own model and data.
 */

import {createHash} from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import type {CompareOptions, PreparedComparison} from '../compare/compare';
import type {Shard} from '../experiment/jobs';
import {OUTPUT_KINDS} from '../metrics/registry';
import {BACKEND_CHOICES} from '../parallel/backend';
import {SEED_REGIMES} from '../training/seeds';
import {validateShuffleMode} from '../training/shuffle';
import {checkShard, numberOf, parseFlags, reportUsageError, UsageError} from './flags';

const USAGE = `Usage: tfjs-smelu-repro compare --model <model.json> --data <train.csv> --label <column> [options]

Would SmeLU make your model more reproducible? Trains N replicas of your saved Layers model
(Sequential or functional) on your CSV data, once as saved (ReLU) and once per SmeLU β (made
by tfjs-smelu's swapActivations), in parallel worker processes, and measures how much the
replicas' predictions differ (prediction difference, PD), next to eval loss and the model's
metrics, with 95% bootstrap intervals on every ratio to ReLU. Writes <out>/results.json,
report.html, table.md and SVG plots, with the per-layer swap report.

Model and data:
  --model <path>           model.json (or its folder) saved by tfjs (model.save with
                           tfjs-smelu/node's fileSystemHandler, or tfjs-node's file://)
  --data <file.csv>        training data: a header row naming the columns, one example a row
  --label <column>         the label column: 0/1 (binary), class ids 0..C-1 (multiclass) or
                           numbers (regression); text labels are mapped with:
  --positive <label>       binary task: the positive class's label (1), e.g. --positive M;
                           the one other label in the file is 0
  --classes <a,b,c>        multiclass task: the labels of classes 0..C-1, in the order of the
                           model's outputs
  --eval <file.csv>        eval data with the same columns (default: hold out a fraction)
  --eval-fraction <x>      share of --data held out for evaluation when there is no --eval
                           (default 0.2; a seeded split)
  --features <a,b,c>       feature columns, in the order the model takes them (default:
                           every column but the label)
  --standardize            standardize features with the training split's mean and sd (a
                           warning says when feature scales differ by orders of magnitude
                           without it)
  --task <name>            binary, multiclass or regression (default: from the model's compile
                           config, else its output layer: sigmoid → binary, softmax → multiclass)

Variants and training:
  --activations <list>     relu (the model as saved) and smelu[:β] (default relu,smelu:1,smelu:2)
  --replicas <n>           replicas per variant, ≥ 2 (default 4)
  --epochs <n>             training epochs (default 10)
  --batch-size <n>         minibatch size (default 32)
  --learning-rate <x>      Adam's learning rate (default: the compile config's Adam rate, else 0.001)
  --init <same|different>  replicas start from the same (default) or different seeded
                           initializations (from the layers' own initializer configs)
  --from-weights           start every replica from the saved weights instead (fine-tuning)
  --shuffle <mode>         batch (default: fixed batches whose order each replica reshuffles
                           every epoch), example (reshuffle all examples every epoch), none,
                           or window:W (each replica reshuffles only within windows of W
                           examples of one base order per epoch; see the demo's --help)
  --seed <n>               base seed of the replicas, the eval split and the bootstrap (default 1)
  --bootstrap-draws <n>    draws of the bootstrap intervals (default 2000)

Run:
  --jobs <n>               worker processes (default: the CPU cores, %CORES% here); results do not
                           depend on it
  --backend <name>         auto (default: tensorflow if @tensorflow/tfjs-node loads, else cpu),
                           tensorflow, cpu or wasm
  --out <dir>              output folder (default compare-output): a new or empty folder, or one
                           holding an earlier report (its manifest lists the files it wrote;
                           those, unchanged, are replaced, other files are left alone);
                           any other folder is refused before training
  --shard <K/N>            run shard K of N (K = 1..N) of the replica jobs: those at positions i
                           (from 0) with i mod N = K-1 in the run's fixed job list (variant by
                           variant, replica by replica), and write a partial result
                           (<out>/partial.json) instead of the report; join the N partials with
                           'tfjs-smelu-repro merge'. Needs an explicit --backend
  -h, --help               show this help

Data: UTF-8 CSV (a BOM is fine; UTF-16 and UTF-32 files are refused with their encoding named),
streamed once into float32 arrays (the workers read those, not the CSV). A file whose data
would not fit in the memory available (the data is held by this process and by each worker)
is refused before its rows are read, with the limit and what to do.

Nothing is written when an input is wrong (a missing column, a value that is not a number,
a label outside the task's range, an empty file, eval columns that differ, a model whose input
width does not match the features): the error, one line, names the file, line and column.
When the replicas of a variant did not learn (eval loss no better than always predicting the
training labels' average, or constant predictions), the verdict says so instead of a PD ratio.`;

const OPTIONS = {
  'model': {type: 'string'},
  'data': {type: 'string'},
  'label': {type: 'string'},
  'positive': {type: 'string'},
  'classes': {type: 'string'},
  'eval': {type: 'string'},
  'eval-fraction': {type: 'string'},
  'features': {type: 'string'},
  'standardize': {type: 'boolean', default: false},
  'task': {type: 'string'},
  'activations': {type: 'string'},
  'replicas': {type: 'string'},
  'epochs': {type: 'string'},
  'batch-size': {type: 'string'},
  'learning-rate': {type: 'string'},
  'init': {type: 'string'},
  'from-weights': {type: 'boolean', default: false},
  'shuffle': {type: 'string'},
  'seed': {type: 'string'},
  'bootstrap-draws': {type: 'string'},
  'jobs': {type: 'string'},
  'backend': {type: 'string'},
  'out': {type: 'string'},
  'shard': {type: 'string'},
  'help': {type: 'boolean', short: 'h', default: false},
} as const;

/** How each option is named in errors: its flag (merge names them so too, when it joins a comparison's shards). */
export const FLAGS: Partial<Record<keyof CompareOptions, string>> = {
  model: '--model',
  data: '--data',
  label: '--label',
  eval: '--eval',
  evalFraction: '--eval-fraction',
  positive: '--positive',
  classes: '--classes',
  features: '--features',
  task: '--task',
  activations: '--activations',
  replicas: '--replicas',
  epochs: '--epochs',
  batchSize: '--batch-size',
  learningRate: '--learning-rate',
  init: '--init',
  shuffle: '--shuffle',
  jobs: '--jobs',
  fromWeights: '--from-weights',
  standardize: '--standardize',
  seed: '--seed',
  backend: '--backend',
  out: '--out',
  bootstrapDraws: '--bootstrap-draws',
};

/** A parsed command line: the comparison's options, and `--shard` as given (checked once the plan is known). */
type CompareCommandLine = CompareOptions&{shardText?: string};

function parseCommandLine(argv: string[]): CompareCommandLine|null {
  const v = parseFlags(argv, OPTIONS);
  if (v.help) return null;
  for (const flag of ['model', 'data', 'label'] as const) {
    if (v[flag] === undefined) throw new UsageError(`--${flag} is required.`);
  }
  const oneOf = <T extends string>(value: string|undefined, allowed: readonly T[], flag: string): T|undefined => {
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value))
      throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, but got '${value}'.`);
    return value as T;
  };
  const list = (text: string, flag: string) => {
    const items = text.split(',').map((s) => s.trim());
    if (items.some((s) => s === ''))
      throw new UsageError(`--${flag} must be a comma-separated list without empty entries, but got '${text}'.`);
    return items;
  };
  const options: CompareCommandLine = {
    model: v.model!,
    data: v.data!,
    label: v.label!,
    names: FLAGS,
    out: v.out ?? 'compare-output',
    backend: oneOf(v.backend, BACKEND_CHOICES, 'backend') ?? 'auto',
  };
  if (v.eval !== undefined) options.eval = v.eval;
  if (v.features !== undefined) options.features = list(v.features, 'features');
  if (v.positive !== undefined) options.positive = v.positive;
  if (v.classes !== undefined) options.classes = list(v.classes, 'classes');
  if (v.standardize) options.standardize = true;
  if (v['from-weights']) options.fromWeights = true;
  const task = oneOf(v.task, OUTPUT_KINDS, 'task');
  if (task !== undefined) options.task = task;
  if (v.activations !== undefined) options.activations = list(v.activations, 'activations');
  const init = oneOf(v.init, SEED_REGIMES, 'init');
  if (init !== undefined) options.init = init;
  if (v.shuffle !== undefined) {
    const shuffle = v.shuffle;
    try {
      validateShuffleMode(shuffle, '--shuffle', shuffle);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    options.shuffle = shuffle;
  }
  const numeric =
      (flag: string,
       key: 'replicas'|'epochs'|'batchSize'|'learningRate'|'seed'|'bootstrapDraws'|'jobs'|'evalFraction') => {
        const text = (v as Record<string, unknown>)[flag] as string | undefined;
        if (text === undefined) return;
        const n = numberOf(text);
        // The ranges are checked once, by the API; here only that the text is a number at all.
        if (Number.isNaN(n)) throw new UsageError(`--${flag} must be a number, but got '${text}'.`);
        options[key] = n;
      };
  numeric('replicas', 'replicas');
  numeric('epochs', 'epochs');
  numeric('batch-size', 'batchSize');
  numeric('learning-rate', 'learningRate');
  numeric('seed', 'seed');
  numeric('bootstrap-draws', 'bootstrapDraws');
  numeric('jobs', 'jobs');
  numeric('eval-fraction', 'evalFraction');
  if (v.shard !== undefined) {
    options.shardText = v.shard;
    checkShard(v.shard, options.backend!, Infinity);  // K/N and the backend now; against the job count once planned
  }
  return options;
}

/** SHA-256 of a saved model's files: model.json and the weight files its manifest names. */
function modelFilesDigest(modelJson: string): string {
  const hash = createHash('sha256');
  const text = fs.readFileSync(modelJson);
  hash.update(text);
  const manifest =
      (JSON.parse(text.toString('utf8')) as {weightsManifest?: {paths?: string[]}[]}).weightsManifest ?? [];
  for (const group of manifest) {
    for (const p of group.paths ?? [])
      hash.update(`\0${p}\0`).update(fs.readFileSync(path.join(path.dirname(modelJson), p)));
  }
  return hash.digest('hex');
}

/** `--shard K/N`: this shard's replica jobs in worker processes, written as a partial result for merge. */
async function runShard(prepared: PreparedComparison, shard: Shard, argv: string[], out: string): Promise<number> {
  const {replicaJobs, shardPositions} = await import('../experiment/jobs');
  const {runComparisonJobs} = await import('../compare/compare');
  const {shardPartial, writePartial} = await import('../report/partial');
  const {noticeInterrupts, progressDisplay, shardDoneLines} = await import('./progress');
  const {setInterruptNotice} = await import('../util/interrupts');
  const {OutputFolderError} = await import('../util/output_folder');
  const {plan, details} = prepared;
  const all = replicaJobs([plan]);
  const positions = shardPositions(all.length, shard);
  const display = progressDisplay(positions.length);
  const labels = plan.variants.map((v) => v.label);
  noticeInterrupts('compare', display);
  const started = new Date();
  try {
    for (const warning of details.warnings) console.error(`tfjs-smelu-repro compare: warning: ${warning}`);
    console.error(
        `tfjs-smelu-repro compare: ${details.model.className} model, ${details.task} task; shard ${shard.index}/${
            shard.count}: ` +
        `${positions.length} of the run's ${all.length} replica jobs`);
    const run = await runComparisonJobs(prepared, positions.map((i) => all[i]), {
      names: FLAGS,
      hooks: {
        ...display.hooks,
        onReplicaEnd: (output, done) => display.hooks.onReplicaEnd(output, done, labels, plan.config.replicas)
      },
    });
    // What decides the results, without the files' paths (the data fingerprint covers their content).
    const {path: _modelPath, ...model} = details.model;
    const {train: _train, eval: _eval, ...data} = details.data;
    const specOptions = prepared.spec.options as Record<string, unknown>;
    const configuration = {
      command: 'compare',
      plans: [plan],
      details: {...details, model, data},
      workload: {
        kind: prepared.spec.kind,
        resolved: specOptions.resolved,
        start: specOptions.start,
        betas: specOptions.betas,
        settings: specOptions.settings
      },
    };
    const dataDigest =
        createHash('sha256').update(`${run.dataDigest}\0${modelFilesDigest(details.model.path)}`).digest('hex');
    const partial =
        shardPartial('compare', {...run, dataDigest, shard, positions, jobs: all.length, startedAt: started}, {
          configuration,
          plans: [plan],
          windows: null,
          extra: {compare: details},
          details: {
            command: ['tfjs-smelu-repro', 'compare', ...argv].join(' '),
            jobs: prepared.jobs ?? 'default',
            backend: prepared.backend
          },
        });
    const files = writePartial(partial, out, '--out');
    display.stop();
    console.log(shardDoneLines(partial, files));
    return 0;
  } catch (error) {
    display.stop();
    console.error(`tfjs-smelu-repro compare: ${(error as Error).message}`);
    return error instanceof OutputFolderError ? 2 : 1;
  } finally {
    setInterruptNotice(null);
  }
}

/** Entry point of `tfjs-smelu-repro compare`; returns the exit code (0 ok, 1 failure, 2 usage error). */
export async function run(argv: string[]): Promise<number> {
  let options: CompareCommandLine|null;
  try {
    options = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return reportUsageError('compare', error);
  }
  if (options == null) {
    const {defaultJobs} = await import('../parallel/pool');
    console.log(USAGE.replace('%CORES%', String(defaultJobs())));
    return 0;
  }
  const {prepareComparison, runPreparedComparison} = await import('../compare/compare');
  const {shardText, ...compareOptions} = options;
  let prepared;
  let shard: Shard|null = null;
  try {
    if (shardText !== undefined) {
      // A shard writes a partial result, not the report: its folder is checked as one, and the report's is not.
      const {assertWritablePartialDir} = await import('../report/partial');
      assertWritablePartialDir(compareOptions.out!, '--out');
      prepared = await prepareComparison({...compareOptions, out: undefined});
      shard = checkShard(shardText, prepared.backend, prepared.plan.tasks.length);
    } else {
      prepared = await prepareComparison(compareOptions);
    }
  } catch (error) {
    // A bad input: the message names the option, file, line or column. Nothing was written.
    console.error(`tfjs-smelu-repro compare: ${(error as Error).message}`);
    return 2;
  }
  if (shard != null) return runShard(prepared, shard, argv, compareOptions.out!);
  const {formatResultsTable} = await import('../report/tables');
  const {compareMetricsTable, swapReportLines} = await import('../compare/report');
  const {noticeInterrupts, progressDisplay, writtenLine} = await import('./progress');
  const {plan, details} = prepared;
  const display = progressDisplay(plan.tasks.length);
  const labels = plan.variants.map((v) => v.label);
  const {setInterruptNotice} = await import('../util/interrupts');
  const {OutputFolderError} = await import('../util/output_folder');
  noticeInterrupts('compare', display);
  try {
    for (const warning of details.warnings) console.error(`tfjs-smelu-repro compare: warning: ${warning}`);
    console.error(
        `tfjs-smelu-repro compare: ${details.model.className} model, ${details.task} task (${details.loss.name}); ` +
        `${plan.variants.length} variant(s) × ${plan.config.replicas} replicas, ${plan.config.epochs} epoch(s); ` +
        `${details.start === 'saved weights' ? 'from the saved weights' : `init ${plan.config.regime.init}`}, shuffle ${
            plan.config.shuffle}`);
    const {result, files} = await runPreparedComparison(prepared, {
      names: FLAGS,
      hooks: {
        ...display.hooks,
        onReplicaEnd: (output, done) => display.hooks.onReplicaEnd(output, done, labels, plan.config.replicas),
      },
      details: {
        command: ['tfjs-smelu-repro', 'compare', ...argv].join(' '),
        jobs: prepared.jobs ?? 'default',
        backend: prepared.backend
      },
    });
    display.stop();
    console.log(`\n${formatResultsTable(result)}\n`);
    const metrics = compareMetricsTable(result);
    if (metrics.rows.length > 0) {
      console.log(`Metrics (${
          details.metrics.source === 'compile config' ? 'from the compile config' :
                                                        `the ${details.task} task's`}; mean ± sd over replicas):`);
      const widths = metrics.headers.map((h, i) => Math.max(h.length, ...metrics.rows.map((r) => r[i].length)));
      for (const row of [metrics.headers, ...metrics.rows])
        console.log(`  ${row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}`);
      console.log('');
    }
    console.log('Activation swap (swapActivations):');
    for (const line of swapReportLines(result)) console.log(`  ${line}`);
    console.log(`\nVerdict (95% bootstrap intervals; resampled: ${result.bootstrap.resampled}):`);
    for (const line of result.verdict) console.log(`  - ${line}`);
    console.log(
        `\n${result.variants.length} variants × ${plan.config.replicas} replicas in ${
            result.seconds.toFixed(1)} s on ` +
        `'${result.backend}' with ${String(result.run?.workers ?? 1)} worker(s).`);
    if (files != null) {
      console.log(writtenLine(files));
    }
    return 0;
  } catch (error) {
    display.stop();
    console.error(`tfjs-smelu-repro compare: ${(error as Error).message}`);
    return error instanceof OutputFolderError ? 2 : 1;
  } finally {
    setInterruptNotice(null);
  }
}
