import { performance } from 'node:perf_hooks';
import { readConfigSnapshot } from '../../config/config-snapshot.js';
import { findProjectRoot } from '../../config/project-root.js';
import { parentPidVariable, warmStartVariable } from '../../contract/env-variables.js';
import { ExitCode } from '../../contract/exit-code.js';
import { summarize, type LoadReport } from '../../contract/load-report.js';
import { exitCodeOf } from '../../contract/exit-code-of.js';
import { HeimdallError } from '../../errors/heimdall-error.js';
import { messages } from '../../errors/messages.js';
import { deferredWatchdog } from '../../executor/exit-when-parent-dies.js';
import { parentIsGone } from '../../executor/parent-watchdog.js';
import { storeTarget } from '../../git/store-target.js';
import { reconcileCall } from '../../load/reconcile-call.js';
import type { GlobalArgs } from '../global-args.js';
import { readPathInputs, type PathInputArgs } from '../read-path-inputs.js';
import { printJson } from '../output.js';

export type ReconcileArgs = GlobalArgs & PathInputArgs & { json?: boolean | undefined };

/** `heimdall load` and `heimdall remove-file`: one store transaction per file, one report per call. */
export async function reconcileMain(args: ReconcileArgs, mode: 'load' | 'remove'): Promise<number> {
  const watchdog = deferredWatchdog();
  let early: string[] | null = null;
  if (process.env[warmStartVariable] === '1') {
    // Started ahead of its batch (executor/warm-load.ts): what start-up is left is paid while it waits, the thread
    // and the parser included. The project and its config are read once the paths are there: a reload may come
    // in between. No paths at all: it was not needed after all.
    watchdog.arm();
    await import('../../markdown/parse-markdown.js');
    early = readPathInputs(args);
    if (early.length === 0) return ExitCode.ok;
  }
  const cwd = process.cwd();
  const root = findProjectRoot(cwd, args.projectRoot);
  // What commandContext does, with the monitor's snapshot read first: then the config parser is never loaded.
  const config = readConfigSnapshot(root, process.env) ?? (await import('../../config/load-config.js')).loadConfig(root);
  const inputs = early ?? readPathInputs(args);
  if (inputs.length === 0) throw new HeimdallError('usage', messages.usage.noPaths);
  const started = performance.now();
  const target = await storeTarget(config);
  const call = await reconcileCall(target, inputs, { config, cwd, mode, shouldStop: parentIsGone, beforeBlocking: watchdog.arm });
  watchdog.disarm();
  // A store that cannot be opened: JSON still gets its one report (every path failed with the store's error), and
  // the error on stderr unless the store is merely busy; people get the error instead of a report.
  const unusable = call.storeError !== null && call.storeError.code !== 'store-busy' ? call.storeError : null;
  if (unusable !== null && !args.json) throw unusable;
  if (unusable !== null) process.stderr.write(`heimdall: ${unusable.message}\n`);
  // Nobody is left to read the report; the store is consistent (each file was its own transaction).
  if (parentIsGone()) {
    process.stderr.write(`heimdall: ${messages.executor.parentGone(parentPidVariable, process.env[parentPidVariable] ?? '')}\n`);
    return ExitCode.failure;
  }
  const report: LoadReport = { results: call.results, summary: summarize(call.results), durationMs: Math.round(performance.now() - started) };
  if (args.json) printJson(report);
  else await printHuman(report);
  return exitCodeOf(call.results);
}

// Imported for people only: the executor's calls print JSON.
async function printHuman(report: LoadReport): Promise<void> {
  const { formatResultLines, formatSummary } = await import('../format-results.js');
  const text = `${[...formatResultLines(report.results), formatSummary(report.summary, report.durationMs)].join('\n')}\n`;
  if (report.summary.failed > 0) process.stderr.write(text);
  else process.stdout.write(text);
}
