/**
 * Partial results: what one shard of a run (`--shard K/N`) writes, and what
 * `tfjs-smelu-repro merge` reads back. A partial folder holds `partial.json`
 * (and the manifest of the output-folder rule, util/output_folder.ts): the
 * raw outputs of the shard's replica jobs (predictions, per-example losses,
 * ranking scores, bit for bit: typed arrays as base64 of their little-endian
 * bytes), everything the aggregation needs besides them (the plans, the
 * workload's description, the backend), and three fingerprints that merge
 * compares before it joins anything:
 *
 * - configuration: SHA-256 of the canonical JSON of what decides the results
 *   (the plans with their seeds, the dial's windows, the workload's options;
 *   not the paths, the job count or the output folder);
 * - code: SHA-256 of the toolkit's version, of its built code (every
 *   dist/*.cjs file) and of the tfjs-core version;
 * - data: SHA-256 of every tensor the replicas train and are evaluated on
 *   (computed by each worker; `compare` adds its model files).
 *
 * Node-only.
 */
import {createHash} from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import {version} from '../../package.json';
import type {DialSetting} from '../experiment/dial';
import {Shard, shardPositions} from '../experiment/jobs';
import type {ExperimentPlan, ReplicaOutput, WorkloadInfo} from '../experiment/types';
import {nodeRequire, toolkitDir} from '../util/node_require';
import {inspectOutputFolder, OutputFolderError, REPORT_MANIFEST, writeOutputFiles} from '../util/output_folder';

/** The file a partial folder holds (besides the manifest). */
export const PARTIAL_FILE = 'partial.json';

const PARTIAL_FORMAT = 'tfjs-smelu-repro partial result';
const PARTIAL_VERSION = 1;

/** The fingerprints merge compares (SHA-256, hex). */
export interface PartialFingerprint {
  configuration: string;
  code: string;
  data: string;
}

/** What the code fingerprint hashes. */
export interface CodeVersion {
  /** The toolkit's package version. */
  toolkit: string;
  /** SHA-256 of the built code (dist/*.cjs, by name), or `unbuilt` when there is none. */
  build: string;
  /** @tensorflow/tfjs-core's version. */
  tfjs: string;
}

/** The content of partial.json. */
export interface PartialResult {
  format: typeof PARTIAL_FORMAT;
  version: number;
  /** The command whose run this is a share of. */
  command: 'demo'|'compare';
  shard: Shard;
  /** Jobs in the whole run (every shard together). */
  jobs: number;
  fingerprint: PartialFingerprint;
  /** What the configuration fingerprint hashes (readable, to say how two partials differ). */
  configuration: Record<string, unknown>;
  code: CodeVersion;
  /** The data's source as the workload describes it, and the digest of its tensors. */
  data: {source: string, digest: string};
  /** The backend the replicas ran on (merge refuses a mix). */
  backend: string;
  plans: ExperimentPlan[];
  /** The shuffling dial's windows (one per plan), or null for one regime. */
  windows: DialSetting[]|null;
  info: WorkloadInfo;
  /** What the run adds to results.json's `run` (the final configuration, the command line). */
  details: Record<string, unknown>;
  /** Anything else the command's results need (compare: its details). */
  extra?: Record<string, unknown>;
  /** This shard's run: when it started, its wall time, its worker processes. */
  startedAt: string;
  seconds: number;
  workers: number;
  /** The outputs of this shard's jobs, each with its position in the run's job list. */
  outputs: {job: number, output: ReplicaOutput}[];
}

/** JSON with every key sorted, at every depth: the same value gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => {
    if (v == null || typeof v !== 'object' || Array.isArray(v) || ArrayBuffer.isView(v)) return v;
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]));
  });
}

const sha256 = (data: string|Uint8Array) => createHash('sha256').update(data).digest('hex');

let cachedCode: CodeVersion|null = null;

/** The toolkit's version, a hash of its built code and tfjs-core's version (see the module's comment). */
export function codeVersion(): CodeVersion {
  if (cachedCode != null) return cachedCode;
  const dist = path.join(toolkitDir, 'dist');
  let build = 'unbuilt';
  if (fs.existsSync(dist)) {
    const hash = createHash('sha256');
    const files = fs.readdirSync(dist).filter((f) => f.endsWith('.cjs')).sort();
    for (const f of files) hash.update(`${f}\0`).update(fs.readFileSync(path.join(dist, f)));
    if (files.length > 0) build = hash.digest('hex');
  }
  let tfjs = 'unknown';
  try {
    tfjs = (nodeRequire('@tensorflow/tfjs-core/package.json') as {version: string}).version;
  } catch {
    // Not resolvable as a file: the version stays unknown (the same on every machine with this build).
  }
  cachedCode = {toolkit: version, build, tfjs};
  return cachedCode;
}

/** The fingerprints of a shard's run. */
export function partialFingerprint(
    configuration: Record<string, unknown>, code: CodeVersion, dataDigest: string): PartialFingerprint {
  return {configuration: sha256(canonicalJson(configuration)), code: sha256(canonicalJson(code)), data: dataDigest};
}

/** What a shard ran: its jobs' outputs (in the order of `positions`) and where they ran. */
export interface ShardRun {
  shard: Shard;
  /** Positions of the shard's jobs in the run's job list (see experiment/jobs.ts). */
  positions: number[];
  /** Jobs in the whole run. */
  jobs: number;
  backend: string;
  info: WorkloadInfo;
  outputs: ReplicaOutput[];
  workers: number;
  /** SHA-256 of the data the replicas trained and were evaluated on. */
  dataDigest: string;
  startedAt: Date;
}

/**
 * A shard's partial result: its outputs with their positions, what the aggregation needs (`plans`, `windows`,
 * `details`, `extra`), and the fingerprints of `configuration`, this code and the data.
 */
export function shardPartial(command: PartialResult['command'], run: ShardRun, what: {
  configuration: Record<string, unknown>,
  plans: ExperimentPlan[],
  windows: DialSetting[]|null,
  details: Record<string, unknown>,
  extra?: Record<string, unknown>
}): PartialResult {
  const code = codeVersion();
  return {
    format: PARTIAL_FORMAT,
    version: PARTIAL_VERSION,
    command,
    shard: run.shard,
    jobs: run.jobs,
    fingerprint: partialFingerprint(what.configuration, code, run.dataDigest),
    configuration: what.configuration,
    code,
    data: {source: run.info.source, digest: run.dataDigest},
    backend: run.backend,
    plans: what.plans,
    windows: what.windows,
    info: run.info,
    details: what.details,
    ...(what.extra != null ? {extra: what.extra} : {}),
    startedAt: run.startedAt.toISOString(),
    seconds: (Date.now() - run.startedAt.getTime()) / 1000,
    workers: run.workers,
    outputs: run.positions.map((job, i) => ({job, output: run.outputs[i]})),
  };
}

/**
 * Typed arrays as `{$typedArray, base64}` (their bytes, little-endian as on every platform Node runs on), and the
 * numbers JSON has no text for (NaN, ±Infinity, −0: a diverged replica's loss) as `{$number}`, so that merge
 * aggregates exactly the values the shard had.
 */
function encodeTyped(_: string, v: unknown): unknown {
  if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)))
    return {$number: Object.is(v, -0) ? '-0' : String(v)};
  if (v instanceof Float32Array || v instanceof Int32Array) {
    return {
      $typedArray: v instanceof Float32Array ? 'float32' : 'int32',
      base64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')
    };
  }
  return v;
}

function decodeTyped(_: string, v: unknown): unknown {
  const t = v as {$typedArray?: string, base64?: string, $number?: string};
  if (t != null && typeof t === 'object' && typeof t.$number === 'string' && Object.keys(t).length === 1)
    return Number(t.$number);
  if (t != null && typeof t === 'object' && typeof t.$typedArray === 'string' && typeof t.base64 === 'string') {
    const bytes = new Uint8Array(Buffer.from(t.base64, 'base64'));  // a fresh, aligned buffer
    if (t.$typedArray === 'float32') return new Float32Array(bytes.buffer, 0, bytes.byteLength / 4);
    if (t.$typedArray === 'int32') return new Int32Array(bytes.buffer, 0, bytes.byteLength / 4);
  }
  return v;
}

/** The files an earlier output's manifest lists that are still in its folder. */
function listedFiles(dir: string): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, REPORT_MANIFEST), 'utf8')) as {files: {name: string}[]};
  return manifest.files.map((f) => f.name).filter((n) => fs.existsSync(path.join(dir, n)));
}

/**
 * Fails early (before any training, writing nothing) unless `outDir` may receive a partial result: missing,
 * empty, or holding an earlier partial result (and no report, whose files the partial's manifest would orphan).
 * @throws OutputFolderError in one line naming the folder and what is in the way.
 */
export function assertWritablePartialDir(outDir: string, name?: string): void {
  const state = inspectOutputFolder(outDir, [PARTIAL_FILE], name);
  if (state.kind !== 'report') return;
  const others = listedFiles(state.dir).filter((n) => n !== PARTIAL_FILE);
  if (others.length > 0) {
    throw new OutputFolderError(
        `${name ?? 'output folder'} '${outDir}' holds a report (${others.slice(0, 3).join(', ')}), not a partial ` +
        'result; nothing was written or deleted: choose a new or empty folder for the shard.');
  }
}

/**
 * Fails unless `outDir`, which may receive a report (see inspectOutputFolder), holds no partial result: a report's
 * manifest would orphan its partial.json.
 * @throws OutputFolderError in one line naming the folder.
 */
export function assertNotPartialDir(outDir: string, name?: string): void {
  const dir = path.resolve(outDir);
  if (!fs.existsSync(path.join(dir, REPORT_MANIFEST)) || !listedFiles(dir).includes(PARTIAL_FILE)) return;
  throw new OutputFolderError(
      `${name ?? 'output folder'} '${outDir}' holds a shard's partial result (${PARTIAL_FILE}), not a report; ` +
      'nothing was written or deleted: join the shards with tfjs-smelu-repro merge DIR... --out DIR, or choose another folder.');
}

/**
 * Writes a partial folder: partial.json and the manifest, whole or not at all (see util/output_folder.ts).
 * @throws OutputFolderError when the folder may not be written (nothing was written or deleted).
 */
export function writePartial(partial: PartialResult, outDir: string, name?: string): {dir: string, files: string[]} {
  assertWritablePartialDir(outDir, name);
  const dir = writeOutputFiles(
      outDir, {[PARTIAL_FILE]: `${JSON.stringify(partial, encodeTyped)}\n`},
      {writtenBy: `tfjs-smelu-repro ${version}`, ...(name !== undefined ? {name} : {})});
  return {dir, files: [PARTIAL_FILE, REPORT_MANIFEST]};
}

/** A partial folder merge cannot use; the message is one line naming the folder. */
export class PartialResultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PartialResultError';
  }
}

/**
 * Reads a partial folder: its manifest must list partial.json with the SHA-256 it has now, and partial.json must
 * be a partial result of this format, whose outputs are exactly its shard's jobs.
 * @throws PartialResultError in one line naming the folder.
 */
export function readPartial(dir: string): PartialResult {
  const notPartial = (why: string) =>
      new PartialResultError(`'${dir}' is not a partial result folder of tfjs-smelu-repro (${why}).`);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw notPartial('it does not exist');
  }
  if (!stat.isDirectory()) throw notPartial('not a folder');
  const file = path.join(dir, PARTIAL_FILE);
  if (!fs.existsSync(file)) throw notPartial(`no ${PARTIAL_FILE}; write one with --shard K/N`);
  let manifest: {files?: {name?: string, sha256?: string}[]};
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dir, REPORT_MANIFEST), 'utf8')) as typeof manifest;
  } catch {
    throw notPartial(`no readable ${REPORT_MANIFEST}`);
  }
  const entry = manifest.files?.find((f) => f.name === PARTIAL_FILE);
  if (entry == null) throw notPartial(`its ${REPORT_MANIFEST} does not list ${PARTIAL_FILE}`);
  const bytes = fs.readFileSync(file);
  if (sha256(bytes) !== entry.sha256) {
    throw new PartialResultError(
        `'${dir}': ${PARTIAL_FILE} changed since tfjs-smelu-repro wrote it (its SHA-256 differs from ` +
        `the one in ${REPORT_MANIFEST}).`);
  }
  let partial: PartialResult;
  try {
    partial = JSON.parse(bytes.toString('utf8'), decodeTyped) as PartialResult;
  } catch (e) {
    throw notPartial(`${PARTIAL_FILE} is not JSON: ${(e as Error).message}`);
  }
  if (partial?.format !== PARTIAL_FORMAT) throw notPartial(`${PARTIAL_FILE} is not a partial result`);
  if (partial.version !== PARTIAL_VERSION) {
    throw new PartialResultError(
        `'${dir}': ${PARTIAL_FILE} has format version ${String(partial.version)}; this tfjs-smelu-repro ` +
        `reads version ${PARTIAL_VERSION}.`);
  }
  const expected = shardPositions(partial.jobs, partial.shard);
  const got = partial.outputs.map((o) => o.job);
  if (got.length !== expected.length || got.some((j, i) => j !== expected[i])) {
    throw new PartialResultError(
        `'${dir}': ${PARTIAL_FILE} holds jobs ${got.slice(0, 5).join(', ')}${got.length > 5 ? ', …' : ''}, ` +
        `not the jobs of shard ${partial.shard.index}/${partial.shard.count}.`);
  }
  return partial;
}

/** The first place two configurations differ, as `path: a vs b` (to say why two partials do not merge). */
export function firstDifference(a: unknown, b: unknown, at = ''): string|null {
  if (canonicalJson(a) === canonicalJson(b)) return null;
  if (a != null && b != null && typeof a === 'object' && typeof b === 'object' &&
      Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(
        (x, y) =>
            (Array.isArray(a) ? Number(x) - Number(y) :
                 x < y        ? -1 :
                                1));
    for (const k of keys) {
      const d = firstDifference(
          (a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], at === '' ? k : `${at}.${k}`);
      if (d != null) return d;
    }
  }
  const shown = (v: unknown) => {
    const text = v === undefined ? 'absent' : JSON.stringify(v);
    return text.length > 60 ? `${text.slice(0, 57)}…` : text;
  };
  return `${at === '' ? 'the configuration' : at}: ${shown(a)} vs ${shown(b)}`;
}
