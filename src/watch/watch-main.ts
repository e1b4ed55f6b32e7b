// Placeholder: the lean monitor entry point (see src/cli/route.ts).
export async function watchMain(_args: string[]): Promise<number> {
  process.stderr.write('heimdall watch: not implemented yet\n');
  return 1;
}
