import { parseArgs } from 'node:util';
import { findProjectRoot } from '../config/project-root.js';
import { ExitCode } from '../contract/exit-code.js';
import { isHeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { createMonitorLog } from '../watch/monitor-log.js';
import { runMonitorProcess, type BackendChoice } from '../watch/run-monitor-process.js';

// The lean entry point of `heimdall watch` (see route.ts), the monitor's own process: node:util's
// parseArgs instead of yargs (~14 MB), and nothing below imports yaml, execa, the store or the
// markdown parser. `--help` is routed to yargs (commands/watch.ts) instead.
const options = {
  'project-root': { type: 'string' },
  // Where `monitor start` sends the log (rotated at logging.max_bytes); default stderr.
  'log-file': { type: 'string' },
  backend: { type: 'string', default: 'auto' },
} as const;

/** `heimdall watch [--project-root P] [--backend auto|watchman|node] [--log-file F]`: the monitor in the foreground. */
export async function watchMain(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    return usage((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || positionals[0] !== 'watch') return usage(messages.watch.unexpectedArgument(positionals.find((p) => p !== 'watch') ?? positionals[1]));
  const backend = values.backend;
  if (backend !== 'auto' && backend !== 'watchman' && backend !== 'node') return usage(messages.watch.badBackend(backend));

  const log = createMonitorLog(values['log-file'] ?? null);
  try {
    const root = findProjectRoot(process.cwd(), values['project-root']);
    const code = await runMonitorProcess({ root, backend: backend satisfies BackendChoice, log });
    // Everything is released by now; should a handle still hold the event loop, do not linger as a half-stopped monitor.
    setTimeout(() => process.exit(code), 3000).unref();
    return code;
  } catch (error) {
    if (isHeimdallError(error)) {
      log.line(`heimdall: ${error.message}`);
      return error.exitCode;
    }
    log.line(`heimdall watch: ${messages.unexpected(error instanceof Error ? (error.stack ?? error.message) : String(error))}`);
    return ExitCode.failure;
  } finally {
    log.close();
  }
}

function usage(detail: string): number {
  process.stderr.write(`${messages.watch.usage(detail)}\n${messages.watch.usageHint}\n`);
  return ExitCode.usage;
}
