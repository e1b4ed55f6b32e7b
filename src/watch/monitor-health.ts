import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runtimePaths } from '../config/runtime-paths.js';
import { messages } from '../errors/messages.js';
import { controlRequest } from './control-request.js';
import { findMonitor, pidOf } from './find-monitor.js';
import type { MonitorStatus } from '../contract/monitor-status.js';

export type Health = 'healthy' | 'degraded' | 'down';

export interface HealthCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/** What `monitor health` found; its JSON form as is. */
export interface HealthReport {
  health: Health;
  pid: number | null;
  root: string;
  checks: HealthCheck[];
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/**
 * `monitor health`: the status checks plus an end-to-end one: a canary file under
 * .heimdall/run/ (matched by the subscription, never sent to the executor, never in
 * the user's docs) that the monitor must see within `canaryTimeoutMs`.
 */
export async function checkHealth(root: string, canaryTimeoutMs: number): Promise<HealthReport> {
  const found = await findMonitor(root);
  const pid = pidOf(found);
  if (found.kind !== 'running') {
    const detail = found.kind === 'absent' ? messages.health.absent : found.kind === 'starting' ? messages.health.starting(pid!) : messages.health.unresponsive(pid!);
    return { health: 'down', pid, root, checks: [{ name: 'process', ok: false, detail }] };
  }
  const s = found.status;
  const checks: HealthCheck[] = [
    { name: 'process', ok: true, detail: messages.health.process(s.pid, s.backend, mb(s.rssBytes)) },
    { name: 'phase', ok: s.phase === 'watching', detail: s.phase },
    { name: 'memory', ok: s.rssBytes < 50 * 1024 * 1024, detail: messages.health.memory(mb(s.rssBytes)) },
    heartbeatCheck(s),
  ];
  for (const warning of s.warnings) checks.push({ name: 'warning', ok: false, detail: warning });
  checks.push(await canaryCheck(root, canaryTimeoutMs));
  return { health: checks.every((check) => check.ok) ? 'healthy' : 'degraded', pid, root, checks };
}

/** The monitor's own canary: degraded when one was missed and none seen since (see heartbeat.ts). */
function heartbeatCheck(s: MonitorStatus): HealthCheck {
  const ago = (iso: string) => Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  const every = s.heartbeat.intervalS;
  if (s.degraded !== null) return { name: 'heartbeat', ok: false, detail: messages.health.degraded(ago(s.degraded.since), s.degraded.reason) };
  const seen = s.heartbeat.lastSeen;
  return { name: 'heartbeat', ok: true, detail: seen === null ? messages.health.noneSeen(every) : messages.health.lastSeen(ago(seen.seenAt), seen.ms, every) };
}

async function canaryCheck(root: string, timeoutMs: number): Promise<HealthCheck> {
  const { runDir } = runtimePaths(root);
  const token = randomBytes(8).toString('hex');
  const file = path.join(runDir, `canary.${token}`);
  const started = Date.now();
  try {
    mkdirSync(runDir, { recursive: true });
    writeFileSync(file, `${token}\n`);
    const reply = await controlRequest(root, { op: 'canary', token, timeoutMs }, timeoutMs + 3000);
    const seen = reply?.ok === true && reply.seen;
    return { name: 'canary', ok: seen, detail: seen ? messages.health.canarySeen(Date.now() - started) : messages.health.canaryMissed(timeoutMs) };
  } catch (error) {
    return { name: 'canary', ok: false, detail: messages.health.canaryUnwritable((error as Error).message) };
  } finally {
    rmSync(file, { force: true });
  }
}
