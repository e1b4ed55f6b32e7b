// No imports beyond node: this runs in every process, the monitor included.
// `heimdall watch` goes to a lean entry point because yargs alone costs ~14 MB of
// resident memory, a quarter of the monitor's whole budget (measured: bench/).
export async function route(args: string[]): Promise<number> {
  if (firstCommand(args) === 'watch' && !args.some((arg) => arg === '--help' || arg === '-h')) {
    (await import('../watch/apply-monitor-flags.js')).applyMonitorFlags();
    const { watchMain } = await import('../watch/watch-main.js');
    return watchMain(args);
  }
  const { main } = await import('./main.js');
  return main(args);
}

function firstCommand(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--project-root') i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}
