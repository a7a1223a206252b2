/**
 * `tfjs-smelu --version` / `-v` and the top-level usage, through the built
 * executable (dist/cli.cjs, as `npx tfjs-smelu` runs it) and through main()
 * in process. The expected version is read from package.json here.
 */
import {spawnSync} from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import {main} from '../../src/cli/main';
import {REPO_ROOT} from '../support/paths';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.cjs');
const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {version: string}).version;

function runCli(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], {encoding: 'utf8', timeout: 60_000});
}

describe('tfjs-smelu executable', () => {
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
    expect(r.stdout).toMatch(/^Usage: tfjs-smelu <command>/);
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

  it('no command at all is a usage error: exit 2 and a one-line pointer to --help', () => {
    const r = runCli([]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("tfjs-smelu: no command given; run 'tfjs-smelu --help' for the commands.\n");
  });

  it('an unknown command exits 2 and says how to get help', () => {
    const r = runCli(['--verison']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/unknown command '--verison'; run 'tfjs-smelu --help'/);
  });
});
