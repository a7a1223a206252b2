/**
 * What the toolkit does when SIGINT, SIGTERM or SIGHUP arrives while it holds
 * something that must not outlive it: worker processes, child processes it
 * started (`apt-get`, `dpkg-deb`), temporary folders, a report half-way
 * through its commit. Node-only.
 *
 * Listeners are installed only while there is something to clean up (or a
 * commit to finish), so that the rest of the time a signal does what it does
 * in any Node program. When a signal arrives, every registered cleanup runs
 * (synchronously, newest first) and the signal is raised again with its
 * default action, so that the process ends *by that signal*: a shell reports
 * 130 for SIGINT, 143 for SIGTERM, and a script that runs the command stops as
 * it would for any other program interrupted by Ctrl-C. While a section is
 * held ({@link holdSignals}), the signal waits until the section has finished.
 * An application that listens to the signal itself decides what it means:
 * then nothing is done at the signal, and the cleanups run when the process
 * exits (as they do for `process.exit`).
 */

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** A cleanup run when a signal interrupts the process (or it exits first); synchronous: nothing after it runs. */
export type InterruptCleanup = (signal: NodeJS.Signals|null) => void;

const cleanups = new Set<InterruptCleanup>();
let holds = 0;
let pending: NodeJS.Signals|null = null;
let installed = false;
let uninstallScheduled = false;
let notice: ((signal: NodeJS.Signals) => void)|null = null;

function listener(signal: NodeJS.Signals): void {
  // The application listens to this signal itself: it decides what the signal means (the cleanups still run if it
  // exits).
  if (process.listenerCount(signal) > 1) return;
  if (holds > 0) {
    pending ??= signal;
    return;
  }
  interrupt(signal);
}

/** A process that exits another way (process.exit, the end of the program) also leaves nothing behind. */
function onExit(): void {
  runCleanups();
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const s of SIGNALS) process.on(s, listener);
  process.on('exit', onExit);
}

function removeListeners(): void {
  installed = false;
  for (const s of SIGNALS) process.removeListener(s, listener);
  process.removeListener('exit', onExit);
}

/** Runs every registered cleanup once, newest first; returns how many ran. */
function runCleanups(signal: NodeJS.Signals|null = null): number {
  const run = [...cleanups].reverse();
  cleanups.clear();
  for (const cleanup of run) {
    try {
      cleanup(signal);
    } catch {
      // One failing cleanup must not keep the others from running.
    }
  }
  return run.length;
}

/**
 * Removes the listeners once nothing is registered or held, two turns of the
 * event loop later: a signal that arrived during synchronous work is still
 * queued in libuv, and removing the listeners before it is dispatched would
 * lose it (the queued signal of a closed handle is dropped). Two turns, because
 * the first check phase can come before the poll phase that reads the signal.
 */
function uninstallIfIdle(): void {
  if (!installed || uninstallScheduled) return;
  uninstallScheduled = true;
  setImmediate(() => setImmediate(() => {
                 uninstallScheduled = false;
                 if (!installed || holds > 0 || cleanups.size > 0) return;
                 removeListeners();
               }));
}

function interrupt(signal: NodeJS.Signals): void {
  if (runCleanups(signal) > 0) notice?.(signal);
  pending = null;
  if (installed) removeListeners();
  // The application's own listeners decide what the signal means; without any, it ends the process.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

/**
 * Registers `cleanup` to run if a signal interrupts the process before the
 * returned function is called (call it once the resource is released the
 * normal way).
 *
 * ```js
 * // not run: internal (the worker pool and the data fetchers use it)
 * const release = onInterrupt(() => child.kill('SIGKILL'));
 * try { await work(); } finally { release(); }
 * ```
 */
export function onInterrupt(cleanup: InterruptCleanup): () => void {
  cleanups.add(cleanup);
  install();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    cleanups.delete(cleanup);
    uninstallIfIdle();
  };
}

/**
 * Runs `section` (a multi-file commit) with SIGINT, SIGTERM and SIGHUP held:
 * a signal that arrives meanwhile is acted on (cleanups, then the default
 * action) only once the section has finished or failed.
 *
 * ```js
 * // not run: internal (the report writer's commit uses it)
 * holdSignals(() => { fs.renameSync(a, b); fs.renameSync(c, d); });
 * ```
 */
export function holdSignals<T>(section: () => T): T {
  holds++;
  install();
  try {
    return section();
  } finally {
    holds--;
    if (holds === 0) {
      const signal = pending;
      pending = null;
      if (signal != null) {
        interrupt(signal);
      } else {
        uninstallIfIdle();
      }
    }
  }
}

/**
 * Sets a line to print (the command line's "interrupted" message) when a
 * signal interrupts a run that had something to clean up; `null` removes it.
 *
 * ```js
 * // not run: internal (the commands set it)
 * setInterruptNotice((signal) => console.error(`interrupted by ${signal}`));
 * ```
 */
export function setInterruptNotice(print: ((signal: NodeJS.Signals) => void)|null): void {
  notice = print;
}
