/**
 * What the commands print while they run and when they are done: one merged
 * progress display over every worker, and the line that says where the
 * report went.
 */
import * as path from 'path';

import {setInterruptNotice} from '../util/interrupts';
import {nodeRequire} from '../util/node_require';

/** One merged progress display over every worker (a cli-progress bar on a terminal; replica lines always). */
export function progressDisplay(total: number) {
  const tty = process.stderr.isTTY === true;
  type Bar = {update(v: number|object, p?: object): void};
  let multibar: {create(total: number, start: number, payload: object): Bar, log(s: string): void, stop(): void}|null =
      null;
  let bar: Bar|null = null;
  let batchesTotal = 0;
  const log = (s: string) => (multibar != null ? multibar.log(`${s}\n`) : console.error(s));
  return {
    hooks: {
      onLog: log,
      onReady: (backend: string, info: {description: string, source: string}, workers: number) => {
        log(`  ${info.description}\n  data: ${info.source}\n  backend ${backend}, ${workers} worker process(es), ${
            total} replicas`);
      },
      onProgress: (done: number, all: number) => {
        if (!tty) return;
        if (multibar == null) {
          const cliProgress = nodeRequire('cli-progress') as typeof import('cli-progress');
          multibar = new cliProgress.MultiBar(
                         {
                           format: 'replicas {replicas}/{total} |{bar}| {percentage}% | ETA {eta_formatted}',
                           hideCursor: true,
                           clearOnComplete: true,
                           stream: process.stderr,
                         },
                         cliProgress.Presets.shades_classic) as unknown as typeof multibar;
          batchesTotal = all;
          bar = multibar!.create(all, 0, {replicas: 0, total});
        }
        bar!.update(Math.min(done, batchesTotal));
      },
      onReplicaEnd:
          (output: {task: {variant: number, replica: number}, evalLoss: number, seconds: number}, doneCount: number,
           labels: string[], replicas: number) => {
            bar?.update({replicas: doneCount, total});
            log(`  ${labels[output.task.variant].padEnd(14)} replica ${output.task.replica + 1}/${replicas}: ` +
                `eval loss ${output.evalLoss.toFixed(4)} (${output.seconds.toFixed(1)} s)`);
          },
    },
    stop: () => {
      multibar?.stop();
      multibar = null;
    },
  };
}

/** `Wrote <folder>/: <files>`, the folder relative to the current one when it is inside it. */
export function writtenLine(report: {dir: string, files: readonly string[]}): string {
  const shown = path.relative(process.cwd(), report.dir);
  const folder = shown === '' ? '.' : shown.startsWith('..') ? report.dir : shown;
  const files = report.files.slice(0, -1);
  return `Wrote ${folder}/: ${files.join(', ')} and the manifest ${report.files[report.files.length - 1]}`;
}

/** What a shard prints when its partial result is written: what it ran, where it went, and how to join the shards. */
export function shardDoneLines(
    partial: {
      shard: {index: number, count: number},
      outputs: unknown[],
      jobs: number,
      seconds: number,
      backend: string,
      workers: number
    },
    files: {dir: string, files: readonly string[]}): string {
  const {shard} = partial;
  return `Shard ${shard.index}/${shard.count}: ${partial.outputs.length} of ${partial.jobs} replica jobs in ${
             partial.seconds.toFixed(1)} s ` +
      `on '${partial.backend}' with ${partial.workers} worker(s).\n` +
      `${
             writtenLine(files).replace(
                 /: ([^,]+?) and the manifest/,
                 ': $1 (a partial result) and the manifest')}; join the ${shard.count} ` +
      'shards with: tfjs-smelu-repro merge DIR... --out DIR';
}

/**
 * While a command's workers run: on SIGINT or SIGTERM, stops the progress display and says in one line what was
 * cleaned up (util/interrupts.ts stops the workers and removes the temporary files). The command clears it with
 * `setInterruptNotice(null)` when it ends.
 */
export function noticeInterrupts(command: string, display: {stop(): void}): void {
  setInterruptNotice((signal) => {
    display.stop();
    console.error(
        `tfjs-smelu-repro ${command}: interrupted by ${signal}; stopped the workers and removed the temporary files.`);
  });
}
