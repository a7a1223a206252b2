#!/usr/bin/env node
/**
 * The `tfjs-smelu` executable: runs the built command-line tool,
 * dist/cli.cjs. A published package always has it; a clone of the repository
 * gets it from `npm install` (the `prepare` script builds) or `npm run build`,
 * and until then this says so in one line instead of a stack trace.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const cli = path.join(__dirname, '..', 'dist', 'cli.cjs');
if (!fs.existsSync(cli)) {
  console.error(
      `tfjs-smelu: ${cli} is missing: this copy of the package is not built; ` +
      `run 'npm install' (or 'npm run build') in ${path.resolve(__dirname, '..')}.`);
  process.exit(1);
}
require(cli)
    .main(process.argv.slice(2))
    .then(
        (code) => {
          process.exitCode = code;
        },
        (err) => {
          console.error(`tfjs-smelu: ${err.message}`);
          process.exitCode = 1;
        });
