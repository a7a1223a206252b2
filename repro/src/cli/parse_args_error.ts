/**
 * One-line usage messages, in the commands' own style, for the errors of
 * Node's `util.parseArgs` (whose texts are capitalized and some span several
 * sentences).
 */
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
