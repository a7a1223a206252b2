/**
 * `tfjs-smelu-repro demo`: trains replicas of a model with ReLU, SmeLU and the
 * linear control (or GELU, Swish, Softplus, …) on MovieLens (or Fashion-MNIST,
 * or the 8×8 digits), in parallel worker processes, measures how much the
 * replicas' predictions differ with 95% intervals, and writes a report folder.
 * By default it turns the shuffling dial: one run per shuffle window W, from
 * within a batch to a full reshuffle; `--shuffle` (or a single-regime preset)
 * runs one regime.
 */
import * as path from 'path';

import type {DialResult} from '../experiment/dial';
import type {ExperimentPlan, ExperimentResult} from '../experiment/types';
import {intervalWords} from '../intervals/methods';
import {DemoOptions, finalConfiguration, INTERVAL_DEFAULT_TEXT, parseCommandLine, USAGE, wrap} from './demo_options';
import {reportUsageError, UsageError} from './flags';
import {PRESETS} from './presets';
import {noticeInterrupts, progressDisplay, shardDoneLines, writtenLine} from './progress';

export async function run(argv: string[]): Promise<number> {
  let options: DemoOptions|null;
  try {
    options = await parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return reportUsageError('demo', error);
  }
  if (options == null) {
    const {activationNames} = await import('../activations/registry');
    const {defaultJobs} = await import('../parallel/pool');
    const {DEFAULT_ACTIVATIONS} = await import('./presets');
    console.log(USAGE
                    .replace(
                        '%PRESETS%',
                        Object.entries(PRESETS)
                            .map(([name, p]) => `  --preset ${name.padEnd(15)} ${wrap(p.summary, 62, 27)}`)
                            .join('\n'))
                    .replace('%INTERVAL_DEFAULT%', INTERVAL_DEFAULT_TEXT)
                    .replace('%DEFAULT_ACTIVATIONS%', DEFAULT_ACTIVATIONS.join(','))
                    .replace('%ACTIVATIONS%', activationNames().join(', '))
                    .replace('%CORES%', String(defaultJobs())));
    return 0;
  }
  if (options.printConfig) {
    console.log(JSON.stringify(finalConfiguration(options), null, 2));
    return 0;
  }
  const {runAndReport} = await import('../parallel/run_and_report');
  const {assertWritableOutputDir} = await import('../report/write');
  const {assertWritablePartialDir} = await import('../report/partial');
  const {OutputFolderError} = await import('../util/output_folder');
  const {setInterruptNotice} = await import('../util/interrupts');
  try {
    // Before any data is fetched or model trained.
    if (options.shard != null)
      assertWritablePartialDir(options.out, '--out');
    else
      assertWritableOutputDir(options.out, '--out');
  } catch (error) {
    if (!(error instanceof OutputFolderError)) throw error;
    console.error(`tfjs-smelu-repro demo: ${error.message}`);
    return 2;
  }
  if (options.shard != null) return runShard(options, argv);
  if (options.dial != null) return runDial(options, argv);
  const {display, hooks} = jobsDisplay(options, options.plan.tasks.length);
  noticeInterrupts('demo', display);
  try {
    console.error(describeRun(options));
    const {result, files} = await runAndReport(options.spec, options.plan, {
      out: options.out,
      jobs: options.jobs,
      jobsName: '--jobs',
      backend: options.backend,
      hooks,
      details: {...finalConfiguration(options), command: ['tfjs-smelu-repro', 'demo', ...argv].join(' ')},
    });
    display.stop();
    await printRegimeResult(result, files);
    return 0;
  } catch (error) {
    display.stop();
    console.error(`tfjs-smelu-repro demo: ${(error as Error).message}`);
    return error instanceof OutputFolderError ? 2 : 1;
  } finally {
    setInterruptNotice(null);
  }
}


/** `n thing` or `n things`. */
const count = (n: number, thing: string) => `${n} ${thing}${n === 1 ? '' : 's'}`;

/** What a single-regime run prints when its report is written (the demo, and merge of its shards). */
export async function printRegimeResult(
    result: ExperimentResult, files: {dir: string, files: string[]}): Promise<void> {
  const {formatResultsTable} = await import('../report/tables');
  const replicasPerVariant = result.layout.groups * result.layout.replicasPerGroup;
  console.log(`\n${formatResultsTable(result)}\n`);
  console.log(`Verdict (95% ${intervalWords(result.interval.method, result.layout.groups)}; resampled: ${
      result.bootstrap.resampled}):`);
  for (const line of result.verdict) console.log(`  - ${line}`);
  console.log(
      `\n${result.variants.length} settings × ${replicasPerVariant} replicas in ${result.seconds.toFixed(1)} s on ` +
      `'${result.backend}' with ${String(result.run?.workers ?? 1)} worker(s).`);
  console.log(writtenLine(files));
}

/** What a dial prints when its report is written (the demo, and merge of its shards). */
export async function printDialResult(result: DialResult, dir: string): Promise<void> {
  const {formatDialTable} = await import('../report/dial');
  const {REPORT_MANIFEST} = await import('../util/output_folder');
  const first = result.runs[0];
  const replicasPerVariant = first.layout.groups * first.layout.replicasPerGroup;
  console.log(`\n${formatDialTable(result)}\n`);
  console.log(
      `Verdict per window (95% ${intervalWords(first.interval.method, first.layout.groups)}; ` +
      `resampled: ${first.bootstrap.resampled}):`);
  for (const line of result.verdict) console.log(`  - ${line}`);
  console.log(
      `\n${count(result.windows.length, 'window')} × ${count(first.variants.length, 'setting')} × ${
          count(replicasPerVariant, 'replica')} in ` +
      `${result.seconds.toFixed(1)} s on '${result.backend}' with ${String(result.run?.workers ?? 1)} worker(s).`);
  const shown = path.relative(process.cwd(), dir);
  console.log(
      `Wrote ${
          shown === ''               ? '.' :
              shown.startsWith('..') ? dir :
                                       shown}/: results.json, report.html, table.md, ` +
      `pd_ratio_vs_window.svg and the manifest ${REPORT_MANIFEST}`);
}

/** The plans of a parsed command line's run: one per window of the dial, or the one regime's. */
function runPlans(options: DemoOptions): ExperimentPlan[] {
  return options.dial != null ? options.dial.map((d) => d.plan) : [options.plan];
}

/** The progress display and worker hooks of a run over `jobs` replica jobs of `plans`. */
function jobsDisplay(options: DemoOptions, total: number) {
  const display = progressDisplay(total);
  const {plan} = options;
  const replicasPerVariant = plan.config.groups * plan.config.replicas;
  const labels = runPlans(options).map(
      (_, i) =>
          plan.variants.map((v) => (options.dial != null ? `W=${options.dial[i].setting.label} ${v.label}` : v.label)));
  const hooks: import('../parallel/pool').WorkerHooks = {
    ...display.hooks,
    onReplicaEnd: (output, done, _all, job) =>
        display.hooks.onReplicaEnd(output, done, labels[job.plan], replicasPerVariant),
  };
  return {display, hooks};
}

/** The one line that says what the run trains. */
function describeRun(options: DemoOptions): string {
  const {plan, settings: s, dial} = options;
  const groups = plan.config.groups;
  const norm =
      `norm ${plan.config.norm}${plan.config.norm === 'none' ? '' : ` (${plan.config.normPlacement} the activation)`}`;
  const replicas = `${plan.variants.length} activation setting(s) × ${groups > 1 ? `${groups} init groups × ` : ''}` +
      `${plan.config.replicas} replicas, ${plan.config.epochs} epoch(s)`;
  return dial != null ? `tfjs-smelu-repro demo: preset ${options.preset}, dataset ${s.dataset}; the shuffling dial, ` +
          `W = ${dial.map((d) => d.setting.label).join(', ')}; per window ${replicas}; init ${
                            plan.config.regime.init}, ${norm}` :
                        `tfjs-smelu-repro demo: preset ${options.preset}, dataset ${s.dataset}; ${replicas}; init ${
                            plan.config.regime.init}, ` +
          `order ${plan.config.regime.order}, shuffle ${plan.config.shuffle}, ${norm}`;
}

/**
 * The shuffling dial: every window's replicas in one pool of workers, then one report (table and verdict per window,
 * plot).
 */
async function runDial(options: DemoOptions, argv: string[]): Promise<number> {
  const {runJobsInWorkers} = await import('../parallel/pool');
  const {aggregateDial} = await import('../experiment/dial');
  const {replicaJobs} = await import('../experiment/jobs');
  const {assertWritableDialOutputDir, writeDialReport} = await import('../report/dial');
  const {OutputFolderError} = await import('../util/output_folder');
  const {setInterruptNotice} = await import('../util/interrupts');
  const dial = options.dial!;
  try {
    assertWritableDialOutputDir(options.out, '--out');  // before any data is fetched or model trained
  } catch (error) {
    if (!(error instanceof OutputFolderError)) throw error;
    console.error(`tfjs-smelu-repro demo: ${error.message}`);
    return 2;
  }
  const plans = runPlans(options);
  const jobs = replicaJobs(plans);
  const {display, hooks} = jobsDisplay(options, jobs.length);
  noticeInterrupts('demo', display);
  const started = new Date();
  const details = {...finalConfiguration(options), command: ['tfjs-smelu-repro', 'demo', ...argv].join(' ')};
  try {
    console.error(describeRun(options));
    for (const [i, {setting}] of dial.entries())
      display.hooks.onLog(`  W = ${setting.label} (${i + 1}/${dial.length}): ${setting.description}`);
    // One pool for every window: each worker loads the data and the backend once; each job carries its window's plan.
    const run = await runJobsInWorkers(
        options.spec, plans, jobs, {jobs: options.jobs, jobsName: '--jobs', backend: options.backend, hooks});
    const result = aggregateDial(run.info, dial.map((d) => d.setting), plans, run.outputs, {
      backend: run.backend,
      startedAt: started,
      seconds: (Date.now() - started.getTime()) / 1000,
      workers: run.workers,
      details,
    });
    const files = await writeDialReport(result, options.out, '--out');
    display.stop();
    await printDialResult(result, files.dir);
    return 0;
  } catch (error) {
    display.stop();
    console.error(`tfjs-smelu-repro demo: ${(error as Error).message}`);
    return error instanceof OutputFolderError ? 2 : 1;
  } finally {
    setInterruptNotice(null);
  }
}

/** `--shard K/N`: this shard's replica jobs in one pool of workers, written as a partial result for merge. */
async function runShard(options: DemoOptions, argv: string[]): Promise<number> {
  const {runJobsInWorkers} = await import('../parallel/pool');
  const {replicaJobs, shardPositions} = await import('../experiment/jobs');
  const {shardPartial, writePartial} = await import('../report/partial');
  const {OutputFolderError} = await import('../util/output_folder');
  const {setInterruptNotice} = await import('../util/interrupts');
  const shard = options.shard!;
  const plans = runPlans(options);
  const all = replicaJobs(plans);
  const positions = shardPositions(all.length, shard);
  const {display, hooks} = jobsDisplay(options, positions.length);
  noticeInterrupts('demo', display);
  const started = new Date();
  try {
    console.error(`${describeRun(options)}\n  shard ${shard.index}/${shard.count}: ${positions.length} of the run's ${
        all.length} replica jobs`);
    const run = await runJobsInWorkers(
        options.spec, plans, positions.map((i) => all[i]),
        {jobs: options.jobs, jobsName: '--jobs', backend: options.backend, hooks});
    // What decides the results: the plans (with every replica's seeds), the windows, the workload's options.
    const windows = options.dial?.map((d) => d.setting) ?? null;
    const configuration =
        {command: 'demo', plans, windows, workload: {kind: options.spec.kind, options: options.spec.options ?? {}}};
    const partial = shardPartial('demo', {...run, shard, positions, jobs: all.length, startedAt: started}, {
      configuration,
      plans,
      windows,
      details: {...finalConfiguration(options), command: ['tfjs-smelu-repro', 'demo', ...argv].join(' ')},
    });
    const files = writePartial(partial, options.out, '--out');
    display.stop();
    console.log(shardDoneLines(partial, files));
    return 0;
  } catch (error) {
    display.stop();
    console.error(`tfjs-smelu-repro demo: ${(error as Error).message}`);
    return error instanceof OutputFolderError ? 2 : 1;
  } finally {
    setInterruptNotice(null);
  }
}
