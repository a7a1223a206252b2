#!/usr/bin/env node
/**
 * `tfjs-smelu <command> ...`: the plugin's executable. One module per
 * command, loaded only when asked for. The reproducibility demo lives in the
 * toolkit package (`npx tfjs-smelu-repro demo`).
 */
import {version} from '../../package.json';

type CommandModule = {run(argv: string[]): Promise<number>};

const COMMANDS: Record<string, {summary: string, load: () => Promise<CommandModule>}> = {
  swap: {
    summary: 'replace ReLU activations of a saved Layers model with SmeLU',
    load: async () => require('./swap') as CommandModule,
  },
  native: {
    summary: 'build / status: the fused TensorFlow ops for tfjs-node',
    load: async () => require('./native') as CommandModule,
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(6)} ${c.summary}`);
  return `Usage: tfjs-smelu <command> [options]\n\nCommands:\n${lines.join('\n')}\n\n` +
      `Options:\n  -h, --help     show this help\n  -v, --version  print the version\n\n` +
      `Run 'tfjs-smelu <command> --help' for a command's options. The reproducibility\n` +
      `demo is in the toolkit package: npx tfjs-smelu-repro demo --help`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name == null) {
    // A usage error: one line that says where the help is, not the whole help.
    console.error(`tfjs-smelu: no command given; run 'tfjs-smelu --help' for the commands.`);
    return 2;
  }
  if (name === '--help' || name === '-h') {
    console.log(usage());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    console.log(version);
    return 0;
  }
  const command = COMMANDS[name];
  if (command == null) {
    console.error(`tfjs-smelu: unknown command '${name}'; run 'tfjs-smelu --help' for the commands.`);
    return 2;
  }
  return (await command.load()).run(rest);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
      (code) => {
        process.exitCode = code;
      },
      (err: Error) => {
        console.error(`tfjs-smelu: ${err.message}`);
        process.exitCode = 1;
      });
}
