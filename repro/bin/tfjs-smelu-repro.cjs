#!/usr/bin/env node
/**
 * The `tfjs-smelu-repro` executable: runs the built command-line tool,
 * dist/cli.cjs. A published package always has it; a clone of the repository
 * gets it from `npm install` at the repository root (the `prepare` script
 * builds both packages) or `npm run build`, and until then this says so in one
 * line instead of a stack trace.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const cli = path.join(__dirname, '..', 'dist', 'cli.cjs');
if (!fs.existsSync(cli)) {
  console.error(
      `tfjs-smelu-repro: ${cli} is missing: this copy of the package is not built; ` +
      `run 'npm install' (or 'npm run build') at the root of the repository.`);
  process.exit(1);
}
require(cli)
    .main(process.argv.slice(2))
    .then(
        (code) => {
          process.exitCode = code;
        },
        (err) => {
          console.error(`tfjs-smelu-repro: ${err.message}`);
          process.exitCode = 1;
        });
