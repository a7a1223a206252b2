/**
 * The two executables as npm links them: `tfjs-smelu` (bin/tfjs-smelu.cjs)
 * and `tfjs-smelu-repro` (repro/bin/tfjs-smelu-repro.cjs) are committed files
 * that run the built dist/cli.cjs, so npm links them in a clone before
 * anything is built. Here each one runs from a scratch copy of its package
 * folder: without dist/ it says in one line how to build; with a dist/cli.cjs
 * it hands over the arguments and exits with main()'s code. And the lockfile
 * links each package name to its own folder (the plugin to the repository
 * root, the toolkit to repro/), which is what the executables' names resolve
 * through. test/package/fresh_clone.test.ts checks the whole chain in a real
 * clone.
 */
import {spawnSync} from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import {REPO_ROOT, REPRO_ROOT} from '../support/paths';

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

const EXECUTABLES = [
  {bin: 'tfjs-smelu', root: REPO_ROOT, file: 'bin/tfjs-smelu.cjs'},
  {bin: 'tfjs-smelu-repro', root: REPRO_ROOT, file: 'bin/tfjs-smelu-repro.cjs'},
];

/** A dist/cli.cjs whose main() prints its arguments and returns (or rejects with) what the first one says. */
const RECORDING_CLI = `exports.main = async (argv) => {
  console.log(JSON.stringify(argv));
  if (argv[0] === 'reject') throw new Error('main rejected');
  return Number(argv[0]);
};
`;

describe.each(EXECUTABLES)('the $bin executable ($file)', ({bin, root, file}) => {
  let scratch: string;
  let executable: string;
  const run = (args: string[]) =>
      spawnSync(process.execPath, [executable, ...args], {encoding: 'utf8', timeout: 30_000});

  beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-smelu-bin-'));
    executable = path.join(scratch, file);
    fs.mkdirSync(path.dirname(executable), {recursive: true});
    fs.copyFileSync(path.join(root, file), executable);
  });
  afterEach(() => fs.rmSync(scratch, {recursive: true, force: true}));

  it('is the bin of its package.json: a committed file with a node shebang and the executable bit', () => {
    expect(readJson(path.join(root, 'package.json')).bin).toEqual({[bin]: file});
    const source = path.join(root, file);
    expect(fs.readFileSync(source, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    // npm sets the bit when it links the file; git must have it too, or the link leaves the clone modified.
    expect(fs.statSync(source).mode & 0o111).toBe(0o111);
  });

  it('without dist/cli.cjs: exit 1 and one line that names the missing file and how to build it', () => {
    const r = run(['--help']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
        `${bin}: ${path.join(scratch, 'dist', 'cli.cjs')} is missing: this copy of the package is ` +
        `not built; run 'npm install' (or 'npm run build') ${
            bin === 'tfjs-smelu' ? `in ${scratch}` : 'at the root of the repository'}.\n`);
  });

  it('with dist/cli.cjs: passes the arguments to main() and exits with its code', () => {
    fs.mkdirSync(path.join(scratch, 'dist'));
    fs.writeFileSync(path.join(scratch, 'dist', 'cli.cjs'), RECORDING_CLI);
    const zero = run(['0', '--help', 'a b']);
    expect(zero.status).toBe(0);
    expect(JSON.parse(zero.stdout)).toEqual(['0', '--help', 'a b']);
    expect(run(['2']).status).toBe(2);
    const rejected = run(['reject']);
    expect(rejected.status).toBe(1);
    expect(rejected.stderr).toBe(`${bin}: main rejected\n`);
  });
});

describe('how the repository links its two packages', () => {
  const pkg = readJson(path.join(REPO_ROOT, 'package.json'));
  const lock = readJson(path.join(REPO_ROOT, 'package-lock.json'));

  it('the lockfile links tfjs-smelu to the repository root and tfjs-smelu-repro to repro/', () => {
    expect(lock.packages['node_modules/tfjs-smelu']).toEqual({resolved: '', link: true});
    expect(lock.packages['node_modules/tfjs-smelu-repro']).toEqual({resolved: 'repro', link: true});
    expect(lock.packages[''].bin).toEqual(pkg.bin);
    expect(lock.packages.repro.bin).toEqual(readJson(path.join(REPRO_ROOT, 'package.json')).bin);
  });

  it('through a file:. devDependency of the root, not an override (npm resolves an override\'s file: against repro/)',
     () => {
       expect(pkg.devDependencies['tfjs-smelu']).toBe('file:.');
       expect(lock.packages[''].devDependencies['tfjs-smelu']).toBe('file:.');
       expect(Object.keys(pkg.overrides ?? {})).not.toContain('tfjs-smelu');
       // The toolkit's own dependency stays a registry range, as published; the link above satisfies it.
       expect(readJson(path.join(REPRO_ROOT, 'package.json')).dependencies['tfjs-smelu']).toBe(`^${pkg.version}`);
     });
});
