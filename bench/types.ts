/**
 * Shapes shared by the benchmark's runner, its reports and its JSON files
 * (`bench/results/<backend>.json`). Plain data only: the browser page sends
 * these back to Node as JSON.
 */

/** What one run measures; `--quick` and the flags pick the values. */
export interface BenchOptions {
  /**
   * Element counts of the float32 inputs (shape [size / C, C], C the largest
   * divisor of size up to 128: the channels of the per-channel g-SmeLU row).
   * A size of at most {@link PER_CALL_MAX_SIZE} measures per-call overhead.
   */
  sizes: number[];
  /** Timed rounds; every case gets one sample per round, interleaved. */
  rounds: number;
  /**
   * Longest warm-up per case (ms): each case is sampled, outputs disposed, until
   * its time per call settles (or this much time has passed) before the rounds.
   */
  maxWarmupMs: number;
  /** Calls are repeated inside one sample until it lasts about this long. */
  minSampleMs: number;
  /** β used for SmeLU and the composite SmeLU. */
  beta: number;
  /** MLP training step: batch size and rounds (0 rounds skips it). */
  mlpBatch: number;
  mlpRounds: number;
  quick: boolean;
}

/** Sizes up to this are timed for their per-call overhead (the kernel's own work is negligible there). */
export const PER_CALL_MAX_SIZE = 64;

/**
 * A ratio whose per-round values spread more than this (inter-quartile range
 * over median) is flagged as too noisy to read on its own.
 */
export const NOISY_SPREAD = 0.2;

/** How a case's warm-up ended. */
export interface WarmUp {
  /** ms spent (calls, outputs disposed as in the rounds). */
  ms: number;
  /** Samples taken. */
  samples: number;
  /** Whether the time per call settled (the last three samples within 10% of the three before). */
  steady: boolean;
}

/** Timing of one case at one size. */
export interface CaseTiming {
  name: string;
  /** Median µs per call, each output disposed before the next call. */
  us: number;
  /** Inter-quartile range of the samples as a fraction of the median. */
  spread: number;
  /** Per-round ratios to `relu` / to the copy floor, medians (same rounds). */
  ratioToRelu: number|null;
  /** Inter-quartile range of the per-round ratios to `relu`, as a fraction of their median. */
  ratioSpread: number|null;
  ratioToCopy: number|null;
  /** Calls per sample and number of samples behind the median. */
  callsPerSample: number;
  samples: number;
  warmUp?: WarmUp;
  /** Set instead of timings when the case could not run (e.g. kernel not registered). */
  error?: string;
}

export interface SizeTimings {
  size: number;
  /** The input's shape: [size / channels, channels]. */
  shape: number[];
  cases: CaseTiming[];
}

/**
 * What fresh memory costs, apart from the kernels: writing a whole output
 * that lands on memory never touched before (every 4 KiB page faults in)
 * against the same write into memory already in use, and calls of `relu`
 * and `smelu` whose outputs are all kept alive (so each lands on new memory,
 * as in a benchmark or program that holds its results), against the same
 * calls timed hot.
 */
export interface FirstTouch {
  size: number;
  /** µs to fill a freshly allocated Float32Array of `size` (median). */
  freshUs: number;
  /** µs to fill one that was filled before (median). */
  warmUs: number;
  /** (fresh − warm) per 4 KiB page, µs. */
  usPerPage: number;
  /** Calls with every output kept alive: µs per call (median) and the hot time of the same case. */
  keptOutputs: Array<{name: string, us: number, hotUs: number|null, error?: string}>;
}

/** How readable the run's ratios are. */
export interface Noise {
  /** Ratio cells (every case but relu, every size, forward and forward + backward). */
  ratios: number;
  /** Of them, those whose per-round spread is above NOISY_SPREAD. */
  flagged: number;
  /** Cases whose warm-up did not settle. */
  unsteady: number;
  /** More than a quarter of the ratios flagged: the run is too noisy to read. */
  tooNoisy: boolean;
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
  /** Median ms per training step. */
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
  /** When the backend's run ended (ISO 8601, UTC). */
  date: string;
  machine: Record<string, string|number>;
  options: BenchOptions;
  forward: SizeTimings[];
  forwardBackward: SizeTimings[];
  firstTouch: FirstTouch[];
  noise: Noise;
  memory: MemoryProbe[];
  mlp: {layers: number[], batch: number, steps: MlpTiming[]}|null;
  /** What the per-call times were measured with (wall clock, or this process's CPU time). */
  clock: string;
  /** Wall time of the whole backend run, seconds. */
  wallSeconds: number;
  /** The host's 1-minute load average at the end of the run (at the start: `machine`). */
  loadAtEnd?: number;
}
