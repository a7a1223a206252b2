/**
 * Workloads described by data, so that a worker process can build the same
 * workload as its parent: a kind (a built-in data set, or `module` for a
 * workload factory in a file of your own), where its data is, and the
 * workload's options. The built-in kinds are `movielens`, `digits`,
 * `fashion-mnist` and `saved-model` (a saved Layers model on CSV data, the
 * workload of `compare`).
 */
import * as fs from 'fs';
import * as path from 'path';

import type {SavedModelSpecOptions} from '../compare/files';
import {defaultCacheDir} from '../data/cache';
import {fetchDebianPackageAsync} from '../data/debian_package';
import {loadDigits} from '../data/digits';
import {loadFashionMnist} from '../data/fashion_mnist';
import {ensureMovieLensCached, loadMovieLens, unpackDslabsDeb} from '../data/movielens';
import {nodeRequire} from '../util/node_require';
import {makeScratchDir} from '../util/scratch_dir';
import {digitsWorkload} from '../workloads/digits';
import {fashionMnistWorkload} from '../workloads/fashion_mnist';
import {movieLensWorkload} from '../workloads/movielens';
import type {Workload} from '../workloads/workload';

/** A serializable description of a workload. */
export interface WorkloadSpec {
  /** `movielens`, `digits`, `fashion-mnist`, `saved-model`, or `module`. */
  kind: string;
  /**
   * Where the data is: a local copy, the cache folder, whether downloads are
   * allowed; `source` names the data in the report when `path` is a copy
   * that the prepare step unpacked into the run's scratch folder.
   */
  data?: {path?: string, cacheDir?: string, download?: boolean, source?: string};
  /** The workload's options (e.g. MovieLensWorkloadOptions), as plain data. */
  options?: Record<string, unknown>;
  /** `module` kind: the file (absolute path or package name) exporting the factory. */
  module?: string;
  /** `module` kind: the factory's export name (default `createWorkload`). */
  export?: string;
}

/**
 * How a kind of workload is made: `prepare` (optional) runs once in the parent
 * before any worker starts (downloads into the cache, unpacking into the run's
 * scratch folder), `load` in every worker, which only reads. `prepare` may
 * return the spec the workers load instead (pointing at what it unpacked) and
 * a `release` that removes it after the run.
 */
export interface WorkloadKind {
  prepare?(spec: WorkloadSpec, log: (s: string) => void): Promise<PreparedWorkload|void>|PreparedWorkload|void;
  load(spec: WorkloadSpec, log: (s: string) => void): Promise<Workload>|Workload;
}

/** What the prepare step hands the workers (see {@link prepareWorkload}). */
export interface PreparedWorkload {
  /** The spec every worker loads: the caller's, or one that points at data unpacked once for this run. */
  spec: WorkloadSpec;
  /** Removes what the prepare step made for this run only (its scratch folder; never the cache). */
  release(): void;
}

/**
 * A `module` workload file exports `createWorkload(options, context)` (or the
 * name given in `export`) returning a Workload (or a promise of one), and may
 * export `prepareWorkload(options, context)`.
 */
export type WorkloadFactory =
    (options: Record<string, unknown>, context: {spec: WorkloadSpec, log: (s: string) => void}) =>
        Promise<Workload>|Workload;

const movielens: WorkloadKind = {
  async prepare(spec, log) {
    const given = spec.data?.path;
    if (given == null) {
      // Fetch once here, so that the workers only read the cache.
      await ensureMovieLensCached(
          {cacheDir: spec.data?.cacheDir, download: spec.data?.download, log: (s) => log(`  ${s}`)});
      return;
    }
    if (!given.endsWith('.deb')) return;
    // A .deb is unpacked once, into the run's scratch folder in the OS temp folder (never beside the user's file).
    const scratch = makeScratchDir('movielens');
    try {
      const dir = await unpackDslabsDeb(given, scratch.path);
      return {spec: {...spec, data: {...spec.data, path: dir, source: path.basename(given)}}, release: scratch.remove};
    } catch (e) {
      scratch.remove();
      throw e;
    }
  },
  async load(spec, log) {
    const data = await loadMovieLens({
      path: spec.data?.path,
      source: spec.data?.source,
      cacheDir: spec.data?.cacheDir,
      download: spec.data?.download,
      log: (s) => log(`  ${s}`)
    });
    return movieLensWorkload(data, spec.options ?? {});
  },
};

const debianPackage = (name: string): WorkloadKind['prepare'] => async (spec) => {
  if (spec.data?.path != null) return;
  await fetchDebianPackageAsync(name, spec.data?.cacheDir ?? defaultCacheDir());
};

const digits: WorkloadKind = {
  prepare: debianPackage('python3-sklearn'),
  load(spec) {
    return digitsWorkload(loadDigits({path: spec.data?.path, cacheDir: spec.data?.cacheDir}), spec.options ?? {});
  },
};

const fashionMnist: WorkloadKind = {
  prepare: debianPackage('dataset-fashion-mnist'),
  load(spec) {
    return fashionMnistWorkload(
        loadFashionMnist({path: spec.data?.path, cacheDir: spec.data?.cacheDir}), spec.options ?? {});
  },
};

/** `compare`'s workload: options are SavedModelSpecOptions, resolved and checked by prepareComparison. */
const savedModel: WorkloadKind = {
  async load(spec) {
    // Loaded on demand: only this kind needs the model loader.
    // A require, not import(): the library build would split the module into a chunk of its own.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const {loadSavedModelWorkload} = require('../compare/files') as typeof import('../compare/files');
    return loadSavedModelWorkload(spec.options as unknown as SavedModelSpecOptions);
  },
};

const moduleKind: WorkloadKind = {
  async prepare(spec, log) {
    const mod = requireWorkloadModule(spec);
    const prepare = mod.prepareWorkload as ((o: unknown, c: unknown) => unknown) | undefined;
    if (typeof prepare === 'function') await prepare(spec.options ?? {}, {spec, log});
  },
  async load(spec, log) {
    const mod = requireWorkloadModule(spec);
    const name = spec.export ?? 'createWorkload';
    const factory = mod[name] as WorkloadFactory | undefined;
    if (typeof factory !== 'function')
      throw new Error(`workload module '${spec.module}' has no function export '${name}'.`);
    return factory(spec.options ?? {}, {spec, log});
  },
};

function requireWorkloadModule(spec: WorkloadSpec): Record<string, unknown> {
  if (typeof spec.module !== 'string' || spec.module === '') {
    throw new Error('workload kind \'module\' needs \'module\': the path of a file exporting createWorkload.');
  }
  const target = spec.module.startsWith('.') ? path.resolve(spec.module) : spec.module;
  return nodeRequire(target) as Record<string, unknown>;
}

/**
 * The workload kinds, by name. Add a built-in kind here (its `load` runs in
 * every worker); a workload of your own needs no change here: use the
 * `module` kind.
 *
 * ```js
 * console.log(Object.keys(WORKLOAD_KINDS));  // ['movielens', 'digits', 'fashion-mnist', 'saved-model', 'module']
 * ```
 */
export const WORKLOAD_KINDS: Readonly<Record<string, WorkloadKind>> = {
  'movielens': movielens,
  'digits': digits,
  'fashion-mnist': fashionMnist,
  'saved-model': savedModel,
  'module': moduleKind,
};

function kindOf(spec: WorkloadSpec): WorkloadKind {
  const kind = WORKLOAD_KINDS[spec?.kind];
  if (kind == null) {
    throw new Error(
        `unknown workload kind ${JSON.stringify(spec?.kind)}; known kinds: ${Object.keys(WORKLOAD_KINDS).join(', ')}.`);
  }
  return kind;
}

/**
 * Checks a spec's kind and its data path before anything starts.
 *
 * ```js
 * validateWorkloadSpec({kind: 'digits'});  // ok
 * ```
 * @throws Error naming an unknown kind, a missing data path or a missing module file.
 */
export function validateWorkloadSpec(spec: WorkloadSpec): void {
  kindOf(spec);
  if (spec.data?.path != null && !fs.existsSync(spec.data.path))
    throw new Error(`data path '${spec.data.path}' does not exist.`);
  if (spec.kind === 'module') requireWorkloadModule(spec);
  if (spec.kind === 'saved-model') {
    const o = spec.options as unknown as Partial<SavedModelSpecOptions>| undefined;
    for (const file of [o?.model, o?.arrays?.path]) {
      if (file != null && !fs.existsSync(file)) throw new Error(`saved-model workload: '${file}' does not exist.`);
    }
    if (o?.model == null || o.arrays?.path == null)
      throw new Error('workload kind \'saved-model\' needs options.model and options.arrays (the run\'s data file).');
  }
}

/**
 * Fetches what a workload needs (downloads into the cache, a `.deb` unpacked
 * into a scratch folder in the OS temp folder) once, before workers start, so
 * that they only read local files. Returns the spec the workers load and a
 * `release` that removes the scratch folder (call it when the run ends; a
 * signal removes it too).
 *
 * ```js
 * // not run: may download a Debian package
 * const prepared = await prepareWorkload({kind: 'fashion-mnist'}, console.error);
 * try { await runWorkers(prepared.spec); } finally { prepared.release(); }
 * ```
 */
export async function prepareWorkload(
    spec: WorkloadSpec, log: (s: string) => void = () => {}): Promise<PreparedWorkload> {
  const prepared = await kindOf(spec).prepare?.(spec, log);
  return prepared != null && typeof prepared === 'object' && 'spec' in prepared ? prepared : {spec, release: () => {}};
}

/**
 * Builds the workload a spec describes (in a worker, or in-process).
 *
 * ```js
 * // not run: loads data; needs a tfjs backend
 * const workload = await loadWorkload({kind: 'digits', options: {hidden: [32]}});
 * ```
 */
export async function loadWorkload(spec: WorkloadSpec, log: (s: string) => void = () => {}): Promise<Workload> {
  return kindOf(spec).load(spec, log);
}
