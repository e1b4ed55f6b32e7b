import { ExitCode } from '../../contract/exit-code.js';
import { messages } from '../../errors/messages.js';
import { startMonitor, type StartOptions } from '../../watch/monitor-start.js';
import { printOutcome } from '../output.js';

/**
 * `monitor start [--json]`: exit 0 once it is watching (or one already was); 3 when another is starting
 * or does not answer, or the monitor itself exited with 3 (or 2, a usage error); else 1. Failures go to
 * stderr, with the monitor's own log lines, in both modes.
 */
export async function reportMonitorStart(options: StartOptions, json: boolean): Promise<number> {
  const { root } = options;
  const started = await startMonitor(options);
  const fail = (text: string) => process.stderr.write(`heimdall: ${text}\n`);
  switch (started.kind) {
    case 'started': {
      const { pid, backend, logFile } = started;
      printOutcome(json, { started: true, state: 'started', pid, backend, root, logFile }, messages.watch.started(pid, backend ?? '?', root));
      return ExitCode.ok;
    }
    case 'already-running': {
      const { pid, backend, logFile } = started;
      printOutcome(json, { started: false, state: 'already-running', pid, backend, root, logFile }, messages.monitorAlreadyRunning(pid, root));
      return ExitCode.ok;
    }
    case 'conflict':
      fail(messages.monitorRunning(started.pid, root));
      return ExitCode.monitorConflict;
    case 'exited': {
      const { exitCode, reason } = started;
      fail(`${messages.watch.startExited(started.exit, started.logFile)}${reason === '' ? '' : `:\n${reason}`}`);
      return exitCode === ExitCode.monitorConflict || exitCode === ExitCode.usage ? exitCode : ExitCode.failure;
    }
    case 'timed-out':
      fail(`${messages.watch.startTimeout(Math.round(options.timeoutMs / 1000), started.logFile)}\n${started.reason}`);
      return ExitCode.failure;
  }
}
