/**
 * `tfjs-smelu-repro --version` / `-v` and the top-level usage, through the built
 * executable (repro/dist/cli.cjs, as `npx tfjs-smelu-repro` runs it) and through main()
 * in process. The expected version is read from package.json here.
 */
import {spawnSync} from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import {main} from '../../../repro/src/cli/main';
import {REPRO_ROOT} from '../../support/paths';

const CLI = path.join(REPRO_ROOT, 'dist', 'cli.cjs');
const VERSION = (JSON.parse(fs.readFileSync(path.join(REPRO_ROOT, 'package.json'), 'utf8')) as {version: string}).version;

function runCli(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], {encoding: 'utf8', timeout: 60_000});
}

describe('tfjs-smelu-repro executable', () => {
  beforeAll(() => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' first (npm test does).`);
  });

  it.each(['--version', '-v'])('%s prints the package version and exits 0', (flag) => {
    const r = runCli([flag]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${VERSION}\n`);
    expect(r.stderr).toBe('');
  });

  it('lists --version in its help', () => {
    const r = runCli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/-v, --version\s+print the version/);
    expect(r.stdout).toMatch(/^Usage: tfjs-smelu-repro <command>/);
  });

  it('main() returns 0 and prints the version in process', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await main(['--version'])).toBe(0);
      expect(log.mock.calls).toEqual([[VERSION]]);
    } finally {
      log.mockRestore();
    }
  });

  it('an unknown command exits 2 and says how to get help', () => {
    const r = runCli(['--verison']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/unknown command '--verison'; run 'tfjs-smelu-repro --help'/);
  });

  it('no command exits 2 with one line that points to --help', () => {
    const r = runCli([]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual(["tfjs-smelu-repro: no command given; run 'tfjs-smelu-repro --help' for the commands."]);
  });
});
