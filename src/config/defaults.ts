import type { HeimdallConfig } from './config-types.js';

export const defaultConfig: Omit<HeimdallConfig, 'root' | 'configFile'> = {
  monitoring: {
    targetPaths: ['.heimdall/docs'],
    extensions: ['.md', '.markdown', '.mdown', '.mkd'],
    ignorePatterns: [],
    settleMs: 100,
    settleCapMs: 2000,
    heartbeatS: 60,
  },
  load: {
    maxFileBytes: 5 * 1024 * 1024,
  },
  executor: {
    loadCommand: null,
    removeCommand: null,
    batchSize: 5000,
    timeoutMs: null,
    retry: { baseMs: 1000, factor: 2, capMs: 60_000, attempts: 5 },
    warmStart: true,
  },
  logging: {
    maxBytes: 1024 * 1024,
    keep: 3,
  },
  store: { url: null, project: null },
  mcp: {
    memoriesDir: '.heimdall/docs/memories',
    freshnessMs: 2000,
    startMonitor: true,
  },
};

/** Directories ignored whatever the config says. */
export const alwaysIgnored = ['node_modules', '.git'];

/**
 * The file `heimdall init` writes: every key, commented, at its default; `target_path` is
 * `init --docs`'s when given, as a JSON string: a YAML double-quoted scalar, so that no folder
 * name (`null`, `yes`, `#notes`) can read back as anything but itself.
 */
export const configTemplate = (targetPath: string = defaultConfig.monitoring.targetPaths[0]!) => `# heimdall configuration. Every key is optional; the values shown are the defaults.
monitoring:
  # Docs folder(s) to index, relative to the project root: one path or a list.
  # The MONITORING_TARGET_PATH environment variable overrides it (a comma-separated list).
  target_path: ${targetPath === defaultConfig.monitoring.targetPaths[0] ? targetPath : JSON.stringify(targetPath)}
  # File extensions that count as docs.
  extensions: [.md, .markdown, .mdown, .mkd]
  # Globs of paths to skip (node_modules and .git are always skipped).
  ignore_patterns: []
  # The monitor applies a batch after this many ms of quiet...
  settle_ms: 100
  # ...and at least this often during a continuous stream of changes.
  settle_cap_ms: 2000
  # The monitor writes a heartbeat canary under .heimdall/run/ this often (seconds):
  # when its watcher does not deliver it, the monitor reports itself degraded,
  # resubscribes, and catches up with a full sync once the watcher delivers again.
  heartbeat_s: 60

load:
  # Larger files are reported as failed instead of indexed.
  max_file_bytes: 5242880

executor:
  # Commands the executor delegates to (argv arrays; no shell). Empty means
  # heimdall's own \`load\` / \`remove-file\` through the current node.
  # load_command: [heimdall, load]
  # remove_command: [heimdall, remove-file]
  # Paths per subprocess call (a call's start-up is paid once per batch: a branch switch of
  # 5,000 docs goes as one call per lane).
  batch_size: 5000
  # Per-call deadline in ms; unset means 30 s plus 20 ms per path.
  # timeout_ms: 60000
  retry:
    base_ms: 1000
    factor: 2
    cap_ms: 60000
    attempts: 5
  # The monitor keeps one load subprocess started ahead of its next batch, which then
  # skips the start-up (~65 MB while it waits; ended after a minute unused).
  warm_start: true

logging:
  # Size at which a log file is rotated, and how many rotated files are kept.
  max_bytes: 1048576
  keep: 3

mcp:
  # Where the \`remember\` tool of \`heimdall mcp\` writes memories (markdown files to commit).
  # It must be inside a docs folder (monitoring.target_path), or they are never indexed.
  memories_dir: .heimdall/docs/memories
  # How long an answer waits for the monitor to index what changed before the call (ms).
  freshness_ms: 2000
  # With no monitor running, \`heimdall mcp\` starts one in the background (shared by all).
  start_monitor: true

store:
  # Unset: the store is SQLite, .heimdall/memory.db. A postgresql:// URL: a PostgreSQL database that
  # every checkout naming it shares (a team's, CI's). HEIMDALL_STORE_URL overrides it.
  # url: postgresql://heimdall@db.example.com/heimdall
  # The project's namespace in that database; unset: the git remote (host/path), else the root's path.
  # project: example.com/team/repo
`;
