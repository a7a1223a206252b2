#!/usr/bin/env node
/**
 * `tfjs-smelu-repro <command> ...`: the toolkit's executable, one module per
 * command, loaded only when asked for (the plugin's dispatcher, bundled).
 */
import {CommandLineProgram, dispatchCommand, runAsProcess} from '../../../src/cli/dispatch';
import {version} from '../../package.json';

const PROGRAM: CommandLineProgram = {
  bin: 'tfjs-smelu-repro',
  version,
  commands: {
    demo: {
      summary: 'measure prediction differences between replicas (ReLU vs SmeLU vs ...)',
      load: () => import('./demo'),
    },
    compare: {
      summary: 'measure what SmeLU does to your saved model\'s reproducibility on your CSV data',
      load: () => import('./compare'),
    },
    merge: {
      summary: 'join the partial results of a run\'s shards (--shard K/N) into its results.json and report',
      load: () => import('./merge'),
    },
  },
};

export function main(argv: string[]): Promise<number> {
  return dispatchCommand(PROGRAM, argv);
}

if (require.main === module) runAsProcess(PROGRAM.bin, main);
