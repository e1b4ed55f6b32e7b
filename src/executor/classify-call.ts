import type { FileError, FileResult, LoadReport } from '../contract/load-report.js';
import type { SpawnEnd } from '../process/spawn-supervised.js';
import { messages } from '../errors/messages.js';
import { describeCommand } from './describe-command.js';
import { lastLine } from './last-line.js';
import { parseReport } from './parse-report.js';

export type PathVerdict =
  | { kind: 'done'; result: FileResult }
  | { kind: 'permanent'; result: FileResult; error: FileError }
  | { kind: 'temporary'; message: string; result: FileResult | null };

export type CallVerdict =
  /** The command cannot run as configured: not retried. */
  | { kind: 'config-error'; message: string; outcome: string }
  | { kind: 'ran'; report: LoadReport | null; verdicts: Map<string, PathVerdict>; timedOut: boolean; outcome: string; failed: boolean };

const spawnConfigErrors = new Set(['ENOENT', 'EACCES', 'ENOTDIR', 'EPERM', 'ENOEXEC', 'ELOOP']);

/**
 * Reads one call's end into a verdict per path. `paths` are the paths sent on stdin.
 * - cannot spawn (ENOENT, EACCES...), exit 126/127, exit 2 (usage/config): configuration error, not retried;
 *   exit 2 belongs here because a broken config.yaml or argv will not mend itself between two retries.
 * - timeout, death by a signal, or stdout that is not the report (exit 75, 1 or even 0): every path temporary.
 * - otherwise the report decides per path, whatever the exit code: done, permanent (`failed`, permanent: true),
 *   or temporary (`failed` otherwise, or no result for a path that was sent).
 */
export function classifyCall(end: SpawnEnd, paths: string[], argv: string[]): CallVerdict {
  if (end.kind === 'spawn-error') {
    if (end.cwdMissing !== null) return configError(messages.executor.rootMissing(end.cwdMissing), 'the project root is gone');
    if (spawnConfigErrors.has(end.errno)) return configError(messages.executor.commandMissing(describeCommand(argv)), `cannot spawn (${end.errno})`);
    return allTemporary(paths, messages.executor.cannotSpawn(end.errno, end.message), false);
  }
  if (end.timedOut) return allTemporary(paths, messages.executor.timedOut(end.killed), true);
  // 126: found but not executable (env, a wrapper script); 127: not found.
  if (end.exitCode === 126 || end.exitCode === 127) return configError(messages.executor.commandMissing(describeCommand(argv)), `exit ${end.exitCode}`);
  if (end.exitCode === 2) return configError(messages.executor.usageError(describeCommand(argv), lastLine(end.stderrTail)), 'exit 2');

  const status = end.signal !== null ? `killed by ${end.signal}` : `exit ${end.exitCode}`;
  const report = parseReport(end.stdout);
  if (report === null) {
    const why = end.signal !== null || end.exitCode === 75 ? status : messages.executor.notAReport(status);
    return allTemporary(paths, why, false);
  }
  const byPath = new Map(report.results.map((result) => [result.path, result]));
  const verdicts = new Map<string, PathVerdict>();
  for (const path of paths) {
    const result = byPath.get(path);
    if (result === undefined) verdicts.set(path, { kind: 'temporary', message: messages.executor.noResult(status), result: null });
    else if (result.action !== 'failed') verdicts.set(path, { kind: 'done', result });
    else if (result.error?.permanent === true) verdicts.set(path, { kind: 'permanent', result, error: result.error });
    else verdicts.set(path, { kind: 'temporary', message: result.error?.message ?? messages.executor.noError(status), result });
  }
  const counts = Object.entries(report.summary).filter(([, n]) => n > 0).map(([action, n]) => `${action} ${n}`);
  const failed = [...verdicts.values()].some((verdict) => verdict.kind !== 'done');
  return { kind: 'ran', report, verdicts, timedOut: false, outcome: `${status} (${counts.join(', ') || 'no results'})`, failed };
}

function configError(message: string, outcome: string): CallVerdict {
  return { kind: 'config-error', message, outcome: `configuration error: ${outcome}` };
}

function allTemporary(paths: string[], message: string, timedOut: boolean): CallVerdict {
  const verdicts = new Map<string, PathVerdict>(paths.map((path) => [path, { kind: 'temporary', message, result: null }]));
  return { kind: 'ran', report: null, verdicts, timedOut, outcome: `temporary failure: ${message}`, failed: true };
}
