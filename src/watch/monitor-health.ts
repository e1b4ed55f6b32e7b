import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runtimePaths } from '../config/runtime-paths.js';
import { controlRequest } from './control-request.js';
import { findMonitor } from './find-monitor.js';
import type { MonitorStatus } from '../contract/monitor-status.js';

export type Health = 'healthy' | 'degraded' | 'down';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

const exitCodes: Record<Health, number> = { healthy: 0, degraded: 1, down: 2 };

/**
 * `monitor health`: the status checks plus an end-to-end one: a canary file under
 * .heimdall/run/ (matched by the subscription, never sent to the executor, never in
 * the user's docs) that the monitor must see within `canaryTimeoutMs`. Exit 0 healthy,
 * 1 degraded, 2 down.
 */
export async function checkHealth(root: string, canaryTimeoutMs: number, json: boolean): Promise<number> {
  const checks: Check[] = [];
  const found = await findMonitor(root);
  let health: Health;
  let pid: number | null = null;
  if (found.kind !== 'running') {
    health = 'down';
    pid = found.kind === 'absent' ? null : found.kind === 'starting' ? found.pid : found.holder.pid;
    const detail = found.kind === 'absent' ? 'no monitor runs' : found.kind === 'starting' ? `pid ${pid} is still starting` : `pid ${pid} holds the lock but does not answer`;
    checks.push({ name: 'process', ok: false, detail });
  } else {
    const s = found.status;
    pid = s.pid;
    checks.push({ name: 'process', ok: true, detail: `pid ${s.pid}, ${s.backend} backend, ${(s.rssBytes / 1024 / 1024).toFixed(1)} MB resident` });
    checks.push({ name: 'phase', ok: s.phase === 'watching', detail: s.phase });
    checks.push({ name: 'memory', ok: s.rssBytes < 50 * 1024 * 1024, detail: `${(s.rssBytes / 1024 / 1024).toFixed(1)} MB of a 50 MB budget` });
    checks.push(heartbeatCheck(s));
    for (const warning of s.warnings) checks.push({ name: 'warning', ok: false, detail: warning });
    checks.push(await canaryCheck(root, canaryTimeoutMs));
    health = checks.every((check) => check.ok) ? 'healthy' : 'degraded';
  }
  if (json) process.stdout.write(`${JSON.stringify({ health, pid, root, checks })}\n`);
  else {
    process.stdout.write(`monitor: ${health}\n`);
    for (const check of checks) process.stdout.write(`  ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}\n`);
  }
  return exitCodes[health];
}

/** The monitor's own canary: degraded when one was missed and none seen since (see heartbeat.ts). */
function heartbeatCheck(s: MonitorStatus): Check {
  const ago = (iso: string) => `${Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000))} s`;
  const every = `every ${s.heartbeat.intervalS} s`;
  if (s.degraded !== null) return { name: 'heartbeat', ok: false, detail: `degraded for ${ago(s.degraded.since)}: ${s.degraded.reason}` };
  const seen = s.heartbeat.lastSeen;
  return { name: 'heartbeat', ok: true, detail: seen === null ? `none seen yet (${every})` : `last seen ${ago(seen.seenAt)} ago, ${seen.ms} ms after it was written (${every})` };
}

async function canaryCheck(root: string, timeoutMs: number): Promise<Check> {
  const { runDir } = runtimePaths(root);
  const token = randomBytes(8).toString('hex');
  const file = path.join(runDir, `canary.${token}`);
  const started = Date.now();
  try {
    mkdirSync(runDir, { recursive: true });
    writeFileSync(file, `${token}\n`);
    const reply = await controlRequest(root, { op: 'canary', token, timeoutMs }, timeoutMs + 3000);
    const seen = reply?.ok === true && reply.seen;
    const ms = Date.now() - started;
    return { name: 'canary', ok: seen, detail: seen ? `a change under .heimdall/run/ was seen in ${ms} ms` : `a change under .heimdall/run/ was not seen within ${timeoutMs} ms` };
  } catch (error) {
    return { name: 'canary', ok: false, detail: `the canary could not be written: ${(error as Error).message}` };
  } finally {
    rmSync(file, { force: true });
  }
}
