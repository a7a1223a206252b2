/**
 * Finds and loads tfjs-smelu's native TensorFlow op library
 * (native/build/tfjs_smelu_ops.node, built by `npx tfjs-smelu native build`
 * or scripts/build-native-ops.js), lazily and at most once per process.
 *
 * Loading registers fused SmeLU and g-SmeLU ops with the TensorFlow that
 * @tensorflow/tfjs-node has loaded; the `tensorflow` kernels then run them by
 * name through tfjs-node's binding. Nothing here runs at import: the first
 * SmeLU or g-SmeLU kernel call on the `tensorflow` backend tries the load.
 * A library that is missing, fails to load or was built for another
 * TensorFlow version is simply not used (the kernels keep their composite of
 * stock TensorFlow ops), without a word on the console;
 * `npx tfjs-smelu native status` says why.
 *
 * Where it looks: the file named by TFJS_SMELU_NATIVE_OPS (`0` turns the
 * native ops off), else native/build/ of this package, found from this
 * module's own file (dist/ in the package, src/kernels/tensorflow/ in the
 * repository).
 */

/** The Node-API module's exports (native/src/addon.cc). */
export interface NativeSmeluOps {
  /** The registered TensorFlow op names. */
  opNames: string[];
  /** TF_Version() of the TensorFlow the library runs in. */
  tfVersion: string;
  /** The TensorFlow version the library was compiled against. */
  builtForTfVersion: string;
  /** The version of the ops' signatures (native/src/ops.h); absent in libraries built before there was one. */
  abiVersion?: number;
  /** How many times each op's kernel has run in this process, by op name. */
  callCounts(): Record<string, number>;
  /** Threads a large call is split over (caller included), and the smallest part in elements. */
  getParallelism(): NativeParallelism;
  /** Sets both (a value ≤ 0 keeps the current one); returns the new setting. */
  setParallelism(threads: number, minElementsPerPart: number): NativeParallelism;
  /**
   * TensorFlow's graph shape inference for one op: input shapes as arrays
   * (−1: unknown dimension) or null (unknown rank); returns the output shape
   * (null: unknown rank). `attrs.axis` for the g-SmeLU ops, whose inputs
   * after x (and dy, and a parameter gradient's `target`) are taken as the
   * `params` list, every parameter a tensor.
   */
  inferShapes(opName: string, inputShapes: Array<number[]|null>, attrs?: {axis?: number}): number[]|null;
}

export interface NativeParallelism {
  threads: number;
  minElementsPerPart: number;
}

/** Where the native ops stand in this process. */
export interface NativeTensorflowOpsStatus {
  /** The library is loaded and its ops registered. */
  loaded: boolean;
  /** The kernels use the native ops (loaded, and not switched off). */
  active: boolean;
  /** The library file that loaded. */
  path?: string;
  /** Why the library is not used, when it is not. */
  reason?: string;
}

/** Op names, as registered by native/src/kernels.cc. */
export const NATIVE_OP = {
  smelu: 'TfjsSmeLU',
  smeluGrad: 'TfjsSmeLUGrad',
  generalizedSmelu: 'TfjsGeneralizedSmeLU',
  generalizedSmeluGradX: 'TfjsGeneralizedSmeLUGradX',
  generalizedSmeluGrad: {
    alpha: 'TfjsGeneralizedSmeLUGradAlpha',
    beta: 'TfjsGeneralizedSmeLUGradBeta',
    gNeg: 'TfjsGeneralizedSmeLUGradGNeg',
    gPos: 'TfjsGeneralizedSmeLUGradGPos',
    shift: 'TfjsGeneralizedSmeLUGradShift',
  },
} as const;

export const NATIVE_LIBRARY_FILE = 'tfjs_smelu_ops.node';
/** The ops' signatures these kernels call (kOpsAbiVersion in native/src/ops.h). */
export const NATIVE_OPS_ABI_VERSION = 2;
const BUILD_HINT = 'run `npx tfjs-smelu native build` (in this repository: node scripts/build-native-ops.js)';

type LoadState = {
  ops: NativeSmeluOps,
  path: string
}|{ops: null, reason: string};
let loadState: LoadState|undefined;
let enabled = true;

/**
 * Turns the native ops off (true → on again) so that the composite kernels
 * can be tested and timed in the same process. Not part of the public API.
 */
export function setNativeTensorflowOpsEnabled(on: boolean): void {
  enabled = on;
}

/** The loaded native ops, or null when they are off or unavailable (then the kernels use the composite). */
export function nativeTensorflowOps(): NativeSmeluOps|null {
  if (!enabled) return null;
  return loaded().ops;
}

/** The loaded native ops whether or not they are switched off (tests and benchmarks read their counters). */
export function loadedNativeTensorflowOps(): NativeSmeluOps|null {
  return loaded().ops;
}

/** Loads the library if that has not been tried yet, and says how it went. */
export function nativeTensorflowOpsStatus(): NativeTensorflowOpsStatus {
  const state = loaded();
  if (state.ops == null) return {loaded: false, active: false, reason: state.reason};
  return {loaded: true, active: enabled, path: state.path, ...(enabled ? {} : {reason: 'switched off'})};
}

function loaded(): LoadState {
  if (loadState === undefined) loadState = load();
  return loadState;
}

interface NodeProcessLike {
  env: Record<string, string|undefined>;
  dlopen(module: {exports: unknown}, filename: string): void;
}

function nodeProcess(): NodeProcessLike|null {
  const p = (globalThis as {process?: Partial<NodeProcessLike>}).process;
  return p != null && typeof p.dlopen === 'function' && p.env != null ? p as NodeProcessLike : null;
}

function load(): LoadState {
  const proc = nodeProcess();
  if (proc == null) return {ops: null, reason: 'not running in Node.js'};
  const fromEnv = proc.env.TFJS_SMELU_NATIVE_OPS;
  if (fromEnv != null && /^(0|off|false|no)$/i.test(fromEnv.trim())) {
    return {ops: null, reason: `turned off by TFJS_SMELU_NATIVE_OPS=${fromEnv}`};
  }
  const candidates = fromEnv ? [fromEnv] : defaultCandidates();
  if (candidates.length === 0) return {ops: null, reason: 'could not tell where this package is installed'};
  let firstError = '';
  for (const file of candidates) {
    const module = {exports: {} as NativeSmeluOps};
    try {
      proc.dlopen(module, file);
    } catch (e) {
      const message = (e instanceof Error ? e.message : String(e)).split('\n')[0];
      if (!/No such file|cannot open shared object|image not found|no such file/i.test(message) && !firstError) {
        firstError = message;
      }
      continue;
    }
    const ops = module.exports;
    if (ops.builtForTfVersion !== ops.tfVersion) {
      return {
        ops: null,
        reason:
            `${file} was built for TensorFlow ${ops.builtForTfVersion} but ${ops.tfVersion} is loaded; ${BUILD_HINT}`
      };
    }
    if (ops.abiVersion !== NATIVE_OPS_ABI_VERSION) {
      return {
        ops: null,
        reason: `${file} was built from another version of tfjs-smelu (op signatures ${
            ops.abiVersion ?? 1}, these kernels need ${NATIVE_OPS_ABI_VERSION}); ${BUILD_HINT}`
      };
    }
    return {ops, path: file};
  }
  if (firstError) return {ops: null, reason: `${candidates.join(' or ')} did not load (${firstError})`};
  return {
    ops: null,
    reason: fromEnv ? `TFJS_SMELU_NATIVE_OPS=${fromEnv}: no such file` :
                      `not built (no ${candidates.join(', ')}); ${BUILD_HINT}`
  };
}

/** native/build/ of this package, seen from dist/ (the package) or src/kernels/tensorflow/ (the repository). */
function defaultCandidates(): string[] {
  const dir = ownDirectory();
  if (dir == null) return [];
  const root = /\/dist$/.test(dir) ? `${dir}/..` : `${dir}/../../..`;
  return [normalizePath(`${root}/native/build/${NATIVE_LIBRARY_FILE}`)];
}

/**
 * The folder of this module's file: `__dirname` in CommonJS; in an ES module,
 * the file URL of the current stack frame (no `import.meta`, which the
 * CommonJS and browser builds of this code cannot contain).
 */
function ownDirectory(): string|null {
  if (typeof __dirname === 'string' && __dirname !== '') return __dirname;
  const stack = new Error().stack ?? '';
  const match = /(file:\/\/[^\s)]+?):\d+:\d+/.exec(stack);
  if (match == null) return null;
  const file = decodeURIComponent(match[1].replace(/^file:\/\//, ''));
  return file.slice(0, file.lastIndexOf('/'));
}

/** Resolves `.` and `..` in a '/'-separated absolute path. */
function normalizePath(p: string): string {
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '..')
      parts.pop();
    else if (part !== '.' && part !== '')
      parts.push(part);
  }
  return `/${parts.join('/')}`;
}
