/**
 * scripts/build-if-stale.js (the `prepare` script a clone's `npm install`
 * runs): on a scratch copy of the build's inputs and outputs, with
 * modification times set by hand, it asks for a build exactly when a built
 * file is missing or not newer than every input (a changed source, a changed
 * configuration, a deleted source), and names the file that decided it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const {staleReason, INPUTS, BUILT} = require('../../scripts/build-if-stale.js') as {
  staleReason: (root: string) => string | null,
  INPUTS: string[],
  BUILT: string[],
};

let root: string;
const T0 = new Date('2026-01-01T00:00:00Z');
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

function write(relative: string, time: Date): void {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), {recursive: true});
  fs.writeFileSync(file, relative);
  fs.utimesSync(file, time, time);
}

/** Sets the time of `relative` and of every folder from it up to the root's child (what creating a file does). */
function touchFolders(relative: string, time: Date): void {
  for (let dir = path.dirname(relative); dir !== '.'; dir = path.dirname(dir))
    fs.utimesSync(path.join(root, dir), time, time);
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-smelu-stale-'));
  // The inputs at T0: a source file in each source folder, the configuration files.
  for (const input of INPUTS) {
    const file = path.extname(input) === '' ? path.join(input, 'index.ts') : input;
    write(file, T0);
    touchFolders(file, T0);
  }
});
afterEach(() => fs.rmSync(root, {recursive: true, force: true}));

function buildAt(time: Date): void {
  for (const built of BUILT) write(built, time);
}

test(
    'the inputs are the sources and build configurations of both packages; the outputs what the executables and entries load',
    () => {
      expect(INPUTS).toEqual(expect.arrayContaining(
          ['src', 'repro/src', 'package.json', 'repro/package.json', 'tsup.config.ts', 'repro/tsup.config.ts']));
      expect(BUILT).toEqual(expect.arrayContaining([
        'dist/cli.cjs', 'dist/index.cjs', 'dist/index.d.ts', 'repro/dist/cli.cjs', 'repro/dist/worker.cjs',
        'repro/dist/index.cjs'
      ]));
    });

test('nothing built: a build, naming the first missing file', () => {
  expect(staleReason(root)).toBe(`${BUILT[0]} is missing`);
});

test('one built file missing (an interrupted build): a build', () => {
  buildAt(later(10));
  fs.rmSync(path.join(root, 'repro/dist/worker.cjs'));
  expect(staleReason(root)).toBe('repro/dist/worker.cjs is missing');
});

test('every built file newer than every input: no build', () => {
  buildAt(later(10));
  expect(staleReason(root)).toBeNull();
});

test('a source changed after the build: a build, naming that source and the oldest built file', () => {
  buildAt(later(10));
  fs.utimesSync(path.join(root, 'dist/cli.cjs'), later(5), later(5));
  write('repro/src/index.ts', later(20));
  expect(staleReason(root)).toBe('repro/src/index.ts is not older than dist/cli.cjs');
});

test('a configuration changed after the build: a build', () => {
  buildAt(later(10));
  write('tsup.config.ts', later(20));
  expect(staleReason(root)).toBe('tsup.config.ts is not older than dist/index.cjs');
});

test('a source deleted after the build (its folder changed): a build', () => {
  write('src/kernels/old.ts', T0);
  touchFolders('src/kernels/old.ts', T0);
  buildAt(later(10));
  fs.rmSync(path.join(root, 'src/kernels/old.ts'));
  fs.utimesSync(path.join(root, 'src/kernels'), later(20), later(20));
  expect(staleReason(root)).toBe('src/kernels is not older than dist/index.cjs');
});

test('same time as the build: a build (a file written in the same instant may be newer)', () => {
  buildAt(later(10));
  write('src/index.ts', later(10));
  expect(staleReason(root)).toBe('src/index.ts is not older than dist/index.cjs');
});
