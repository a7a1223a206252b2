/**
 * The rule every writer of the toolkit follows for its output folder: it
 * writes only into a folder that is missing, empty, or holds an earlier
 * report of this toolkit, and it never deletes or overwrites a file it did
 * not write. Node-only.
 *
 * - A report leaves a manifest, {@link REPORT_MANIFEST}, naming each file it
 *   wrote with its size and SHA-256. That is how a later run recognizes the
 *   folder as an earlier report, and which files it may replace.
 * - Anything else is refused before any work starts ({@link OutputFolderError},
 *   one line naming the folder and a few of its files): a folder with files
 *   but no manifest (the current folder, a home folder, a model's or a data
 *   set's folder), a manifest that is not one, a listed file that was changed
 *   since it was written (its hash differs: the user edited it, so it is not
 *   silently replaced), or a file the new report would write that the earlier
 *   one did not.
 * - Replacing an earlier report replaces exactly the files its manifest lists
 *   and nothing else: other files in the folder stay as they are. A listed
 *   file the new report does not write again (a plot that only the earlier
 *   kind of report draws) is removed with the rest of the earlier report, so
 *   the folder never mixes two reports; only names the writer says a report
 *   of its kind may write are ever removed or replaced, whatever else a
 *   manifest lists.
 * - Each file is written under a temporary name in the folder itself, then
 *   renamed into place; the renames of one report happen together, with
 *   SIGINT/SIGTERM/SIGHUP held, and are undone if one fails. So a run that
 *   fails or is interrupted leaves the previous report whole or no report,
 *   never a mix. (A SIGKILL or a power cut in the milliseconds of the commit can
 *   leave files without a manifest; the next run then refuses the folder and
 *   deletes nothing.)
 */
import {createHash, randomBytes} from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import {holdSignals} from './interrupts';

/**
 * The manifest a report leaves in its folder.
 *
 * ```js
 * console.log(REPORT_MANIFEST);  // tfjs-smelu-repro-manifest.json
 * ```
 */
export const REPORT_MANIFEST = 'tfjs-smelu-repro-manifest.json';

const MANIFEST_FORMAT = 'tfjs-smelu-repro report manifest';
const MANIFEST_VERSION = 1;

/** One file a report wrote. */
export interface ManifestEntry {
  name: string;
  bytes: number;
  sha256: string;
}

/** The manifest's content. */
export interface ReportManifest {
  format: typeof MANIFEST_FORMAT;
  version: number;
  writtenBy: string;
  writtenAt: string;
  note: string;
  files: ManifestEntry[];
}

/**
 * The output folder cannot be used: it holds files this toolkit did not
 * write, a changed report file, or it cannot be created or written. The
 * commands print the message as their one line and exit with 2. Nothing was
 * written or deleted.
 *
 * ```js
 * const {assertWritableOutputDir, OutputFolderError} = require('tfjs-smelu-repro/node');
 * try {
 *   assertWritableOutputDir('');  // not a folder path
 * } catch (e) {
 *   console.log(e instanceof OutputFolderError, e.message);  // true output folder must be a folder path, but got "".
 * }
 * ```
 */
export class OutputFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputFolderError';
  }
}

/** What an output folder holds now (see {@link inspectOutputFolder}). */
export interface OutputFolderState {
  /** The folder, absolute. */
  dir: string;
  /** `missing`, `empty`, or `report` (an earlier report, every listed file unchanged). */
  kind: 'missing'|'empty'|'report';
  /**
   * The earlier report's files that are still there (unchanged; the ones a new
   * report replaces or, when it does not write them again, removes).
   */
  previous: ManifestEntry[];
}

const MAX_SHOWN = 3;
const MAX_NAME = 40;
const MAX_PATH = 120;

/** Whether text holds a C0 control character (U+0000 to U+001F). */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++)
    if (text.charCodeAt(i) < 0x20) return true;
  return false;
}

/** A name or path shortened to `max` characters (middle elided), JSON-quoted only when it needs it. */
function shorten(text: string, max: number): string {
  const t = text.length > max ?
      `${text.slice(0, Math.ceil(max / 2) - 1)}…${text.slice(text.length - Math.floor(max / 2))}` :
      text;
  return /[\s'",\\]/.test(t) || hasControlCharacter(t) ? JSON.stringify(t) : t;
}

/** How the folder is named in messages: as given, and where it resolved to when that differs. */
function folderLabel(name: string, given: string, dir: string): string {
  const g = shorten(given, MAX_PATH);
  return path.resolve(given) === given ? `${name} '${g}'` : `${name} '${g}' (${shorten(dir, MAX_PATH)})`;
}

/** "a, b/, c and 4 more" */
function someEntries(dir: string, names: string[]): string {
  const sorted = [...names].sort();
  const shown = sorted.slice(0, MAX_SHOWN).map((n) => {
    let isDir = false;
    try {
      isDir = fs.lstatSync(path.join(dir, n)).isDirectory();
    } catch {
      // Gone meanwhile.
    }
    return `${shorten(n, MAX_NAME)}${isDir ? '/' : ''}`;
  });
  const more = sorted.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

const sha256 = (data: Buffer|string) => createHash('sha256').update(data).digest('hex');

/** The manifest at `file`, or null when it is not one (not JSON, wrong format, a listed name with a path in it). */
function readManifest(file: string): ReportManifest|null {
  let parsed: unknown;
  try {
    const stat = fs.lstatSync(file);
    if (!stat.isFile() || stat.size > 1 << 20) return null;
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  const m = parsed as Partial<ReportManifest>;
  if (m == null || typeof m !== 'object' || m.format !== MANIFEST_FORMAT || !Array.isArray(m.files)) return null;
  for (const f of m.files as unknown[]) {
    const e = f as Partial<ManifestEntry>;
    if (e == null || typeof e.name !== 'string' || typeof e.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(e.sha256) ||
        e.name === '' || e.name === '.' || e.name === '..' || e.name !== path.basename(e.name) ||
        e.name.includes('\\') || e.name === REPORT_MANIFEST) {
      return null;
    }
  }
  return m as ReportManifest;
}

/** The nearest folder at or above `dir` that exists (for a folder that does not exist yet). */
function nearestExisting(dir: string): string {
  let d = dir;
  while (!fs.existsSync(d)) {
    const up = path.dirname(d);
    if (up === d) break;
    d = up;
  }
  return d;
}

/**
 * Checks that `outDir` may receive a report writing `names` (file names,
 * without the manifest), without writing anything: the folder is missing
 * (and can be created), empty, or holds an earlier report of this toolkit
 * whose files are unchanged and which wrote every one of `names` that is
 * there now. The earlier report's files checked (and returned in `previous`)
 * are those named in `names` or `replaces`.
 *
 * ```js
 * console.log(inspectOutputFolder('report', ['a.txt']).kind);  // missing
 * writeOutputFiles('report', {'a.txt': 'one'}, {writtenBy: 'my-script'});
 * console.log(inspectOutputFolder('report', ['a.txt']).kind);  // report
 * ```
 * @param name How messages name the folder (default `output folder`; the commands say `--out`).
 * @param replaces Further names an earlier report of the writer's kind may
 *     have written, which the new report removes when it does not write them.
 * @throws OutputFolderError naming the folder and what is in the way.
 */
export function inspectOutputFolder(
    outDir: string, names: readonly string[], name = 'output folder',
    replaces: readonly string[] = []): OutputFolderState {
  if (typeof outDir !== 'string' || outDir === '' || outDir.includes('\0')) {
    throw new OutputFolderError(`${name} must be a folder path, but got ${JSON.stringify(outDir)}.`);
  }
  const dir = path.resolve(outDir);
  const label = folderLabel(name, outDir, dir);
  let stat: fs.Stats|null = null;
  try {
    stat = fs.statSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR')
      throw new OutputFolderError(`${label} cannot be used: ${(e as Error).message}.`);
  }
  const writable = (folder: string, what: string) => {
    try {
      fs.accessSync(folder, fs.constants.W_OK | fs.constants.X_OK);
    } catch (e) {
      throw new OutputFolderError(
          `${label} ${what}: ${shorten(folder, MAX_PATH)} is not writable ` +
          `(${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
    }
  };
  if (stat == null) {
    const parent = nearestExisting(path.dirname(dir));
    if (!fs.statSync(parent).isDirectory()) {
      throw new OutputFolderError(`${label} cannot be created: ${shorten(parent, MAX_PATH)} is not a folder.`);
    }
    writable(parent, 'cannot be created');
    return {dir, kind: 'missing', previous: []};
  }
  if (!stat.isDirectory()) throw new OutputFolderError(`${label} exists and is not a folder.`);
  const entries = fs.readdirSync(dir);
  if (entries.length === 0) {
    writable(dir, 'cannot be written');
    return {dir, kind: 'empty', previous: []};
  }
  const ours = `; nothing was written or deleted: choose a new or empty folder, or one that holds an earlier report`;
  if (!entries.includes(REPORT_MANIFEST)) {
    throw new OutputFolderError(
        `${label} is not empty and holds no report of tfjs-smelu-repro ` +
        `(${someEntries(dir, entries)})${ours}.`);
  }
  const manifest = readManifest(path.join(dir, REPORT_MANIFEST));
  if (manifest == null) {
    throw new OutputFolderError(
        `${label} holds a ${REPORT_MANIFEST} that is not a report manifest of tfjs-smelu-repro${ours}.`);
  }
  // Only the names a report of the writer's kind writes are ever replaced or removed, whatever else a manifest lists.
  const known = new Set([...names, ...replaces]);
  const previous: ManifestEntry[] = [];
  const changed: string[] = [];
  for (const entry of manifest.files) {
    if (!known.has(entry.name)) continue;
    const file = path.join(dir, entry.name);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(file);
    } catch {
      continue;  // removed since: nothing to replace
    }
    if (!st.isFile() || sha256(fs.readFileSync(file)) !== entry.sha256) {
      changed.push(entry.name);
    } else {
      previous.push(entry);
    }
  }
  if (changed.length > 0) {
    throw new OutputFolderError(
        `${label} holds an earlier report whose ${someEntries(dir, changed)} changed since ` +
        `tfjs-smelu-repro wrote ${changed.length === 1 ? 'it' : 'them'} (the SHA-256 in ${REPORT_MANIFEST} differs); ` +
        `nothing was written or deleted: move ${changed.length === 1 ? 'it' : 'them'} away, or choose another folder.`);
  }
  const listed = new Set(previous.map((e) => e.name));
  const inTheWay = names.filter((n) => !listed.has(n) && entries.includes(n));
  if (inTheWay.length > 0) {
    throw new OutputFolderError(
        `${label} holds an earlier report, and also ${someEntries(dir, inTheWay)}, which it did ` +
        `not write; nothing was written or deleted: move ${
            inTheWay.length === 1 ? 'it' : 'them'} away, or choose another folder.`);
  }
  writable(dir, 'cannot be written');
  return {dir, kind: 'report', previous};
}

function uniqueSuffix(): string {
  return `${process.pid}-${randomBytes(4).toString('hex')}`;
}

/**
 * Writes `files` (name → content) into `outDir` as one report, following the
 * rule of this module: checks the folder again ({@link inspectOutputFolder}),
 * writes each file under a temporary name in the folder, then, with signals
 * held, moves the earlier report's files aside, renames the new ones into
 * place (the manifest last) and removes the earlier files; on an error
 * everything is put back as it was. Returns the folder. The earlier report's
 * files are those its manifest lists under the names of `files` or
 * `options.replaces` (and unchanged): the ones the new report does not write
 * again are removed, so that the new manifest lists every report file left.
 *
 * ```js
 * writeOutputFiles('out', {'a.txt': 'one', 'b.txt': 'two'}, {writtenBy: 'my-script'});
 * const dir = writeOutputFiles('out', {'a.txt': 'three', 'b.txt': 'four'}, {writtenBy: 'my-script'});  // replaces them
 * console.log(dir.endsWith('out'));  // true
 * // A report of the same kind that has no b.txt this time: b.txt goes with the earlier report.
 * writeOutputFiles('out', {'a.txt': 'five'}, {writtenBy: 'my-script', replaces: ['a.txt', 'b.txt']});
 * ```
 * @param options `writtenBy` (recorded in the manifest), `name` (how messages
 *     name the folder), `replaces` (further names a report of the writer's
 *     kind may have written: see above).
 * @throws OutputFolderError when the folder may not be written (nothing was written or deleted);
 *     the file system's error when a write fails (the folder is as it was).
 */
export function writeOutputFiles(
    outDir: string, files: Readonly<Record<string, string|Uint8Array>>,
    options: {writtenBy: string, name?: string, replaces?: readonly string[]}): string {
  const names = Object.keys(files);
  for (const n of names) {
    if (n === REPORT_MANIFEST || n !== path.basename(n) || n.startsWith('.'))
      throw new Error(`writeOutputFiles: bad file name '${n}'.`);
  }
  const state = inspectOutputFolder(outDir, names, options.name, options.replaces);
  const dir = state.dir;
  const suffix = uniqueSuffix();
  const manifest: ReportManifest = {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    writtenBy: options.writtenBy,
    writtenAt: new Date().toISOString(),
    note:
        'The files tfjs-smelu-repro wrote into this folder. A later run into this folder replaces (or, when it does not ' +
        'write them again, removes) exactly these files when they are unchanged (same SHA-256), and leaves every other file ' +
        'alone; it refuses the folder when one was changed.',
    files: names.map((n) => {
      const data = files[n];
      return {
        name: n,
        bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength,
        sha256: sha256(Buffer.from(data))
      };
    }),
  };
  const staged = [
    ...names.map((n) => ({name: n, data: files[n]})),
    {name: REPORT_MANIFEST, data: `${JSON.stringify(manifest, null, 2)}\n`}
  ].map((f) => ({...f, temp: path.join(dir, `.${f.name}.tmp-${suffix}`)}));
  // The earlier report's files (and its manifest), moved aside during the commit and removed after it.
  const old = [...state.previous.map((e) => e.name), ...(state.kind === 'report' ? [REPORT_MANIFEST] : [])].map(
      (n) => ({name: n, backup: path.join(dir, `.${n}.old-${suffix}`)}));

  // Signals wait until the files are written and committed, or everything is undone (they cannot stop it half-way).
  return holdSignals(() => {
    const createdFrom = state.kind === 'missing' ? fs.mkdirSync(dir, {recursive: true}) ?? null : null;
    const written: string[] = [];
    const removeStaged = () => {
      for (const f of staged) fs.rmSync(f.temp, {force: true});
      // A folder this call created goes again (only while it is still empty of anything else).
      if (createdFrom != null) {
        for (let d = dir; d.length >= createdFrom.length; d = path.dirname(d)) {
          try {
            fs.rmdirSync(d);
          } catch {
            break;
          }
        }
      }
    };
    try {
      for (const f of staged) {
        const fd = fs.openSync(f.temp, 'wx');  // never through an existing file or symlink
        try {
          fs.writeFileSync(fd, f.data);
          fs.fsyncSync(fd);
        } finally {
          fs.closeSync(fd);
        }
      }
      const movedAside: typeof old = [];
      try {
        for (const o of old) {
          fs.renameSync(path.join(dir, o.name), o.backup);
          movedAside.push(o);
        }
        for (const f of staged) {
          fs.renameSync(f.temp, path.join(dir, f.name));
          written.push(f.name);
        }
      } catch (e) {
        // Undo: the new files go, the earlier ones come back.
        for (const n of written) fs.rmSync(path.join(dir, n), {force: true});
        for (const o of movedAside) fs.renameSync(o.backup, path.join(dir, o.name));
        throw e;
      }
      for (const o of old) fs.rmSync(o.backup, {force: true});
      syncFolder(dir);
      return dir;
    } catch (e) {
      removeStaged();
      throw e;
    }
  });
}

/** Makes the renames durable (where the platform lets a folder be fsync'd). */
function syncFolder(dir: string): void {
  let fd: number|null = null;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Not supported here (e.g. Windows): the renames are still atomic.
  } finally {
    if (fd != null) fs.closeSync(fd);
  }
}
