/**
 * A replica worker process (built to dist/worker.cjs and started by the
 * runner in pool.ts with an IPC channel). It loads the backend and the
 * workload named in its `init` message (once, whatever the number of plans),
 * then trains the replica tasks it is sent, one at a time, each under its own
 * plan (the dial's windows differ in the shuffle mode only), and answers each
 * with the replica's outputs. Any failure is reported as an `error` message,
 * after which it exits with 1.
 */
import type {Workload} from '../workloads/workload';
import type {FromWorker, ToWorker} from './protocol';

let workload: Workload|null = null;

/**
 * SHA-256 of every tensor of the workload (dtype, shape and bytes; training and eval inputs and labels, ranking
 * inputs): what identifies the data behind a partial result (see report/partial.ts), and what the pool checks
 * every worker agrees on.
 */
async function workloadDigest(w: Workload): Promise<string> {
  const {createHash} = await import('crypto');
  const hash = createHash('sha256');
  const tensors = [...w.trainInputs, w.trainLabels, ...w.evalInputs, w.evalLabels, ...(w.ranking?.inputs ?? [])];
  for (const t of tensors) {
    const values = await t.data();
    hash.update(`${t.dtype}[${t.shape.join(',')}]`);
    hash.update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }
  return hash.digest('hex');
}
let queue: Promise<void> = Promise.resolve();

function send(message: FromWorker): Promise<void> {
  return new Promise((resolve) => {
    if (process.send == null || !process.connected) {
      resolve();
      return;
    }
    process.send(message, undefined, {}, () => resolve());
  });
}

async function fail(error: unknown): Promise<never> {
  const e = error instanceof Error ? error : new Error(String(error));
  await send({type: 'error', message: e.message, stack: e.stack});
  process.exit(1);
}

async function handle(
    message: ToWorker, state: {plans?: import('../experiment/types').ExperimentPlan[]}): Promise<void> {
  if (message.type === 'init') {
    const {setUpBackend} = await import('./backend');
    const {loadWorkload} = await import('./workload_specs');
    const {describeWorkload} = await import('../experiment/replica');
    const log = (s: string) => void send({type: 'log', message: s});
    const backend = await setUpBackend(message.backend, message.workerIndex === 0 ? log : () => {});
    workload = await loadWorkload(message.spec, message.workerIndex === 0 ? log : () => {});
    state.plans = message.plans;
    const info = await describeWorkload(workload, message.plans[0]);
    await send({type: 'ready', backend, info, dataDigest: await workloadDigest(workload)});
  } else if (message.type === 'task') {
    const plan = state.plans?.[message.plan];
    if (workload == null || plan == null)
      throw new Error('worker: a task arrived before init, or for a plan it was not given.');
    const {trainReplica} = await import('../experiment/replica');
    const {task, job} = message;
    let lastSent = 0;
    const output = await trainReplica(workload, plan, task, (done, total) => {
      // A message every 10 batches (and at the end) keeps the display live without flooding the channel.
      if (done - lastSent >= 10 || done === total) {
        lastSent = done;
        void send({type: 'progress', job, batchesDone: done, batchesTotal: total});
      }
    });
    await send({type: 'result', job, output});
  } else if (message.type === 'stop') {
    workload?.dispose();
    workload = null;
    process.disconnect?.();
    process.exit(0);
  }
}

if (process.send == null) {
  console.error('tfjs-smelu-repro worker: start me through the replica runner (I need an IPC channel).');
  process.exit(2);
}
const state: {plans?: import('../experiment/types').ExperimentPlan[]} = {};
process.on('message', (message: ToWorker) => {
  // One message at a time, in order.
  queue = queue.then(() => handle(message, state)).catch(fail);
});
process.on('disconnect', () => process.exit(0));
process.on('uncaughtException', (e) => void fail(e));
process.on('unhandledRejection', (e) => void fail(e));
