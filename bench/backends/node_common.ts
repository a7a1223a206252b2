/** Running the suite in this Node process (cpu, wasm, tensorflow). */
import * as tf from '@tensorflow/tfjs-core';
import * as os from 'os';

import {BenchEnv, runSuite, syncByReadingOneElement} from '../suite';
import type {BackendResult, BenchOptions} from '../types';
import {unavailableResult} from './backend_module';

/** Host facts that matter when reading the numbers (the load average above all). */
export function nodeMachineInfo(): Record<string, string|number> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    'load average (1 min) at start': Number(os.loadavg()[0].toFixed(2)),
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    'tfjs-core': tf.version_core,
  };
}

/**
 * User + system CPU time of this process (all its threads, GC helpers
 * included). On a machine shared with other busy processes this leaves out
 * the time the scheduler gave to them, which wall time would count.
 */
export const PROCESS_CPU_CLOCK = {
  now: () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  },
  description: 'process CPU time (user + system, process.cpuUsage)',
};

export interface NodeBackendSetup {
  backend: string;
  /** Loads the backend's package; throws with a helpful message when it cannot. */
  load(): Promise<void>;
  copyFloor?: BenchEnv['copyFloor'];
  /** Time with this process's CPU time instead of wall time (single-threaded backends only). */
  cpuTimeClock?: boolean;
  /** Extra machine facts known after `setBackend` (e.g. the wasm variant). */
  extraInfo?(): Record<string, string|number>;
  /** Rows only this backend has (see BenchEnv.extraActivations). */
  extraActivations?: BenchEnv['extraActivations'];
}

export async function runInNode(
    setup: NodeBackendSetup, options: BenchOptions, log: (line: string) => void): Promise<BackendResult> {
  const machine = nodeMachineInfo();
  try {
    await setup.load();
    if (!(await tf.setBackend(setup.backend))) {
      return unavailableResult(setup.backend, options, `tf.setBackend('${setup.backend}') returned false`, machine);
    }
    await tf.ready();
  } catch (e) {
    return unavailableResult(setup.backend, options, (e as Error).message, machine);
  }
  const env: BenchEnv = {
    backend: setup.backend,
    sync: syncByReadingOneElement,
    copyFloor: setup.copyFloor,
    machine: {...machine, ...setup.extraInfo?.()},
    clock: setup.cpuTimeClock ? PROCESS_CPU_CLOCK : undefined,
    log,
    extraActivations: setup.extraActivations,
  };
  const result = await runSuite(env, options);
  result.loadAtEnd = Number(os.loadavg()[0].toFixed(2));
  return result;
}

/**
 * Keeps copies alive past the timed call so the JIT cannot drop an
 * allocation nobody reads.
 */
export const copySink: {last: unknown} = {
  last: null
};
