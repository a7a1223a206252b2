/**
 * The test tiers (test/support/tiers.js): what a suite's `@fullRun` tag
 * says, on hand-written sources; the errors for a tag that lists nothing or
 * an unknown need; and, on this repository, that jest's two projects
 * (`jest --listTests --selectProjects …`) are exactly the two tiers the tags
 * give, every suite in one of them.
 */
import {spawnSync} from 'child_process';
import * as path from 'path';

import {REPO_ROOT} from './paths';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const {FULL_RUN_NEEDS, fullRunNeeds, suitesByTier} = require('./tiers.js') as {
  FULL_RUN_NEEDS: Record<string, string>,
  fullRunNeeds: (file: string, source: string) => string[],
  suitesByTier: (root: string) => {
    unit: string[],
    fullRun: Array<{file: string, needs: string[]}>
  },
};

describe('a suite\'s @fullRun tag', () => {
  test('no tag: a unit suite', () => {
    expect(fullRunNeeds('a.test.ts', '/** Checks a thing. */\nimport x from "y";\n')).toEqual([]);
  });

  test('one or more needs, in the leading comment, also after an @jest-environment docblock', () => {
    expect(fullRunNeeds('a.test.ts', '/**\n * Checks a thing.\n * @fullRun browser\n */\nimport x from "y";\n'))
        .toEqual(['browser']);
    expect(
        fullRunNeeds(
            'a.test.ts',
            '/**\n * @jest-environment ./env.js\n */\n/**\n * Checks.\n * @fullRun tfjs-node, built,packed\n */\ntest();\n'))
        .toEqual(['tfjs-node', 'built', 'packed']);
    expect(fullRunNeeds('a.test.ts', '/** @fullRun clone */\n')).toEqual(['clone']);
    expect(fullRunNeeds('a.test.ts', '// @fullRun debian-data\nimport x from "y";\n')).toEqual(['debian-data']);
  });

  test('prose that names the tag, or a tag after the first statement, is not a tag', () => {
    expect(fullRunNeeds('a.test.ts', '/**\n * What a `@fullRun` tag says.\n */\n')).toEqual([]);
    expect(fullRunNeeds('a.test.ts', '/** Checks. */\nimport x from "y";\n/** @fullRun browser */\n')).toEqual([]);
  });

  test('an unknown need, or none, is an error naming the file and the needs it knows', () => {
    expect(() => fullRunNeeds('test/a.test.ts', '/**\n * @fullRun browsers\n */\n'))
        .toThrow(`test/a.test.ts: '@fullRun browsers' is not a known need; use one or more of ${
            Object.keys(FULL_RUN_NEEDS).join(', ')}.`);
    expect(() => fullRunNeeds('test/a.test.ts', '/**\n * @fullRun\n */\n'))
        .toThrow(
            `test/a.test.ts: '@fullRun' lists no need; use one or more of ${Object.keys(FULL_RUN_NEEDS).join(', ')}.`);
  });
});

describe('this repository\'s tiers', () => {
  const {unit, fullRun} = suitesByTier(REPO_ROOT);

  /** The suites jest runs for a project, as absolute paths. */
  function jestProject(name: string): string[] {
    const jest = require.resolve('jest/bin/jest', {paths: [REPO_ROOT]});
    const r = spawnSync(
        process.execPath, [jest, '--listTests', '--selectProjects', name],
        {cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000});
    expect(r.status).toBe(0);
    return r.stdout.split('\n').filter((l) => l.endsWith('.test.ts')).sort();
  }

  test('jest\'s unit and full-run projects are the tiers the tags give', () => {
    expect(jestProject('unit')).toEqual(unit);
    expect(jestProject('full-run')).toEqual(fullRun.map(({file}) => file));
  });

  test('every suite is in one tier; this one and the executables\' are unit suites, the fresh clone is not', () => {
    const all = [...unit, ...fullRun.map(({file}) => file)];
    expect(new Set(all).size).toBe(all.length);
    expect(unit).toEqual(
        expect.arrayContaining([__filename, path.join(REPO_ROOT, 'test', 'bin', 'executables.test.ts')]));
    expect(fullRun).toContainEqual(
        {file: path.join(REPO_ROOT, 'test', 'package', 'fresh_clone.test.ts'), needs: ['clone']});
  });
});
