import type { Argv, CommandModule } from 'yargs';
import { findProjectRoot } from '../../config/project-root.js';
import { messages } from '../../errors/messages.js';
import { commandContext, type GlobalArgs } from '../context.js';
import { oneOf, secondsOption } from '../option-values.js';

type MonitorArgs = GlobalArgs & { json?: boolean; timeout?: number; backend?: 'auto' | 'watchman' | 'node'; grace?: number };

const json = { json: { type: 'boolean', describe: 'Print one JSON object' } } as const;
const startOptions = {
  ...json,
  backend: oneOf(['auto', 'watchman', 'node'], 'auto', 'auto: Watchman, else the Node fallback (with a warning)'),
  timeout: secondsOption('timeout', 'positive', 30, 'Seconds to wait for the monitor to report watching'),
} as const;
const stopOptions = {
  ...json,
  grace: secondsOption('grace', 'zero', 10, 'Seconds between SIGTERM and SIGKILL (0: SIGKILL at once)'),
} as const;

// The root only: `status`, `wait`, `health` and `stop` talk to the live monitor and need no config.
const rootOf = (args: MonitorArgs) => findProjectRoot(process.cwd(), args.projectRoot);

const sub = (command: string, describe: string, options: Record<string, unknown>, run: (args: MonitorArgs) => Promise<number>): CommandModule<object, MonitorArgs> => ({
  command,
  describe,
  builder: (y) => y.options(options as never).example(examples[command]![0], examples[command]![1]) as never,
  handler: async (args) => {
    process.exitCode = await run(args);
  },
});

const examples: Record<string, [string, string]> = {
  start: ['$0 monitor start --timeout 60', 'Start it in the background; fail with the reason if it is not watching within 60 s'],
  stop: ['$0 monitor stop --grace 5', 'SIGTERM, then SIGKILL after 5 s; returns once it is gone'],
  restart: ['$0 monitor restart', 'After upgrading heimdall (config edits apply by themselves)'],
  status: ['$0 monitor status --json', 'Pid, backend, pending paths, failures, memory, executor stats'],
  health: ['$0 monitor health || $0 monitor restart', 'Restart the monitor unless it is healthy'],
  wait: ['$0 monitor wait --timeout 30', 'In a script: return once every change made so far is indexed'],
};

const start = async (args: MonitorArgs): Promise<number> => {
  // Loads (and so validates) the config here, where a mistake can be reported before anything is spawned.
  const { root } = commandContext(args);
  const { reportMonitorStart } = await import('./report-monitor-start.js');
  return reportMonitorStart({ root, backend: args.backend, timeoutMs: (args.timeout ?? 30) * 1000 }, args.json === true);
};
const stop = async (args: MonitorArgs): Promise<number> => {
  const { reportMonitorStop } = await import('./report-monitor-stop.js');
  return reportMonitorStop({ root: rootOf(args), graceMs: (args.grace ?? 10) * 1000 }, args.json === true);
};

export const monitorCommand: CommandModule<object, MonitorArgs> = {
  // No <action> positional: it would swallow a misspelled action before yargs could suggest the right one.
  command: 'monitor',
  describe: 'Run the monitor in the background and ask it how it is doing',
  builder: (y: Argv<object>) =>
    y
      .command(sub('start', 'Start the monitor detached (log: .heimdall/logs/monitor.log); returns once it is watching', startOptions, start))
      .command(sub('stop', 'SIGTERM the monitor (SIGKILL after --grace) and wait until it is gone', stopOptions, stop))
      .command(
        sub('restart', 'Stop the monitor if it runs, then start it', { ...startOptions, grace: stopOptions.grace }, async (args) => {
          const stopped = await stop({ ...args, json: false });
          return stopped === 0 ? start(args) : stopped;
        }),
      )
      .command(
        sub('status', 'What the live monitor reports (exit 0 running, 3 not running)', json, async (args) => {
          const { reportMonitorStatus } = await import('./report-monitor-status.js');
          return reportMonitorStatus(rootOf(args), args.json === true);
        }),
      )
      .command(
        sub('health', 'Status checks plus a canary change it must see (exit 0 healthy, 1 degraded, 2 down)', { ...json, timeout: secondsOption('timeout', 'positive', 5, 'Seconds to wait for the canary') }, async (args) => {
          const { reportMonitorHealth } = await import('./report-monitor-health.js');
          return reportMonitorHealth(rootOf(args), (args.timeout ?? 5) * 1000, args.json === true);
        }),
      )
      .command(
        sub('wait', 'Wait until every change made before the call is in the store (exit 0; 1 timeout; 3 no monitor)', { ...json, timeout: secondsOption('timeout', 'positive', 60, 'Seconds to wait') }, async (args) => {
          const { reportMonitorWait } = await import('./report-monitor-wait.js');
          return reportMonitorWait(rootOf(args), (args.timeout ?? 60) * 1000, args.json === true);
        }),
      )
      .demandCommand(1, messages.usage.noAction('start, stop, restart, status, health or wait'))
      .example('$0 monitor start', 'Keep the store in sync in the background')
      .example('$0 monitor wait --timeout 30 && $0 search "release process"', 'Search once recent edits are indexed') as never,
  handler: () => {},
};
