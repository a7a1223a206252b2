/**
 * Runs an external program (`apt-get`, `dpkg-deb`) asynchronously, in its own
 * process group, so that a signal that interrupts the toolkit stops it and
 * every process it started (apt-get's download methods included) at once.
 */
import {spawn} from 'child_process';

import {onInterrupt} from '../util/interrupts';

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  cwd?: string;
  /** Time limit in ms; the process group is killed when it passes. */
  timeoutMs?: number;
}

/** A command that exited non-zero, was killed, or could not start: `stderr` holds what it printed. */
export class CommandError extends Error {
  constructor(message: string, readonly stderr: string) {
    super(message);
  }
}

/**
 * Runs `command` with `args`; resolves with its stdout and stderr, rejects with
 * a {@link CommandError}.
 *
 * ```js
 * // not run: internal
 * const {stdout} = await runCommand('dpkg-deb', ['-x', deb, dir]);
 * ```
 */
export function runCommand(
    command: string, args: string[], options: RunCommandOptions = {}): Promise<{stdout: string, stderr: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {cwd: options.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe']});
    const killGroup = () => {
      try {
        if (child.pid != null) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const release = onInterrupt(killGroup);
    let stdout = '', stderr = '';
    let timedOut = false;
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr = (stderr + c.toString()).slice(-8000);
    });
    const timer = options.timeoutMs != null ? setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs) : null;
    child.on('error', (e) => {
      if (timer != null) clearTimeout(timer);
      release();
      reject(new CommandError(`'${command}' could not start: ${e.message}`, stderr));
    });
    child.on('close', (code, signal) => {
      if (timer != null) clearTimeout(timer);
      // The group may hold processes the command left behind (apt-get's methods): stop them too.
      if (code !== 0) killGroup();
      release();
      if (code === 0) {
        resolve({stdout, stderr});
      } else {
        const how = timedOut ? `did not finish within ${options.timeoutMs} ms` :
            signal != null ? `was killed by ${signal}` :
                             `exited with code ${code}`;
        reject(new CommandError(`'${[command, ...args].join(' ')}' ${how}`, stderr));
      }
    });
  });
}
