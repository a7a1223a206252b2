/**
 * Shapes shared by the benchmark's runner, its reports and its JSON files
 * (`bench/results/<backend>.json`). Plain data only: the browser page sends
 * these back to Node as JSON.
 */

/** What one run measures; `--quick` and the flags pick the values. */
export interface BenchOptions {
  /** Element counts of the 1-D float32 inputs. */
  sizes: number[];
  /** Timed rounds; every case gets one sample per round, interleaved. */
  rounds: number;
  /** Untimed calls of every case before the first round. */
  warmup: number;
  /** Calls are repeated inside one sample until it lasts about this long. */
  minSampleMs: number;
  /** β used for SmeLU and the composite SmeLU. */
  beta: number;
  /** MLP training step: batch size and rounds (0 rounds skips it). */
  mlpBatch: number;
  mlpRounds: number;
  quick: boolean;
}

/** Timing of one case at one size. */
export interface CaseTiming {
  name: string;
  /** Median ms per call. */
  ms: number;
  /** Inter-quartile range of the samples as a fraction of the median. */
  spread: number;
  /** Per-round ratios to `relu` / to the copy floor, medians (same rounds). */
  ratioToRelu: number|null;
  ratioToCopy: number|null;
  /** Calls per sample and number of samples behind the median. */
  callsPerSample: number;
  samples: number;
  /** Set instead of timings when the case could not run (e.g. kernel not registered). */
  error?: string;
}

export interface SizeTimings {
  size: number;
  cases: CaseTiming[];
}

/** What `tf.profile` saw for one call: exactly-the-output is the goal for SmeLU. */
export interface MemoryProbe {
  name: string;
  size: number;
  newTensors: number;
  newBytes: number;
  /** Highest engine byte count during the call above the count before it. */
  peakExtraBytes: number;
  kernels: string[];
  /** Bytes of one float32 tensor of this size (what an ideal kernel allocates). */
  outputBytes: number;
  error?: string;
}

export interface MlpTiming {
  activation: string;
  ms: number;
  spread: number;
  ratioToRelu: number|null;
  ratioToGelu: number|null;
  samples: number;
  error?: string;
}

export interface BackendResult {
  backend: string;
  /** Why the backend could not run at all (then everything else is empty). */
  unavailable?: string;
  date: string;
  machine: Record<string, string|number>;
  options: BenchOptions;
  forward: SizeTimings[];
  forwardBackward: SizeTimings[];
  memory: MemoryProbe[];
  mlp: {layers: number[], batch: number, steps: MlpTiming[]}|null;
  /** What the per-call times were measured with (wall clock, or this process's CPU time). */
  clock: string;
  /** Wall time of the whole backend run, seconds. */
  wallSeconds: number;
}
