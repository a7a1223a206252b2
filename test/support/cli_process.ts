/**
 * Running the built toolkit executable as a real process for the output-folder
 * and interrupt tests: spawn it, wait for a line on its stderr, signal it,
 * see which of its child processes are alive, and snapshot folder trees.
 */
import {ChildProcess, execFileSync, spawn} from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import {REPRO_ROOT} from './paths';

export const REPRO_CLI = path.join(REPRO_ROOT, 'dist', 'cli.cjs');

/** A running command: its process, what it printed so far, and how it ended. */
export interface CliRun {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when `pattern` appears on stderr; rejects when the process ends first or after `timeoutMs`. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code and the signal that ended it. */
  exit(timeoutMs?: number): Promise<{code: number | null, signal: NodeJS.Signals|null}>;
}

/**
 * Starts `node repro/dist/cli.cjs ...args`. `detached` puts it in its own process group (to signal the group, as
 * Ctrl-C does).
 */
export function startCli(
    args: string[], options: {cwd?: string, env?: NodeJS.ProcessEnv, detached?: boolean} = {}): CliRun {
  if (!fs.existsSync(REPRO_CLI))
    throw new Error(`${REPRO_CLI} is missing: run 'npm run build' (npm test builds it first).`);
  const child = spawn(process.execPath, [REPRO_CLI, ...args], {
    cwd: options.cwd,
    env: {...process.env, ...options.env},
    detached: options.detached ?? false,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '', err = '';
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr!.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const ended = new Promise<{code: number | null, signal: NodeJS.Signals | null}>((resolve) => {
    child.on('close', (code, signal) => resolve({code, signal}));
  });
  let done = false;
  void ended.then(() => {
    done = true;
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitForStderr(pattern, timeoutMs = 60000) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const poll = () => {
          if (pattern.test(err)) return resolve();
          if (done) return reject(new Error(`the command ended before printing ${pattern}; stderr:\n${err}`));
          if (Date.now() - started > timeoutMs)
            return reject(new Error(`no ${pattern} within ${timeoutMs} ms; stderr:\n${err}`));
          setTimeout(poll, 20);
        };
        poll();
      });
    },
    exit(timeoutMs = 60000) {
      return Promise.race([
        ended,
        new Promise<never>(
            (_, reject) => setTimeout(
                               () => {
                                 child.kill('SIGKILL');
                                 reject(new Error(`the command did not exit within ${timeoutMs} ms; stderr:\n${err}`));
                               },
                               timeoutMs)
                               .unref())
      ]);
    },
  };
}

/** The pids of `parent`'s child processes whose command line contains `match`. */
export function childPids(parent: number, match: string): number[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(parent)], {encoding: 'utf8'});
  } catch {
    return [];  // ps exits 1 when there is none
  }
  return out.split('\n').filter((l) => l.includes(match)).map((l) => Number(l.trim().split(/\s+/)[0]));
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (exited, not yet reaped) counts as gone.
  try {
    return !/^Z/.test(execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], {encoding: 'utf8'}).trim());
  } catch {
    return false;
  }
}

/** The pids still alive after up to `ms` (a SIGKILL'd process takes a moment to go). */
export async function stillAlive(pids: number[], ms = 5000): Promise<number[]> {
  const until = Date.now() + ms;
  let alive = pids.filter(isAlive);
  while (alive.length > 0 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    alive = alive.filter(isAlive);
  }
  return alive;
}

/** Every path under `dir` with its kind, content and mtime: two equal snapshots mean nothing was written or deleted. */
export function treeSnapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      const st = fs.lstatSync(p);
      const key = path.relative(dir, p);
      if (st.isDirectory()) {
        out[key] = 'dir';
        walk(p);
      } else {
        const what = st.isSymbolicLink() ? `link ${fs.readlinkSync(p)}` :
                                           `file ${st.size} ${fs.readFileSync(p).toString('base64').slice(0, 200)}`;
        out[key] = `${what} ${st.mtimeMs}`;
      }
    }
  };
  walk(dir);
  return out;
}

/** Every path under `dir` (relative), sorted. */
export function treeNames(dir: string): string[] {
  return Object.keys(treeSnapshot(dir));
}
