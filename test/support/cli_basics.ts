/**
 * The top-level behaviour both executables share (`tfjs-smelu` and
 * `tfjs-smelu-repro`): `--version` / `-v`, the usage in `--help`, and the
 * usage errors, through the built executable (as `npx <bin>` runs it) and
 * through main() in process. The expected version is read from package.json.
 */
import {spawnSync} from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export interface CliUnderTest {
  /** The executable's name, e.g. `tfjs-smelu`. */
  bin: string;
  /** The package folder: holds package.json and dist/cli.cjs. */
  root: string;
  /** The CLI's main(), called in process. */
  main: (argv: string[]) => Promise<number>;
}

export function describeCliBasics({bin, root, main}: CliUnderTest): void {
  const cli = path.join(root, 'dist', 'cli.cjs');
  const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {version: string}).version;
  const runCli = (args: string[]) => spawnSync(process.execPath, [cli, ...args], {encoding: 'utf8', timeout: 60_000});

  describe(`${bin} executable`, () => {
    beforeAll(() => {
      if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run 'npm run build' first (npm test does).`);
    });

    it.each(['--version', '-v'])('%s prints the package version and exits 0', (flag) => {
      const r = runCli([flag]);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
      expect(r.stderr).toBe('');
    });

    it('lists --version in its help', () => {
      const r = runCli(['--help']);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/-v, --version\s+print the version/);
      expect(r.stdout.startsWith(`Usage: ${bin} <command>`)).toBe(true);
    });

    it('main() returns 0 and prints the version in process', async () => {
      const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        expect(await main(['--version'])).toBe(0);
        expect(log.mock.calls).toEqual([[version]]);
      } finally {
        log.mockRestore();
      }
    });

    it('no command at all is a usage error: exit 2 and a one-line pointer to --help', () => {
      const r = runCli([]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`${bin}: no command given; run '${bin} --help' for the commands.\n`);
    });

    it('an unknown command exits 2 and says how to get help', () => {
      const r = runCli(['--verison']);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`unknown command '--verison'; run '${bin} --help'`);
    });
  });
}
