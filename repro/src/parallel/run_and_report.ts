/** The experiment from a spec to a report folder: the path the demo (and any other command) takes. */
import type {ExperimentPlan, ExperimentResult} from '../experiment/types';
import {assertWritableOutputDir, writeReport, WrittenReport} from '../report/write';
import {runExperimentInWorkers, WorkerRunOptions} from './pool';
import type {WorkloadSpec} from './workload_specs';

/**
 * Checks that `out` is writable, runs the experiment in worker processes,
 * and only then writes the report folder (whole, atomically). When anything
 * fails (a worker's error included) nothing is written.
 *
 * ```js
 * // not run: starts worker processes and loads data
 * const {runAndReport} = require('tfjs-smelu-repro/node');
 * const {result, files} = await runAndReport({kind: 'digits'}, plan, {out: 'digits-report', jobs: 2});
 * console.log(files.html);
 * ```
 * @throws Error for an unwritable output folder or a failed run.
 */
export async function runAndReport(
    spec: WorkloadSpec, plan: ExperimentPlan,
    options: WorkerRunOptions&
    {out: string, details?: Record<string, unknown>}): Promise<{result: ExperimentResult, files: WrittenReport}> {
  assertWritableOutputDir(options.out);  // fail before spending minutes on training
  const {result} = await runExperimentInWorkers(spec, plan, options);
  const files = await writeReport(result, options.out);
  return {result, files};
}
