/**
 * The shuffling dial: the same experiment run once per shuffle window W
 * (`window:W`, or the full reshuffle), its results side by side. This module
 * holds the dial's settings and its result type; report/dial.ts writes it (a
 * table and a verdict per window, the PD ratio and loss change to ReLU
 * plotted against W with their intervals).
 *
 * Every window's run is a complete {@link ExperimentResult} with the same
 * seeds: init group g of every window starts from the same weights and the
 * same base order, so the windows are paired by group as the activations are.
 */
import type {ShuffleMode} from '../training/shuffle';
import {aggregateExperiment} from './aggregate';
import {outputsByPlan} from './jobs';
import type {ExperimentPlan, ExperimentResult, ReplicaOutput, WorkloadInfo} from './types';

/** One setting of the dial: a window of W examples (`window:W`), or `full` (every example reshuffled). */
export type DialWindow = number|'full';

/** One setting of the dial, resolved: its shuffle mode and how it is shown. */
export interface DialSetting {
  /** W in examples; null for the full reshuffle. */
  window: number|null;
  /** `window:W`, or `example` for the full reshuffle (every replica reshuffles all examples each epoch). */
  shuffle: ShuffleMode;
  /** `64`, `1,024`, …, `full`. */
  label: string;
  /** Where W sits against the batch: `within a batch`, `4 batches`, `every example reshuffled`. */
  description: string;
}

/** What a dial run measured, as written to its results.json. */
export interface DialResult {
  kind: 'shuffle-dial';
  /** The settings, in the order of {@link DialResult.runs}. */
  windows: DialSetting[];
  /** One complete experiment per window (same seeds, same activations). */
  runs: ExperimentResult[];
  backend: string;
  startedAt: string;
  /** Wall time of the whole dial. */
  seconds: number;
  /** One line per window and activation against ReLU, from each run's verdict. */
  verdict: string[];
  /** How the dial was run (command, preset, jobs; not part of the measurement). */
  run?: Record<string, unknown>;
}

/**
 * The default windows for a batch size: the largest divisor of the batch that is at most a
 * quarter of it (the replicas see the same batches, each summed in its own order), 4 and 64
 * batches (moderate: a bounded shuffle buffer), and the full reshuffle.
 *
 * ```js
 * console.log(defaultDialWindows(256));  // [64, 1024, 16384, 'full']
 * ```
 */
export function defaultDialWindows(batchSize: number): DialWindow[] {
  let within = Math.max(1, Math.floor(batchSize / 4));
  while (batchSize % within !== 0) within--;
  return [within, 4 * batchSize, 64 * batchSize, 'full'];
}

/**
 * The settings of a list of windows against a batch size.
 *
 * ```js
 * console.log(dialSettings([64, 'full'], 256).map((s) => s.shuffle));  // ['window:64', 'example']
 * ```
 * @throws Error for a window that is not an integer ≥ 1 or 'full', or a window listed twice.
 */
export function dialSettings(windows: readonly DialWindow[], batchSize: number): DialSetting[] {
  const seen = new Set<string>();
  return windows.map((w) => {
    if (w !== 'full' && !(Number.isSafeInteger(w) && w >= 1)) {
      throw new Error(`a window of the shuffling dial must be an integer ≥ 1 or 'full', but got ${String(w)}.`);
    }
    const key = String(w);
    if (seen.has(key)) throw new Error(`the shuffling dial lists the window ${key} twice.`);
    seen.add(key);
    if (w === 'full') return {window: null, shuffle: 'example', label: 'full', description: 'every example reshuffled'};
    const label = w.toLocaleString('en-US');
    const description = w === 1 ? 'the shared order itself' :
        w === batchSize         ? 'one batch (the same batches, own summation order)' :
        batchSize % w === 0 ? `within a batch (${batchSize / w} windows per batch: same batches, own summation order)` :
        w % batchSize === 0 ? `${w / batchSize} batches` :
                              `${(w / batchSize).toFixed(2)} batches`;
    return {window: w, shuffle: `window:${w}` as ShuffleMode, label, description};
  });
}

/** The verdict lines of a dial: each window's, prefixed with the window. */
export function dialVerdict(windows: readonly DialSetting[], runs: readonly ExperimentResult[]): string[] {
  return runs.flatMap((r, i) => r.verdict.map((line) => `W = ${windows[i].label}: ${line}`));
}


/**
 * A dial's results from the outputs of all its replica jobs (in the order of experiment/jobs.ts: window by window):
 * each window's run aggregated exactly as a run of that window alone, side by side. One pool (or the shards that
 * merge joins) trains every window, so each window's `startedAt` and `seconds` are the whole dial's.
 * @throws Error when the outputs do not match the plans' jobs.
 */
export function aggregateDial(
    info: WorkloadInfo, windows: readonly DialSetting[], plans: readonly ExperimentPlan[],
    outputs: readonly ReplicaOutput[],
    run: {backend: string, startedAt: Date, seconds: number, workers: number, details: Record<string, unknown>}):
    DialResult {
  const byPlan = outputsByPlan(plans, outputs);
  const runs = plans.map((plan, i) => aggregateExperiment(info, plan, byPlan[i], {
                           backend: run.backend,
                           startedAt: run.startedAt,
                           seconds: run.seconds,
                           details: {workers: run.workers, threadsPerWorker: 1, ...run.details, window: windows[i]},
                         }));
  return {
    kind: 'shuffle-dial',
    windows: [...windows],
    runs,
    backend: run.backend,
    startedAt: run.startedAt.toISOString(),
    seconds: run.seconds,
    verdict: dialVerdict(windows, runs),
    run: {...run.details, workers: run.workers},
  };
}
