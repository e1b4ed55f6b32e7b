import { ExitCode } from '../../contract/exit-code.js';
import { messages } from '../../errors/messages.js';
import { stopMonitor, type StopOptions } from '../../watch/monitor-stop.js';
import { printOutcome } from '../output.js';

/** `monitor stop [--json]`: exit 0 once it is gone (or when none ran), 1 when it outlived SIGKILL. */
export async function reportMonitorStop(options: StopOptions, json: boolean): Promise<number> {
  const { root } = options;
  const stopped = await stopMonitor(options);
  switch (stopped.kind) {
    case 'not-running':
      printOutcome(json, { stopped: false, running: false, root }, messages.monitorNotRunning(root));
      return ExitCode.ok;
    case 'stopped': {
      const { pid, killed } = stopped;
      printOutcome(json, { stopped: true, pid, killed, root }, killed ? messages.watch.stopKilled(pid, Math.round(options.graceMs / 1000)) : messages.watch.stopped(pid));
      return ExitCode.ok;
    }
    case 'still-running':
      process.stderr.write(`heimdall: ${messages.watch.stopFailed(stopped.pid)}\n`);
      return ExitCode.failure;
  }
}
