#!/usr/bin/env node
/**
 * `tfjs-smelu-repro <command> ...`: the toolkit's executable, one module per
 * command, loaded only when asked for (the plugin's dispatcher, bundled).
 */
import {CommandLineProgram, CommandModule, dispatchCommand, runAsProcess} from '../../../src/cli/dispatch';
import {version} from '../../package.json';

const PROGRAM: CommandLineProgram = {
  bin: 'tfjs-smelu-repro',
  version,
  commands: {
    demo: {
      summary: 'measure prediction differences between replicas (ReLU vs SmeLU vs ...)',
      load: async () => require('./demo') as CommandModule,
    },
    compare: {
      summary: "measure what SmeLU does to your saved model's reproducibility on your CSV data",
      load: async () => require('./compare') as CommandModule,
    },
  },
};

export function main(argv: string[]): Promise<number> {
  return dispatchCommand(PROGRAM, argv);
}

if (require.main === module) runAsProcess(PROGRAM.bin, main);
