/**
 * Scratch consumer projects for the package tests: both packages packed with
 * `npm pack` (what `npm publish` would upload) and installed with plain
 * `npm install` into a folder under os.tmpdir(), outside the repository, so
 * Node, TypeScript and bundlers resolve only what the tarballs declare (a
 * folder inside the repository would fall back to its node_modules).
 *
 * One shared project serves every test file that can share it: the first
 * file to ask packs and installs it (under a lock, since jest may run files
 * in parallel workers), later files reuse it while the tarballs are
 * unchanged, and jest's global teardown (test/package/global_teardown.js)
 * removes it. Set TFJS_SMELU_KEEP_CONSUMER=1 to keep it between runs.
 *
 * npm runs with `--prefer-offline` (the cache is warm after `npm ci`), and
 * never installs @tensorflow/tfjs-node (its install script downloads).
 */
import {execFile} from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {promisify} from 'util';

import {EditableJSON} from '../support/json';
import {REPO_ROOT, REPRO_ROOT} from '../support/paths';

const execFileAsync = promisify(execFile);

/** Jest timeout for tests that install (or may be first to install) a consumer project. */
export const INSTALL_TIMEOUT_MS = 900_000;

/** Flags of every scratch install (no audit/fund network calls; dependencies' scripts are not needed). */
export const NPM_INSTALL_ARGS = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'];

/** The @tensorflow packages the repository itself develops and tests against (its devDependencies). */
export function devVersion(name: string): string {
  const pkg = readJson(path.join(REPO_ROOT, 'package.json')) as {devDependencies: Record<string, string>};
  const version = pkg.devDependencies[name];
  if (version == null) throw new Error(`${name} is not a devDependency of the repository`);
  return version;
}

/** Where the shared project lives: one per checkout, so worktrees on one machine do not collide. */
export const SHARED_CONSUMER_DIR = path.join(
    os.tmpdir(), `tfjs-smelu-consumer-${crypto.createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 12)}`);

export interface Tarballs {
  /** `tfjs-smelu-<version>.tgz` (the repository root). */
  plugin: string;
  /** `tfjs-smelu-repro-<version>.tgz` (repro/). */
  repro: string;
}

export interface NodeRun {
  stdout: string;
  stderr: string;
  /** The object the script printed on its last `RESULT {...}` line. */
  result: EditableJSON;
}

/** An installed scratch project. */
export class ConsumerProject {
  constructor(readonly dir: string, readonly tarballs: Tarballs) {}

  /** A fresh folder inside the project (module resolution reaches its node_modules); removed by the caller. */
  caseDir(label: string): string {
    const cases = path.join(this.dir, 'cases');
    fs.mkdirSync(cases, {recursive: true});
    return fs.mkdtempSync(path.join(cases, `${label}-`));
  }

  /**
   * Writes `source` to `<new case dir>/<fileName>` and runs it with plain
   * `node` (no ts, no jest), with the case dir as working directory. The
   * script reports by printing `RESULT <json>`; a non-zero exit throws with
   * its output.
   */
  async runNode(fileName: string, source: string, extraFiles: Record<string, string> = {}): Promise<NodeRun> {
    const dir = this.caseDir(path.basename(fileName).replace(/\W+/g, '_'));
    try {
      for (const [name, text] of Object.entries({...extraFiles, [fileName]: source})) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), {recursive: true});
        fs.writeFileSync(path.join(dir, name), text);
      }
      return await runNodeScript(path.join(dir, fileName), dir);
    } finally {
      fs.rmSync(dir, {recursive: true, force: true});
    }
  }

  /** The installed copy of a package's package.json. */
  installedPackageJson(name: string): EditableJSON {
    return readJson(path.join(this.dir, 'node_modules', name, 'package.json'));
  }
}

/** Runs `node file` in `cwd` with a clean environment; parses the `RESULT` line. */
export async function runNodeScript(file: string, cwd: string): Promise<NodeRun> {
  try {
    const {stdout, stderr} = await execFileAsync(process.execPath, [file], {
      cwd,
      env: cleanEnv(),
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    const line = stdout.split('\n').reverse().find((l) => l.startsWith('RESULT '));
    if (line == null)
      throw new Error(`${path.basename(file)} printed no RESULT line.\nstdout:\n${stdout}\nstderr:\n${stderr}`);
    return {stdout, stderr, result: JSON.parse(line.slice('RESULT '.length))};
  } catch (e) {
    const err = e as {stdout?: string, stderr?: string, message: string};
    if (err.stdout == null) throw e;
    throw new Error(`${path.basename(file)} failed: ${err.message}\nstdout:\n${err.stdout}\nstderr:\n${err.stderr}`);
  }
}

/** npm settings that describe the machine, not the repository: kept for scratch installs. */
const MACHINE_NPM_SETTINGS =
    /^npm_config_(cache|registry|userconfig|globalconfig|cafile|ca|proxy|https_proxy|http_proxy|noproxy|no_proxy|strict_ssl|nodedir)$/i;

/**
 * The environment for child processes: without npm's `npm_*` variables (set
 * when the tests run under `npm test`; `npm_config_local_prefix` and the
 * like would point npm at the repository) except the machine's own
 * settings (cache, registry, proxies, certificates), and without
 * NODE_OPTIONS/NODE_PATH.
 */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k) && !MACHINE_NPM_SETTINGS.test(k)) continue;
    if (k === 'NODE_OPTIONS' || k === 'NODE_PATH' || k === 'INIT_CWD') continue;
    env[k] = v;
  }
  env.TF_CPP_MIN_LOG_LEVEL = '2';
  return env;
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Runs npm with a clean environment; throws with npm's output on failure. */
export async function npm(args: string[], cwd: string): Promise<string> {
  const npmCli = process.env.npm_execpath != null && /npm-cli\.js$/.test(process.env.npm_execpath) ?
      [process.execPath, process.env.npm_execpath] :
      ['npm'];
  try {
    const {stdout} = await execFileAsync(npmCli[0], [...npmCli.slice(1), ...args], {
      cwd,
      env: cleanEnv(),
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    return stdout;
  } catch (e) {
    const err = e as {stdout?: string, stderr?: string, message: string};
    throw new Error(
        `npm ${args.join(' ')} (in ${cwd}) failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
  }
}

/**
 * `npm pack` of both packages into `dest` (from the built dist/ folders;
 * `npm run build` makes them, npm test's pretest runs it).
 */
export async function packPackages(dest: string): Promise<Tarballs> {
  for (const [root, file] of [[REPO_ROOT, 'dist/index.cjs'], [REPRO_ROOT, 'dist/index.cjs']]) {
    if (!fs.existsSync(path.join(root, file))) {
      throw new Error(`${path.join(root, file)} is missing: run 'npm run build' first (npm test's pretest does).`);
    }
  }
  fs.mkdirSync(dest, {recursive: true});
  const pack = async (cwd: string) => {
    // --ignore-scripts: pack what is built (the `prepare` script would rebuild a stale dist/ while other suites read
    // it).
    const out = JSON.parse(await npm(['pack', '--json', '--ignore-scripts', '--pack-destination', dest], cwd)) as
        Array<{filename: string}>;
    return path.join(dest, out[0].filename);
  };
  return {plugin: await pack(REPO_ROOT), repro: await pack(REPRO_ROOT)};
}

/** The files of a tarball, as `npm pack --dry-run` and users see them. */
export async function tarballFiles(tarball: string): Promise<string[]> {
  const {stdout} = await execFileAsync('tar', ['-tzf', tarball], {encoding: 'utf8'});
  return stdout.split('\n')
      .filter((l) => l.length > 0 && !l.endsWith('/'))
      .map((l) => l.replace(/^package\//, ''))
      .sort();
}

/** The package.json inside a tarball (what the registry would serve). */
export async function tarballPackageJson(tarball: string): Promise<EditableJSON> {
  const {stdout} = await execFileAsync('tar', ['-xOzf', tarball, 'package/package.json'], {encoding: 'utf8'});
  return JSON.parse(stdout);
}

/**
 * Makes `dir` a project with `dependencies` and installs them. Tarball paths
 * in `dependencies` are written as `file:` specs.
 */
export async function installProject(dir: string, dependencies: Record<string, string>): Promise<void> {
  fs.mkdirSync(dir, {recursive: true});
  const manifest = {
    name: 'tfjs-smelu-scratch-consumer',
    version: '1.0.0',
    private: true,
    description: 'scratch project of the package tests',
    license: 'UNLICENSED',
    dependencies,
  };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  await npm(NPM_INSTALL_ARGS, dir);
}

/** Browser bundlers installed in the shared project (only there, not in the repository). */
export const CONSUMER_BUNDLERS = {
  vite: '8.4.0',
  webpack: '5.113.0'
};

/** What the shared project installs next to the two tarballs (the versions the repository tests against). */
function sharedDependencies(tarballs: Tarballs): Record<string, string> {
  const deps: Record<string, string> = {
    'tfjs-smelu': `file:${tarballs.plugin}`,
    'tfjs-smelu-repro': `file:${tarballs.repro}`,
  };
  for (const name
           of ['@tensorflow/tfjs', '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-cpu',
               '@types/node']) {
    deps[name] = devVersion(name);
  }
  // The bundlers of vite_webpack.test.ts (fixed versions; esbuild comes from the repository).
  return {...deps, ...CONSUMER_BUNDLERS};
}

let sharedPromise: Promise<ConsumerProject>|undefined;

/**
 * The shared consumer project (packed tarballs of the current dist/ + the
 * @tensorflow packages and bundlers), installed once per state of the
 * packages' files.
 */
export function sharedConsumer(): Promise<ConsumerProject> {
  sharedPromise ??= withLock(`${SHARED_CONSUMER_DIR}.lock`, async () => {
    const tarballDir = path.join(SHARED_CONSUMER_DIR, 'tarballs');
    const stampFile = path.join(SHARED_CONSUMER_DIR, 'installed.json');
    // What the tarballs are made of: when none of it changed, the install is reused without packing again.
    const key = packageInputsHash();
    if (fs.existsSync(stampFile)) {
      const stamp = readJson(stampFile) as {key?: string, tarballs?: Tarballs};
      if (stamp.key === key && stamp.tarballs != null) return new ConsumerProject(SHARED_CONSUMER_DIR, stamp.tarballs);
    }
    fs.rmSync(SHARED_CONSUMER_DIR, {recursive: true, force: true});
    const tarballs = await packPackages(tarballDir);
    await installProject(SHARED_CONSUMER_DIR, sharedDependencies(tarballs));
    fs.writeFileSync(stampFile, JSON.stringify({key, tarballs}));
    return new ConsumerProject(SHARED_CONSUMER_DIR, tarballs);
  });
  return sharedPromise;
}

/**
 * A hash of everything `npm pack` takes from the two package folders
 * (package.json, README, LICENSE, bin/, dist/) and of the shared project's
 * dependency list.
 */
function packageInputsHash(): string {
  const hash = crypto.createHash('sha256');
  const add = (file: string) => {
    if (!fs.existsSync(file)) return;
    if (fs.statSync(file).isDirectory()) {
      for (const name of fs.readdirSync(file).sort()) add(path.join(file, name));
    } else {
      hash.update(`${file}\0`).update(fs.readFileSync(file));
    }
  };
  for (const root of [REPO_ROOT, REPRO_ROOT]) {
    for (const name of ['package.json', 'README.md', 'LICENSE', 'bin', 'dist']) add(path.join(root, name));
  }
  return hash.update(JSON.stringify(sharedDependencies({plugin: '', repro: ''}))).digest('hex');
}

/**
 * Runs `fn` holding a lock directory (mkdir is atomic), so test files in
 * parallel workers install the shared project once. A lock whose owner
 * process is gone is taken over.
 */
async function withLock<T>(lockDir: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + INSTALL_TIMEOUT_MS;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (lockIsStale(lockDir)) {
        fs.rmSync(lockDir, {recursive: true, force: true});
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir} (remove it if no test is running)`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockDir, {recursive: true, force: true});
  }
}

function lockIsStale(lockDir: string): boolean {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
  } catch {
    // Just created, pid not written yet, unless it has been like that for a while.
    try {
      return Date.now() - fs.statSync(lockDir).mtimeMs > 30_000;
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
