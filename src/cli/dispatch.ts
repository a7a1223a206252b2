/**
 * The command dispatcher of both executables (`tfjs-smelu` and
 * `tfjs-smelu-repro`, which imports this module by its path and bundles it):
 * `<bin> <command> [options]`, one module per command, loaded only when asked
 * for; `--help`, `--version`, and one-line usage errors (exit 2).
 */

/** A command's module: `run` returns the exit code (0 ok, 1 failure, 2 usage error). */
export interface CommandModule {
  run(argv: string[]): Promise<number>;
}

/** An executable: its name, version, commands and a closing paragraph for `--help`. */
export interface CommandLineProgram {
  bin: string;
  version: string;
  commands: Readonly<Record<string, {summary: string, load: () => Promise<CommandModule>}>>;
  /** Lines after the options in `--help`. */
  footer?: string;
}

/** The program's `--help` text. */
export function programUsage(program: CommandLineProgram): string {
  const width = Math.max(...Object.keys(program.commands).map((name) => name.length));
  const lines = Object.entries(program.commands).map(([name, c]) => `  ${name.padEnd(width + 1)} ${c.summary}`);
  return `Usage: ${program.bin} <command> [options]\n\nCommands:\n${lines.join('\n')}\n\n` +
      `Options:\n  -h, --help     show this help\n  -v, --version  print the version\n\n` +
      `Run '${program.bin} <command> --help' for a command's options.${program.footer ?? ''}`;
}

/** Runs the command `argv` names; returns the exit code. */
export async function dispatchCommand(program: CommandLineProgram, argv: string[]): Promise<number> {
  const {bin} = program;
  const [name, ...rest] = argv;
  if (name == null) {
    // A usage error: one line that says where the help is, not the whole help.
    console.error(`${bin}: no command given; run '${bin} --help' for the commands.`);
    return 2;
  }
  if (name === '--help' || name === '-h') {
    console.log(programUsage(program));
    return 0;
  }
  if (name === '--version' || name === '-v') {
    console.log(program.version);
    return 0;
  }
  const command = Object.prototype.hasOwnProperty.call(program.commands, name) ? program.commands[name] : undefined;
  if (command == null) {
    console.error(`${bin}: unknown command '${name}'; run '${bin} --help' for the commands.`);
    return 2;
  }
  return (await command.load()).run(rest);
}

/** Runs `main` on the process's arguments and sets the exit code; an unexpected error is one line and exit 1. */
export function runAsProcess(bin: string, main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2))
      .then(
          (code) => {
            process.exitCode = code;
          },
          (err: Error) => {
            console.error(`${bin}: ${err.message}`);
            process.exitCode = 1;
          });
}
