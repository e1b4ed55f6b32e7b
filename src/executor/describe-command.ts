// How a delegated command is named in messages: the argv as the user configured it, without
// the `--files-from - -0 --json` suffix the executor appends (noise in "command not found").
export function describeCommand(argv: string[]): string {
  const at = argv.lastIndexOf('--files-from');
  return argv.slice(0, at > 0 ? at : argv.length).join(' ');
}
