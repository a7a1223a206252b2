/** What every backend module of the benchmark provides. */
import type {BackendName} from '../options';
import type {BackendResult, BenchOptions} from '../types';

export interface BackendModule {
  name: BackendName;
  /**
   * Runs the whole suite on this backend. A backend that cannot load returns
   * a result with `unavailable` set (the report says why); it never throws
   * for that.
   */
  run(options: BenchOptions, log: (line: string) => void): Promise<BackendResult>;
}

/** The result of a backend that could not run at all. */
export function unavailableResult(
    backend: string, options: BenchOptions, reason: string,
    machine: Record<string, string|number> = {}): BackendResult {
  return {
    backend,
    unavailable: reason,
    date: new Date().toISOString(),
    machine,
    options,
    forward: [],
    forwardBackward: [],
    firstTouch: [],
    noise: {ratios: 0, flagged: 0, unsteady: 0, tooNoisy: false},
    memory: [],
    mlp: null,
    clock: 'none',
    wallSeconds: 0,
  };
}
