#!/usr/bin/env node
/**
 * `tfjs-smelu <command> ...`: the plugin's executable. One module per
 * command, loaded only when asked for. The reproducibility demo lives in the
 * toolkit package (`npx tfjs-smelu-repro demo`).
 */
import {version} from '../../package.json';
import {CommandLineProgram, CommandModule, dispatchCommand, runAsProcess} from './dispatch';

const PROGRAM: CommandLineProgram = {
  bin: 'tfjs-smelu',
  version,
  commands: {
    swap: {
      summary: 'replace ReLU activations of a saved Layers model with SmeLU',
      load: async () => require('./swap') as CommandModule,
    },
    native: {
      summary: 'build / status: the fused TensorFlow ops for tfjs-node',
      load: async () => require('./native') as CommandModule,
    },
  },
  footer: ' The reproducibility\ndemo is in the toolkit package: npx tfjs-smelu-repro demo --help',
};

export function main(argv: string[]): Promise<number> {
  return dispatchCommand(PROGRAM, argv);
}

if (require.main === module) runAsProcess(PROGRAM.bin, main);
