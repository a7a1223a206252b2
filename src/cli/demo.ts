/** Placeholder: the 'demo' command is being written (see the issue tracker). */
export async function run(_argv: string[]): Promise<number> {
  console.error("tfjs-smelu demo: not implemented yet");
  return 1;
}
