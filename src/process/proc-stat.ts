import { readdirSync, readFileSync } from 'node:fs';

/** The fields of /proc/<pid>/stat that liveness needs. */
export interface ProcStat {
  pid: number;
  /** R, S, D, T, Z (zombie: dead, waiting to be reaped)... */
  state: string;
  ppid: number;
  pgrp: number;
  /** Clock ticks after boot at which the process started: with the pid, it names one process (pids are reused). */
  startTime: number;
}

/** Reads /proc/<pid>/stat; null when there is no such process (or no /proc: not Linux). */
export function readProcStat(pid: number | 'self'): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  return parseProcStat(text);
}

/** Every process in /proc right now; null when /proc cannot be listed. */
export function listProcStats(): ProcStat[] | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  const stats: ProcStat[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(Number(entry)); // null: exited meanwhile
    if (stat !== null) stats.push(stat);
  }
  return stats;
}

/**
 * "pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime cutime
 * cstime priority nice num_threads itrealvalue starttime ...": comm may hold spaces and parentheses, so the
 * fields are split after the last ')'.
 */
export function parseProcStat(text: string): ProcStat | null {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const fields = text.slice(close + 2).split(' ');
  const stat = { pid: Number.parseInt(text, 10), state: fields[0] ?? '', ppid: Number(fields[1]), pgrp: Number(fields[2]), startTime: Number(fields[19]) };
  return Number.isInteger(stat.pid) && stat.state !== '' ? stat : null;
}
