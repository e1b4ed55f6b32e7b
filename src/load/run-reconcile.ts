import { performance } from 'node:perf_hooks';
import { commandContext, readPathInputs, type GlobalArgs, type PathInputArgs } from '../cli/context.js';
import { ExitCode } from '../cli/exit-codes.js';
import { printJson } from '../cli/output.js';
import { HeimdallError } from '../errors/heimdall-error.js';
import { exitWhenParentDies } from '../executor/exit-when-parent-dies.js';
import { parentIsGone } from '../executor/parent-watchdog.js';
import { runtimePaths } from '../config/runtime-paths.js';
import { Store } from '../store/store.js';
import { exitCodeOf } from './exit-code-of.js';
import { formatResultLines, formatSummary } from './format-results.js';
import { reconcilePaths } from './reconcile-paths.js';
import { summarize, type FileResult, type LoadReport } from './report-types.js';
import { storeFailure } from './store-failure.js';

export type ReconcileArgs = GlobalArgs & PathInputArgs & { json?: boolean | undefined };

/** `heimdall load` and `heimdall remove-file`: one store transaction per file, one report per call. */
export async function runReconcile(args: ReconcileArgs, mode: 'load' | 'remove'): Promise<number> {
  exitWhenParentDies();
  const context = commandContext(args);
  const inputs = readPathInputs(args);
  if (inputs.length === 0) throw new HeimdallError('usage', 'name at least one path, or use --files-from');
  const started = performance.now();
  const results = await withStore(runtimePaths(context.root).store, inputs, args.json === true, (store) =>
    reconcilePaths(store, inputs, { config: context.config, cwd: context.cwd, mode, shouldStop: parentIsGone }),
  );
  // Nobody is left to read the report; the store is consistent (each file was its own transaction).
  if (parentIsGone()) return ExitCode.failure;
  const report: LoadReport = { results, summary: summarize(results), durationMs: Math.round(performance.now() - started) };
  if (args.json) printJson(report);
  else printHuman(report);
  return exitCodeOf(results);
}

// A store that cannot be opened still gets one report in JSON mode, every path failed with the
// store's error: busy, a full disk or no descriptors left are temporary (callers retry), corrupt,
// too new or unwritable is permanent (the executor must not retry what cannot succeed). People get
// the error message instead.
async function withStore(file: string, inputs: string[], json: boolean, work: (store: Store) => Promise<FileResult[]>): Promise<FileResult[]> {
  let store: Store;
  try {
    store = new Store(file);
  } catch (error) {
    if (!(error instanceof HeimdallError)) throw error;
    const busy = error.code === 'store-busy';
    if (!busy && !json) throw error;
    if (!busy) process.stderr.write(`heimdall: ${error.message}\n`);
    const failure = storeFailure(error);
    return inputs.map((path) => ({ path, action: 'failed' as const, memories: 0, error: failure }));
  }
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

function printHuman(report: LoadReport): void {
  const text = `${[...formatResultLines(report.results), formatSummary(report.summary, report.durationMs)].join('\n')}\n`;
  if (report.summary.failed > 0) process.stderr.write(text);
  else process.stdout.write(text);
}
