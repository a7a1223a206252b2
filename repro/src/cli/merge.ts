/**
 * `tfjs-smelu-repro merge DIR… --out DIR`: joins the partial results that the
 * shards of one run wrote (`demo` or `compare` with `--shard K/N`) into the
 * results.json and report that the run writes on one machine. Every partial
 * is read and checked before anything is written: the same configuration,
 * code, data and backend, every shard of 1..N once.
 */
import type {PartialResult} from '../report/partial';
import {parseFlagsAndOperands, reportUsageError, UsageError} from './flags';

const USAGE = `Usage: tfjs-smelu-repro merge <partial-dir>... --out <dir>

Joins the partial results of one run's shards into the results.json and report that the
run writes on one machine, bit for bit (apart from the run-specific fields startedAt,
seconds and run). Each shard is a 'tfjs-smelu-repro demo ... --shard K/N --out <partial-dir>'
(or 'compare ... --shard K/N'), run anywhere with the same flags, code and data; shard K of
N trains the replica jobs at positions i (from 0) with i mod N = K-1 of the run's job list.

Options:
  --out <dir>              output folder of the report (required): a new or empty folder, or
                           one holding an earlier report (its manifest lists the files it
                           wrote; those, unchanged, are replaced, other files are left alone)
  -h, --help               show this help

Refused with one line and exit status 2, before anything is written: a folder that holds no
partial result (or whose partial.json changed since it was written), partials of different
configurations, code versions (toolkit version, built code, tfjs-core), data or backends, a
missing shard, a shard given twice.`;

const OPTIONS = {
  'out': {type: 'string'},
  'help': {type: 'boolean', short: 'h', default: false},
} as const;

/** The run's kind, from a partial: what merge aggregates and which report it writes. */
function kindOf(p: PartialResult): 'compare'|'dial'|'regime' {
  return p.command === 'compare' ? 'compare' : p.windows != null ? 'dial' : 'regime';
}

/**
 * Checks that `partials` (read from `dirs`) are the N shards of one run, and returns the run's outputs in job order.
 * @throws UsageError in one line naming the folders and what differs or is missing.
 */
async function joinPartials(dirs: string[], partials: PartialResult[]) {
  const {firstDifference} = await import('../report/partial');
  const first = partials[0], a = dirs[0];
  for (let i = 1; i < partials.length; i++) {
    const p = partials[i], b = dirs[i];
    if (p.command !== first.command)
      throw new UsageError(`'${b}' is a shard of a '${p.command}' run, but '${a}' of a '${first.command}' run.`);
    if (p.fingerprint.configuration !== first.fingerprint.configuration) {
      throw new UsageError(
          `'${b}' and '${a}' are shards of different configurations ` +
          `(${firstDifference(first.configuration, p.configuration) ?? 'their configuration fingerprints differ'}).`);
    }
    if (p.fingerprint.code !== first.fingerprint.code) {
      const code = (c: PartialResult['code']) =>
          `tfjs-smelu-repro ${c.toolkit}, build ${c.build.slice(0, 12)}, tfjs-core ${c.tfjs}`;
      throw new UsageError(
          `'${b}' and '${a}' were written by different code (${code(p.code)} vs ${code(first.code)}); ` +
          'run every shard with the same build.');
    }
    if (p.fingerprint.data !== first.fingerprint.data) {
      throw new UsageError(
          `'${b}' and '${a}' were trained on different data (data SHA-256 ${p.fingerprint.data.slice(0, 12)}… vs ` +
          `${first.fingerprint.data.slice(0, 12)}…; sources: ${p.data.source} vs ${first.data.source}).`);
    }
    if (p.backend !== first.backend) {
      throw new UsageError(`'${b}' ran on backend '${p.backend}' but '${a}' on '${
          first.backend}'; every shard must use the same --backend.`);
    }
    if (p.shard.count !== first.shard.count || p.jobs !== first.jobs) {
      throw new UsageError(
          `'${b}' is shard ${p.shard.index}/${p.shard.count} but '${a}' is shard ${first.shard.index}/${
              first.shard.count}: ` +
          'the shards of one run share N.');
    }
  }
  const n = first.shard.count;
  const byIndex = new Map<number, string>();
  partials.forEach((p, i) => {
    const seen = byIndex.get(p.shard.index);
    if (seen != null) throw new UsageError(`shard ${p.shard.index}/${n} is given twice ('${seen}' and '${dirs[i]}').`);
    byIndex.set(p.shard.index, dirs[i]);
  });
  const missing = Array.from({length: n}, (_, k) => k + 1).filter((k) => !byIndex.has(k));
  if (missing.length > 0) {
    const shown = missing.slice(0, 5).map((k) => `${k}/${n}`).join(', ') +
        (missing.length > 5 ? ` and ${missing.length - 5} more` : '');
    throw new UsageError(
        `shard${missing.length > 1 ? 's' : ''} ${shown} ${missing.length > 1 ? 'are' : 'is'} missing: ` +
        `merge needs all ${n} partial results of the run.`);
  }
  const outputs = new Array<PartialResult['outputs'][number]['output']>(first.jobs);
  for (const p of partials)
    for (const o of p.outputs) outputs[o.job] = o.output;
  return outputs;
}

/** Entry point of `tfjs-smelu-repro merge`; returns the exit code (0 ok, 1 failure, 2 usage or input error). */
export async function run(argv: string[]): Promise<number> {
  let dirs: string[], out: string;
  try {
    const {values, operands} = parseFlagsAndOperands(argv, OPTIONS);
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    if (operands.length === 0)
      throw new UsageError('name the partial result folders to join (merge DIR... --out DIR).');
    if (values.out === undefined)
      throw new UsageError('--out is required: the folder the joined report is written to.');
    dirs = operands;
    out = values.out;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return reportUsageError('merge', error);
  }
  const {readPartial, PartialResultError} = await import('../report/partial');
  const {OutputFolderError} = await import('../util/output_folder');
  const fail = (message: string) => {
    console.error(`tfjs-smelu-repro merge: ${message}`);
    return 2;
  };
  let partials: PartialResult[];
  let outputs: Awaited<ReturnType<typeof joinPartials>>;
  try {
    partials = dirs.map(readPartial);
    outputs = await joinPartials(dirs, partials);
  } catch (error) {
    if (error instanceof PartialResultError || error instanceof UsageError) return fail(error.message);
    throw error;
  }
  const first = partials[0];
  const kind = kindOf(first);
  try {
    // The report's folder, before anything is aggregated or written.
    if (kind === 'dial')
      (await import('../report/dial')).assertWritableDialOutputDir(out, '--out');
    else
      (await import('../report/write')).assertWritableOutputDir(out, '--out');
  } catch (error) {
    if (error instanceof OutputFolderError) return fail(error.message);
    throw error;
  }
  // Run-specific: the earliest shard's start, the shards' wall times added up, every shard's worker processes.
  const startedAt = new Date(Math.min(...partials.map((p) => Date.parse(p.startedAt))));
  const seconds = partials.reduce((s, p) => s + p.seconds, 0);
  const workers = partials.reduce((s, p) => s + p.workers, 0);
  const {shard: _shard, ...firstDetails} = first.details;
  const details = {
    ...firstDetails,
    out,
    command: ['tfjs-smelu-repro', 'merge', ...argv].join(' '),
    shards: partials
                .map((p, i) => ({
                       shard: `${p.shard.index}/${p.shard.count}`,
                       dir: dirs[i],
                       startedAt: p.startedAt,
                       seconds: p.seconds,
                       workers: p.workers,
                       command: p.details.command
                     }))
                .sort((x, y) => x.shard.localeCompare(y.shard, 'en', {numeric: true})),
  };
  try {
    const demo = await import('./demo');
    if (kind === 'dial') {
      const {aggregateDial} = await import('../experiment/dial');
      const {writeDialReport} = await import('../report/dial');
      const result = aggregateDial(
          first.info, first.windows!, first.plans, outputs,
          {backend: first.backend, startedAt, seconds, workers, details});
      const files = await writeDialReport(result, out, '--out');
      await demo.printDialResult(result, files.dir);
    } else if (kind === 'regime') {
      const {aggregateExperiment} = await import('../experiment/aggregate');
      const {writeReport} = await import('../report/write');
      const result = aggregateExperiment(
          first.info, first.plans[0], outputs,
          {backend: first.backend, startedAt, seconds, details: {workers, threadsPerWorker: 1, ...details}});
      const files = await writeReport(result, out, {name: '--out'});
      await demo.printRegimeResult(result, files);
    } else {
      const {finishComparison} = await import('../compare/compare');
      const {FLAGS} = await import('./compare');
      const {formatResultsTable} = await import('../report/tables');
      const {writtenLine} = await import('./progress');
      const compare = first.extra?.compare as import('../compare/types').CompareDetails;
      const {result, files} = await finishComparison(
          {plan: first.plans[0], details: compare, out}, first.info, outputs,
          {backend: first.backend, startedAt, seconds, details: {workers, threadsPerWorker: 1, ...details}},
          {...FLAGS, out: '--out'});
      console.log(`\n${formatResultsTable(result)}\n`);
      console.log(`Verdict (95% bootstrap intervals; resampled: ${result.bootstrap.resampled}):`);
      for (const line of result.verdict) console.log(`  - ${line}`);
      console.log(writtenLine(files!));
    }
    return 0;
  } catch (error) {
    console.error(`tfjs-smelu-repro merge: ${(error as Error).message}`);
    return error instanceof OutputFolderError ? 2 : 1;
  }
}
