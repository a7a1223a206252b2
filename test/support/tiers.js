/**
 * The two test tiers, read from the suites themselves.
 *
 * `npm test` (the full run, CI's) runs every suite. `npm run test:unit` (the
 * fast tier) runs the suites that need nothing beyond the sources and
 * `npm install`. A suite that needs more says what in its leading comment,
 * with a `@fullRun` tag (at the start of a comment line) listing one or more
 * of the needs below, and is then left to the full run:
 *
 *     /**
 *      * What the suite checks, and against what.
 *      * @fullRun browser, packed
 *      *\/
 *
 * The tags are the one source of truth: jest.config.js builds its `unit` and
 * `full-run` projects from them (a new suite without a tag is a unit suite),
 * and `npm run test:unit` (scripts/test-unit.js) prints the suites it leaves
 * out, with these reasons. In the `unit` project, importing playwright-core
 * or @tensorflow/tfjs-node fails with a pointer to the tag
 * (test/support/full_run_only.js), and test:unit puts an `apt-get` that
 * refuses first on PATH, so a suite that needs a browser, tfjs-node or apt
 * without saying so fails in the fast tier instead of slowing it down.
 */
'use strict';
const fs = require('fs');
const path = require('path');

/** What a suite may need beyond the sources and `npm install`, and why that leaves it to the full run. */
const FULL_RUN_NEEDS = {
  'browser': 'headless Chromium (npm test installs it with apt-get when missing)',
  'tfjs-node': 'the tensorflow backend: tfjs-node\'s native addon, built from TensorFlow, and the native ops',
  'built': 'runs the built packages (dist/, repro/dist/), which need \'npm run build\' after each change',
  'packed': 'npm pack of both packages and scratch npm installs',
  'debian-data': 'data from Debian packages (apt-get download, network)',
  'clone': 'a git clone of the repository and its npm ci (minutes)',
};

/** The comments before a file's first statement. */
function leadingComments(source) {
  const match = /^(?:\s*(?:\/\*[\s\S]*?\*\/|\/\/[^\n]*))*/.exec(source);
  return match[0];
}

/**
 * The needs a suite's `@fullRun` tag lists (empty for a unit suite).
 *
 * @param {string} file The suite's path (for messages).
 * @param {string} source The suite's text.
 * @returns {string[]} Keys of FULL_RUN_NEEDS.
 * @throws Error naming the file and the need when a tag lists an unknown need or lists none.
 */
function fullRunNeeds(file, source) {
  // A tag begins a comment line (after `/**`, `*` or `//`), as JSDoc's block tags do; prose may name it.
  const tags = [...leadingComments(source).matchAll(/^[ \t]*(?:\/\*\*?|\*|\/\/)?[ \t]*@fullRun\b([^\n]*)$/gm)];
  const needs =
      tags.flatMap((m) => m[1].replace(/\*\/.*$/, '').split(',').map((s) => s.trim()).filter((s) => s !== ''));
  if (tags.length > 0 && needs.length === 0) {
    throw new Error(`${file}: '@fullRun' lists no need; use one or more of ${Object.keys(FULL_RUN_NEEDS).join(', ')}.`);
  }
  for (const need of needs) {
    if (!Object.prototype.hasOwnProperty.call(FULL_RUN_NEEDS, need)) {
      throw new Error(`${file}: '@fullRun ${need}' is not a known need; use one or more of ${
          Object.keys(FULL_RUN_NEEDS).join(', ')}.`);
    }
  }
  return [...new Set(needs)];
}

/** Every suite under `<root>/test` (`*.test.ts`, as jest.config.js's testMatch), sorted. */
function suiteFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, {withFileTypes: true})) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(full);
      } else if (entry.name.endsWith('.test.ts')) {
        out.push(full);
      }
    }
  };
  walk(path.join(root, 'test'));
  return out.sort();
}

/**
 * The suites of each tier.
 *
 * @param {string} root The repository root.
 * @returns {{unit: string[], fullRun: Array<{file: string, needs: string[]}>}} Absolute paths.
 */
function suitesByTier(root) {
  const unit = [];
  const fullRun = [];
  for (const file of suiteFiles(root)) {
    const needs = fullRunNeeds(path.relative(root, file), fs.readFileSync(file, 'utf8'));
    if (needs.length === 0)
      unit.push(file);
    else
      fullRun.push({file, needs});
  }
  return {unit, fullRun};
}

module.exports = {
  FULL_RUN_NEEDS,
  fullRunNeeds,
  suitesByTier
};
