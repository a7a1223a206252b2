/**
 * Ctrl-C and `kill` for the repository's build scripts. Left to its default,
 * node dies on SIGINT or SIGTERM at once, even while it waits for a child
 * (spawnSync), and leaves a staging folder or a half-linked file behind.
 * With these handlers the step under way fails instead (its child is
 * stopped: the terminal signals the whole process group, and children
 * registered here are sent SIGTERM for a `kill` aimed at the script alone),
 * its own cleanup runs (the scripts' finally blocks), and the script then
 * exits with 128 + the signal's number and one line saying so.
 *
 * A synchronous child (spawnSync) cannot be stopped from here: a Ctrl-C
 * reaches it with the rest of the process group, and `spawnSync` below turns
 * its death by that signal into an `Interrupted` error; a signal sent to the
 * script alone is acted on once the synchronous step under way has ended.
 *
 *   const interrupts = require('./interrupts');
 *   interrupts.install('build-native-ops:');
 *   const child = interrupts.track(cp.spawn(...));
 *
 * A fully synchronous script exits once its current step has unwound; an
 * asynchronous one should check `interrupts.received()` where it sets its
 * exit code (exitCode() does that).
 */
'use strict';

const cp = require('child_process');

const SIGNAL_NUMBERS = {
  SIGINT: 2,
  SIGTERM: 15
};
let signalReceived = null;
let installedTag = null;
const children = new Set();

/** An interrupt, thrown where a step learns of it; the scripts print no failure for it. */
class Interrupted extends Error {
  constructor(signal) {
    super(`interrupted by ${signal}`);
    this.name = 'Interrupted';
  }
}

/** Records the first signal: the exit code it gives and the line printed on exit. */
function record(signal) {
  if (signalReceived != null) return;
  signalReceived = signal;
  for (const child of children) child.kill('SIGTERM');
  process.exitCode = 128 + SIGNAL_NUMBERS[signal];
  process.once('exit', () => {
    console.error(`${installedTag ?? ''} interrupted by ${signal}; stopped, leaving nothing half-written.`.trim());
    process.exitCode = 128 + SIGNAL_NUMBERS[signal];
  });
}

/** Installs the handlers once; `tag` starts the line printed on exit. */
function install(tag) {
  if (installedTag != null) return;
  installedTag = tag;
  // Runs once the event loop is free: after a synchronous script's current step has ended.
  for (const signal of Object.keys(SIGNAL_NUMBERS)) process.on(signal, () => record(signal));
}

/**
 * child_process.spawnSync, except that a child ended by SIGINT or SIGTERM (a
 * Ctrl-C reaches the whole process group) records the interrupt and throws
 * {@link Interrupted}.
 */
function spawnSync(command, args, options) {
  const result = cp.spawnSync(command, args, options);
  if (result.signal in SIGNAL_NUMBERS && installedTag != null) {
    record(result.signal);
    throw new Interrupted(result.signal);
  }
  return result;
}

/** Lets a signal that arrived during synchronous work reach its handler (one turn of the event loop). */
function settle() {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Registers a spawned child so that an interrupt stops it; returns the child. */
function track(child) {
  children.add(child);
  child.on('close', () => children.delete(child));
  if (signalReceived != null) child.kill('SIGTERM');
  return child;
}

/** The signal received ('SIGINT' or 'SIGTERM'), or null. */
function received() {
  return signalReceived;
}

/** The exit code for a script that would otherwise exit with `code`: 128 + n after signal n. */
function exitCode(code) {
  return signalReceived == null ? code : 128 + SIGNAL_NUMBERS[signalReceived];
}

module.exports = {
  install,
  track,
  spawnSync,
  settle,
  received,
  exitCode,
  Interrupted,
};
