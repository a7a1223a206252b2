/**
 * Flag parsing shared by the toolkit's commands: Node's `util.parseArgs`, with
 * its errors turned into one-line usage messages in the commands' own style
 * (Node's texts are capitalized and some span several sentences).
 */
import {parseArgs, ParseArgsConfig} from 'util';

import {parseShard, Shard} from '../experiment/jobs';

/** A usage error: the command prints its message and a pointer to `--help`, and exits 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;
/** What parseArgs returns for flags `T` (util does not export the type itself). */
type FlagValues<T extends Options> =
    ReturnType<typeof parseArgs<{args: string[], allowPositionals: false, options: T}>>['values'];

/** The values of `argv`'s flags (no positionals); a {@link UsageError} for unknown or malformed ones. */
export function parseFlags<T extends Options>(argv: string[], options: T): FlagValues<T> {
  try {
    return parseArgs({args: argv, allowPositionals: false, options}).values;
  } catch (error) {
    throw new UsageError(parseArgsErrorMessage(error));
  }
}

/** A number from flag text; NaN for text that is not one (range checks happen once, in the API). */
export const numberOf = (text: string): number => (text.trim() === '' ? NaN : Number(text));

/** Prints a usage error of `command` the way every command does; returns the exit code, 2. */
export function reportUsageError(command: string, error: UsageError): number {
  console.error(
      `tfjs-smelu-repro ${command}: ${error.message}\n\nRun 'tfjs-smelu-repro ${command} --help' for the options.`);
  return 2;
}

/** One-line usage message for an error of `util.parseArgs`. */
export function parseArgsErrorMessage(error: unknown): string {
  const {code, message} = error as {code?: string, message: string};
  const quoted = /'([^']*)'/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${quoted}'.`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument '${quoted}': every option is a --flag.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const flag = quoted?.split(' ')[0];
      // "does not take an argument" (a switch given a value); otherwise the value is missing or ambiguous.
      return /does not take an argument/.test(message) ? `${flag} does not take a value.` : `${flag} needs a value.`;
    }
    default:
      return message;
  }
}

/**
 * `--shard K/N` checked against the run: K/N well formed (see parseShard), a backend named (a shard that fell back
 * from `auto` to another backend would not merge), and no more shards than the run has replica jobs.
 * @throws UsageError in one line naming --shard and its value.
 */
export function checkShard(text: string, backend: string, jobCount: number): Shard {
  let shard: Shard;
  try {
    shard = parseShard(text, '--shard');
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (backend === 'auto') {
    throw new UsageError(
        `--shard '${text}' needs --backend tensorflow, cpu or wasm, not 'auto': every shard must train on ` +
        'the same backend for the merged result to equal a run on one machine.');
  }
  if (shard.count > jobCount) {
    throw new UsageError(
        `--shard '${text}': the run has ${jobCount} replica jobs, so it splits into at most ${jobCount} shards.`);
  }
  return shard;
}

/** The flags and the positional arguments of `argv` (for commands that take operands, as `merge DIR…`). */
export function parseFlagsAndOperands<T extends Options>(
    argv: string[], options: T): {values: FlagValues<T>, operands: string[]} {
  try {
    const {values, positionals} = parseArgs({args: argv, allowPositionals: true, options});
    return {values: values as FlagValues<T>, operands: positionals};
  } catch (error) {
    throw new UsageError(parseArgsErrorMessage(error));
  }
}
