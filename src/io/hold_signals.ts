/**
 * Holds SIGINT, SIGTERM and SIGHUP while a multi-file save commits, so that an
 * interrupt leaves the old files or the new ones, never a mix and never a
 * temporary file; the signal is acted on once the save has finished or been
 * undone. Node-only.
 */

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs `section` with the signals held. Afterwards, if one arrived and no
 * other listener of the application handles it, it is raised again with its
 * default action (the process ends by that signal, as it would have).
 */
export async function withSignalsHeld<T>(section: () => Promise<T>): Promise<T> {
  let pending: NodeJS.Signals|null = null;
  const listener = (signal: NodeJS.Signals) => {
    pending ??= signal;
  };
  for (const s of SIGNALS) process.on(s, listener);
  try {
    return await section();
  } finally {
    // A signal that came during synchronous work is still queued: let the loop's poll phase dispatch it
    // to this listener before it goes (the queued signal of a removed listener is lost).
    await new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
    for (const s of SIGNALS) process.removeListener(s, listener);
    const signal = pending as NodeJS.Signals | null;
    if (signal != null && process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  }
}
