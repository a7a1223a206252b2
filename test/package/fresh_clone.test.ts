/**
 * A clone works like an install: the committed HEAD, cloned with `git clone`
 * into a folder under os.tmpdir() and installed from its lockfile as CI does
 * (`npm ci`, whose `prepare` script builds both packages), links
 * node_modules/tfjs-smelu to the clone's root and node_modules/tfjs-smelu-repro
 * to its repro/, and `npx tfjs-smelu --help` and `npx tfjs-smelu-repro --help`
 * each print their own package's usage. A second `npm install` changes
 * nothing: same lockfile, same links, same usage, no tracked file modified.
 * npm runs with `--prefer-offline` (the cache is warm after the repository's
 * own `npm ci`); the clone is removed afterwards.
 * @fullRun clone
 */
import {execFileSync} from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import {REPO_ROOT} from '../support/paths';
import {cleanEnv, INSTALL_TIMEOUT_MS, npm} from './consumer_project';

const INSTALL_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund'];

const PACKAGES = [
  {name: 'tfjs-smelu', folder: '.'},
  {name: 'tfjs-smelu-repro', folder: 'repro'},
];

const git = (args: string[], cwd: string) => execFileSync('git', args, {cwd, encoding: 'utf8', env: cleanEnv()});

describe('a fresh clone, installed from its lockfile (npm ci)', () => {
  let scratch: string;
  let clone: string;
  let committedLock: string;

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-smelu-clone-'));
    clone = path.join(scratch, 'tfjs-smelu');
    git(['clone', '--quiet', REPO_ROOT, clone], scratch);
    committedLock = fs.readFileSync(path.join(clone, 'package-lock.json'), 'utf8');
    await npm(['ci', ...INSTALL_FLAGS], clone);
  }, INSTALL_TIMEOUT_MS);

  afterAll(() => {
    if (scratch != null) fs.rmSync(scratch, {recursive: true, force: true});
  });

  /** What `npx <bin> --help` prints in the clone (offline: a bin that is not linked fails instead of being fetched). */
  const npxHelp = (bin: string) => npm(['exec', '--offline', '--yes=false', '--', bin, '--help'], clone);

  /** The usage the package's own built command line prints. */
  const ownUsage = (folder: string) => execFileSync(
      process.execPath, [path.join(clone, folder, 'dist', 'cli.cjs'), '--help'],
      {cwd: clone, encoding: 'utf8', env: cleanEnv()});

  function expectLinks() {
    for (const {name, folder} of PACKAGES) {
      const packageDir = path.join(clone, folder);
      expect(fs.realpathSync(path.join(clone, 'node_modules', name))).toBe(fs.realpathSync(packageDir));
      const bin = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')).bin[name];
      expect(fs.realpathSync(path.join(clone, 'node_modules', '.bin', name)))
          .toBe(fs.realpathSync(path.join(packageDir, bin)));
    }
  }

  async function expectOwnUsage() {
    for (const {name, folder} of PACKAGES) {
      const help = await npxHelp(name);
      expect(help.startsWith(`Usage: ${name} <command> [options]\n`)).toBe(true);
      expect(help).toBe(ownUsage(folder));
    }
  }

  it('is the committed HEAD of this repository', () => {
    expect(git(['rev-parse', 'HEAD'], clone)).toBe(git(['rev-parse', 'HEAD'], REPO_ROOT));
  });

  it('links tfjs-smelu to the clone\'s root and tfjs-smelu-repro to its repro/, as the lockfile says', () => {
    const lock = JSON.parse(committedLock);
    expect(lock.packages['node_modules/tfjs-smelu']).toEqual({resolved: '', link: true});
    expect(lock.packages['node_modules/tfjs-smelu-repro']).toEqual({resolved: 'repro', link: true});
    expectLinks();
  });

  it('npx tfjs-smelu --help and npx tfjs-smelu-repro --help print their own usage', async () => {
    await expectOwnUsage();
  });

  it('a second npm install changes nothing: lockfile, links, usage, tracked files', async () => {
    await npm(['install', ...INSTALL_FLAGS], clone);
    expect(fs.readFileSync(path.join(clone, 'package-lock.json'), 'utf8')).toBe(committedLock);
    expectLinks();
    await expectOwnUsage();
    expect(git(['status', '--porcelain'], clone)).toBe('');
  }, INSTALL_TIMEOUT_MS);
});
