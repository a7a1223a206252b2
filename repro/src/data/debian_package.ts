/**
 * Fetches a Debian package's files without installing it: `apt-get download`
 * into a cache folder, then `dpkg-deb -x`. Works without root and without R
 * or Python; the package archive is the only network access.
 *
 * Everything is written inside the cache folder, under temporary names that
 * are renamed into place when complete (`debs/<package>.deb`,
 * `unpacked/<package>/` with a `.complete` marker), so that an interrupted or
 * failed fetch leaves nothing half-written and two runs sharing the cache never
 * remove each other's files. A signal removes the temporary folders and stops
 * `apt-get` and `dpkg-deb`.
 */
import {execFileSync} from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import {onInterrupt} from '../util/interrupts';
import {CommandError, runCommand} from './run_command';

/** Result of {@link fetchDebianPackage}. */
export interface DebianPackageFiles {
  /** Folder the package was unpacked into (its root, containing `usr/`). */
  readonly root: string;
  /** The .deb file name, e.g. `r-cran-dslabs_0.7.4-1_all.deb` (names the version). */
  readonly debFile: string;
}

/** Runs a command to completion; throws a CommandError. The synchronous and the asynchronous fetch differ only here. */
type Runner<R> = (command: string, args: string[], options: {cwd?: string, timeoutMs?: number}) => R;

const runSync: Runner<void> = (command, args, options) => {
  try {
    execFileSync(command, args, {cwd: options.cwd, timeout: options.timeoutMs, stdio: ['ignore', 'pipe', 'pipe']});
  } catch (e) {
    const err = e as {stderr?: Buffer, message: string};
    throw new CommandError(err.message, err.stderr?.toString() ?? '');
  }
};

/**
 * Downloads (once) and unpacks a Debian package under `cacheDir`
 * (synchronously: for scripts; the commands use the interruptible
 * {@link fetchDebianPackageAsync}).
 *
 * ```js
 * const {root} = fetchDebianPackage('r-cran-dslabs', '/tmp/cache');
 * ```
 * @param name Package name, e.g. `r-cran-dslabs`.
 * @param cacheDir Folder for the .deb and the unpacked tree.
 * @param timeoutMs Limit for `apt-get download`.
 * @throws Error naming the step that failed (`apt-get download`, `dpkg-deb -x`).
 */
export function fetchDebianPackage(name: string, cacheDir: string, timeoutMs = 120000): DebianPackageFiles {
  checkPackageName(name);
  const debDir = path.join(cacheDir, 'debs');
  fs.mkdirSync(debDir, {recursive: true});
  let debFile = findDeb(debDir, name);
  if (debFile == null) {
    debFile = withTempDir(debDir, '.download-', (tmp) => {
      try {
        aptGetDownload(runSync, name, tmp, timeoutMs);
      } catch (e) {
        const retried = shouldRetryAfterUpdate(e) && (() => {
                          try {
                            runSync('apt-get', ['update'], {timeoutMs});
                            aptGetDownload(runSync, name, tmp, timeoutMs);
                            return true;
                          } catch {
                            return false;
                          }
                        })();
        if (!retried) throw downloadError(name, e);
      }
      return adoptDownload(tmp, debDir, name);
    });
  }
  const root = unpackedRoot(cacheDir, debFile);
  if (!isUnpacked(root)) {
    withTempDir(path.dirname(root), `${path.basename(root)}.tmp-`, (tmp) => {
      try {
        runSync('dpkg-deb', ['-x', path.join(debDir, debFile!), tmp], {});
      } catch (e) {
        throw unpackError(debFile!, e);
      }
      adoptUnpacked(tmp, root, debFile!);
    });
  }
  return {root, debFile};
}

/**
 * {@link fetchDebianPackage} without blocking the event loop: `apt-get` and
 * `dpkg-deb` run as child processes that a signal stops at once (with their
 * temporary folders removed). The commands' prepare step uses it.
 *
 * ```js
 * // not run: may download a Debian package
 * const {root} = await fetchDebianPackageAsync('python3-sklearn', '/tmp/cache');
 * ```
 * @throws Error as {@link fetchDebianPackage}.
 */
export async function fetchDebianPackageAsync(
    name: string, cacheDir: string, timeoutMs = 120000): Promise<DebianPackageFiles> {
  checkPackageName(name);
  const debDir = path.join(cacheDir, 'debs');
  fs.mkdirSync(debDir, {recursive: true});
  let debFile = findDeb(debDir, name);
  if (debFile == null) {
    debFile = await withTempDirAsync(debDir, '.download-', async (tmp) => {
      try {
        await aptGetDownload(runCommand, name, tmp, timeoutMs);
      } catch (e) {
        let retried = false;
        if (shouldRetryAfterUpdate(e)) {
          try {
            await runCommand('apt-get', ['update'], {timeoutMs});
            await aptGetDownload(runCommand, name, tmp, timeoutMs);
            retried = true;
          } catch {
            // Report the original failure below.
          }
        }
        if (!retried) throw downloadError(name, e);
      }
      return adoptDownload(tmp, debDir, name);
    });
  }
  const root = unpackedRoot(cacheDir, debFile);
  if (!isUnpacked(root)) {
    await withTempDirAsync(path.dirname(root), `${path.basename(root)}.tmp-`, async (tmp) => {
      try {
        await runCommand('dpkg-deb', ['-x', path.join(debDir, debFile!), tmp]);
      } catch (e) {
        throw unpackError(debFile!, e);
      }
      adoptUnpacked(tmp, root, debFile!);
    });
  }
  return {root, debFile};
}

function checkPackageName(name: string): void {
  if (!/^[a-z0-9][a-z0-9+.-]+$/.test(name)) throw new Error(`fetchDebianPackage: invalid package name '${name}'.`);
}

function aptGetDownload<R>(run: Runner<R>, name: string, dir: string, timeoutMs: number): R {
  return run('apt-get', ['download', name], {cwd: dir, timeoutMs});
}

/** A fresh machine may have no package lists yet; as root, they are fetched once and the download retried. */
function shouldRetryAfterUpdate(e: unknown): boolean {
  return process.getuid?.() === 0 && /Unable to locate package|has no installation candidate/.test(commandDetail(e));
}

function commandDetail(e: unknown): string {
  const err = e as {stderr?: string, message: string};
  return err.stderr?.trim().split('\n').filter((l) => !l.startsWith('W:')).pop() ?? err.message;
}

function downloadError(name: string, e: unknown): Error {
  return new Error(`'apt-get download ${name}' failed: ${commandDetail(e)}`);
}

function unpackError(debFile: string, e: unknown): Error {
  const err = e as {stderr?: string, message: string};
  return new Error(`'dpkg-deb -x ${debFile}' failed: ${err.stderr?.trim() || err.message}`);
}

/** Moves the downloaded .deb from the download folder into `debDir` (a copy another run put there first wins). */
function adoptDownload(tmp: string, debDir: string, name: string): string {
  const debFile = findDeb(tmp, name);
  if (debFile == null) throw new Error(`'apt-get download ${name}' left no ${name}_*.deb.`);
  if (!fs.existsSync(path.join(debDir, debFile))) fs.renameSync(path.join(tmp, debFile), path.join(debDir, debFile));
  return debFile;
}

function unpackedRoot(cacheDir: string, debFile: string): string {
  return path.join(cacheDir, 'unpacked', debFile.replace(/\.deb$/, ''));
}

function isUnpacked(root: string): boolean {
  return fs.existsSync(path.join(root, '.complete'));
}

/** Renames a complete unpacked tree into place; when another run got there first, its tree stays and ours goes. */
function adoptUnpacked(tmp: string, root: string, debFile: string): void {
  fs.writeFileSync(path.join(tmp, '.complete'), debFile);
  // A tree without the marker can only be left over by an earlier version of this code: it is the cache's own.
  if (fs.existsSync(root) && !isUnpacked(root)) fs.rmSync(root, {recursive: true, force: true});
  try {
    fs.renameSync(tmp, root);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if ((code === 'ENOTEMPTY' || code === 'EEXIST') && isUnpacked(root)) return;  // the caller removes tmp
    throw e;
  }
}

/**
 * Runs `body` with a fresh folder `<parent>/<prefix>XXXXXX`, removed afterwards (renamed away by then, or not) and on
 * a signal.
 */
function withTempDir<T>(parent: string, prefix: string, body: (tmp: string) => T): T {
  fs.mkdirSync(parent, {recursive: true});
  const tmp = fs.mkdtempSync(path.join(parent, prefix));
  const remove = () => fs.rmSync(tmp, {recursive: true, force: true});
  const release = onInterrupt(remove);
  try {
    return body(tmp);
  } finally {
    remove();
    release();
  }
}

async function withTempDirAsync<T>(parent: string, prefix: string, body: (tmp: string) => Promise<T>): Promise<T> {
  fs.mkdirSync(parent, {recursive: true});
  const tmp = fs.mkdtempSync(path.join(parent, prefix));
  const remove = () => fs.rmSync(tmp, {recursive: true, force: true});
  const release = onInterrupt(remove);
  try {
    return await body(tmp);
  } finally {
    remove();
    release();
  }
}

function findDeb(dir: string, name: string): string|null {
  const matches = fs.readdirSync(dir).filter((f) => f.startsWith(`${name}_`) && f.endsWith('.deb')).sort();
  return matches.length > 0 ? matches[matches.length - 1] : null;
}
