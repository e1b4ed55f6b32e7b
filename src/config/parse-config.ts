import path from 'node:path';
import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import type { HeimdallConfig, RetryPolicy } from './config-types.js';
import { checkConfigKeys } from './check-config-keys.js';
import { defaultConfig } from './defaults.js';
import { envTargetPaths, targetPathVariable } from './env-target-paths.js';
import { parseStoreConfig } from './store-config.js';

type Raw = Record<string, unknown>;

// Validation without any YAML import: the monitor receives its config as JSON
// and must not pay for a YAML parser.
export function parseConfig(raw: unknown, root: string, configFile: string | null, env: NodeJS.ProcessEnv = process.env): HeimdallConfig {
  const where = configFile ?? '(defaults)';
  const fail = (key: string, expected: string): never => {
    throw new HeimdallError('config', messages.configKey(where, key, expected));
  };
  if (raw === null || raw === undefined) raw = {};
  if (!isObject(raw)) fail('(top level)', 'a mapping');
  const top = raw as Raw;
  const section = (name: string): Raw => {
    const value = top[name];
    if (value === undefined || value === null) return {};
    if (!isObject(value)) fail(name, 'a mapping');
    return value as Raw;
  };
  checkConfigKeys(top, '', where);
  const monitoring = section('monitoring');
  const load = section('load');
  const executor = section('executor');
  const logging = section('logging');
  const mcp = section('mcp');
  const retryRaw = executor['retry'] ?? {};
  if (!isObject(retryRaw)) fail('executor.retry', 'a mapping');
  for (const [name, mapping] of [['monitoring', monitoring], ['load', load], ['executor', executor], ['executor.retry', retryRaw], ['logging', logging], ['mcp', mcp]] as const) {
    checkConfigKeys(mapping as Raw, name, where);
  }

  const int = (value: unknown, key: string, fallback: number, min = 0): number => {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) fail(key, `an integer >= ${min}`);
    return value as number;
  };
  const seconds = (value: unknown, key: string, fallback: number, min: number): number => {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min) fail(key, `a number of seconds >= ${min}`);
    return value as number;
  };
  const strings = (value: unknown, key: string, fallback: string[]): string[] => {
    if (value === undefined || value === null) return fallback;
    const list = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(list) || list.some((item) => typeof item !== 'string' || item === '')) fail(key, 'a string or a list of non-empty strings');
    return list as string[];
  };
  const bool = (value: unknown, key: string, fallback: boolean): boolean => {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') fail(key, 'true or false');
    return value as boolean;
  };
  const argv = (value: unknown, key: string): string[] | null => {
    if (value === undefined || value === null) return null;
    if (!Array.isArray(value) || value.length === 0 || value.some((item) => typeof item !== 'string' || item === '')) fail(key, 'a non-empty list of strings (an argv; no shell is used)');
    return value as string[];
  };

  // Inside the project, like a target path; whether it is inside one is `remember`'s to say (the environment can move those).
  const insideRoot = (value: unknown, key: string, fallback: string): string => {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'string' || value === '') fail(key, 'a non-empty path');
    const normalized = normalizeTarget(root, value as string);
    return normalized ?? fail(key, `a path inside the project root (got ${JSON.stringify(value)})`);
  };

  const envTargets = envTargetPaths(env);
  const targetPaths = (envTargets ?? strings(monitoring['target_path'], 'monitoring.target_path', defaultConfig.monitoring.targetPaths)).map((target) => {
    const normalized = normalizeTarget(root, target);
    if (normalized !== null) return normalized;
    const expected = `a path inside the project root (got ${JSON.stringify(target)})`;
    if (envTargets === null) fail('monitoring.target_path', expected);
    throw new HeimdallError('config', messages.envValue(targetPathVariable, expected));
  });
  const extensions = strings(monitoring['extensions'], 'monitoring.extensions', defaultConfig.monitoring.extensions).map((ext) =>
    (ext.startsWith('.') ? ext : `.${ext}`).toLowerCase(),
  );
  const r = retryRaw as Raw;
  const d = defaultConfig;
  const retry: RetryPolicy = {
    baseMs: int(r['base_ms'], 'executor.retry.base_ms', d.executor.retry.baseMs),
    factor: int(r['factor'], 'executor.retry.factor', d.executor.retry.factor, 1),
    capMs: int(r['cap_ms'], 'executor.retry.cap_ms', d.executor.retry.capMs),
    attempts: int(r['attempts'], 'executor.retry.attempts', d.executor.retry.attempts, 1),
  };
  return {
    root,
    configFile,
    monitoring: {
      targetPaths: [...new Set(targetPaths)],
      extensions,
      ignorePatterns: strings(monitoring['ignore_patterns'], 'monitoring.ignore_patterns', d.monitoring.ignorePatterns),
      settleMs: int(monitoring['settle_ms'], 'monitoring.settle_ms', d.monitoring.settleMs),
      settleCapMs: int(monitoring['settle_cap_ms'], 'monitoring.settle_cap_ms', d.monitoring.settleCapMs, 1),
      // Fractions are for tests (a heartbeat every second); 0.1 s keeps a typo from spinning.
      heartbeatS: seconds(monitoring['heartbeat_s'], 'monitoring.heartbeat_s', d.monitoring.heartbeatS, 0.1),
    },
    load: { maxFileBytes: int(load['max_file_bytes'], 'load.max_file_bytes', d.load.maxFileBytes, 1) },
    executor: {
      loadCommand: argv(executor['load_command'], 'executor.load_command'),
      removeCommand: argv(executor['remove_command'], 'executor.remove_command'),
      batchSize: int(executor['batch_size'], 'executor.batch_size', d.executor.batchSize, 1),
      timeoutMs: executor['timeout_ms'] === undefined ? null : int(executor['timeout_ms'], 'executor.timeout_ms', 0, 1),
      retry,
      warmStart: bool(executor['warm_start'], 'executor.warm_start', d.executor.warmStart),
    },
    logging: {
      maxBytes: int(logging['max_bytes'], 'logging.max_bytes', d.logging.maxBytes, 1024),
      keep: int(logging['keep'], 'logging.keep', d.logging.keep, 0),
    },
    store: parseStoreConfig(top['store'], where, env),
    mcp: {
      memoriesDir: insideRoot(mcp['memories_dir'], 'mcp.memories_dir', d.mcp.memoriesDir),
      freshnessMs: int(mcp['freshness_ms'], 'mcp.freshness_ms', d.mcp.freshnessMs, 0),
      startMonitor: bool(mcp['start_monitor'], 'mcp.start_monitor', d.mcp.startMonitor),
    },
  };
}

/** A target path as a project-relative POSIX path ('.' for the root), or null if it escapes the root. */
export function normalizeTarget(root: string, target: string): string | null {
  const abs = path.resolve(root, target);
  const rel = path.relative(root, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return rel === '' ? '.' : rel.split(path.sep).join('/');
}

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
