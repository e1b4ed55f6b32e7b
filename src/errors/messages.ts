// User-facing wording lives here, so that it stays consistent and reviewable in one place.
const q = (s: string) => JSON.stringify(s);

export const messages = {
  configKey: (file: string, key: string, expected: string) => `${file}: "${key}" must be ${expected}`,
  configSyntax: (file: string, detail: string) => `${file}: not valid YAML: ${detail}`,
  configUnreadable: (file: string) => `${file}: cannot be read`,
  configUnknownKey: (file: string, key: string, suggestion: string | null, known: string[]) =>
    `${file}: unknown key "${key}"${suggestion === null ? ` (known here: ${known.join(', ')})` : `: did you mean "${suggestion}"?`}`,
  envValue: (variable: string, expected: string) => `${variable} must be ${expected}`,
  projectRootMissing: (dir: string) => `--project-root ${q(dir)} is not a directory`,
  noProject: (cwd: string) => `no heimdall project here (run \`heimdall init\`): no .heimdall/ in ${cwd} or any folder above it`,
  noProjectAt: (dir: string) => `no heimdall project in ${dir} (run \`heimdall init --project-root ${dir}\`): it has no .heimdall/`,
  configOutsideProject: (cwd: string) => `no heimdall project here (no .heimdall/ in ${cwd} or above it): these are the defaults`,
  unexpected: (detail: string) => `unexpected error: ${detail}`,
  noStore: (file: string) => `no store yet (${file} does not exist): run \`heimdall sync\` to index the docs`,
  searchFallback: (words: string[]) => `no memory has all of: ${words.join(' ')}; showing memories with any of them`,
  // --- `heimdall show` (src/recall/show-doc.ts) ---
  show: {
    notADoc: (path: string, why: string) => `${path} is not a doc of this project (${why})`,
    noSuchHeading: (path: string, heading: string, headings: string[]) =>
      `${path} has no heading ${q(heading)}; ${headings.length === 0 ? 'it has no headings (show it whole, or PATH:START-END)' : `its headings:\n  ${headings.join('\n  ')}`}`,
    ambiguousHeading: (path: string, heading: string, headings: string[]) =>
      `${path} has several headings ${q(heading)}; name one by its path (PATH#A > B):\n  ${headings.join('\n  ')}`,
    linesOutside: (path: string, start: number, end: number, count: number) =>
      `${path}:${start}-${end} is outside the file: it has ${count} line${count === 1 ? '' : 's'}${end < start ? ' (and END comes before START)' : ''}`,
  },
  // --- command-line usage (src/cli) ---
  usage: {
    flagValue: (flag: string, expected: string, got: string) => `${flag} must be ${expected} (got ${q(got)})`,
    flagMissing: (flag: string) => `${flag} needs a value`,
    unknownCommand: (word: string, suggestion: string | null) =>
      suggestion === null ? `unknown command ${q(word)} (\`heimdall --help\` lists the commands)` : `unknown command ${q(word)}: did you mean ${suggestion}?`,
    hint: 'Run `heimdall --help` for usage.',
    noWords: 'name at least one word to search for',
    noCommand: 'Name a command (heimdall --help lists them).',
    noAction: (actions: string) => `Name an action: ${actions}.`,
    noPaths: 'name at least one path, or use --files-from',
    filesFromUnreadable: (file: string) => `--files-from ${file}: cannot be read`,
    onlyExclusions: (excluded: string[]) => `the query only excludes (${excluded.map((w) => `-${w}`).join(' ')}): name at least one word to search for`,
    unexpectedAfterDashes: (command: string, word: string) => `${command} takes no arguments (got ${q(word)} after --)`,
  },
  initDocsOutside: (dir: string, root: string) => `--docs ${q(dir)} is outside the project root ${root}`,
  initDocsConflict: (file: string, current: string[]) =>
    `${file} already exists with target_path ${current.join(', ')}: edit it to change the docs folder (init never rewrites it)`,
  initHooksFailed: (root: string, detail: string) => `${root}/.heimdall is ready, but the git hooks were not installed: ${detail}`,
  initCreated: (root: string) => `Initialized heimdall in ${root}/.heimdall`,
  initHooksQuestion: 'Install the git hooks (post-checkout, post-merge, post-rewrite) that keep the store in sync? [Y/n] ',
  initHooksHint: 'Not installing git hooks without a terminal to ask: run `heimdall hooks install` (or `heimdall init --hooks`) to add them.',
  initHooksInstalled: (dir: string) => `Installed the git hooks in ${dir}`,
  initUnchanged: (root: string) => `heimdall is already initialized in ${root}/.heimdall: nothing changed`,
  storeCorrupt: (file: string) =>
    `${file} is not a valid heimdall store (corrupt or not SQLite). It was left untouched: move it aside and run \`heimdall sync\` to rebuild it from the docs.`,
  storeTooNew: (file: string, found: number, known: number) =>
    `${file} has schema version ${found}, newer than this heimdall understands (${known}). Upgrade heimdall; the store was left untouched.`,
  storeNeedsMigration: (file: string, found: number, known: number) =>
    `${file} has schema version ${found}; this heimdall uses ${known}. Run a writing command (\`heimdall sync\`) to migrate it.`,
  storeBusy: (file: string) => `${file} is busy (locked by another writer); try again`,
  storeIo: (file: string, detail: string) => `${file}: ${detail}`,
  storeUnwritable: (file: string, detail: string) => `cannot create or write the store ${file}: ${detail}`,
  storeFolderUnwritable: 'its folder is not writable by this user',
  // `where` is a folder on the full file system (the store's, resolved through symlinks, or the path that failed).
  diskFull: (where: string) => `the disk is full (no space left on the device holding ${where}): free some space there, then retry; nothing already stored was lost`,
  outOfDescriptors: (detail: string) => `out of file descriptors (${detail}): raise the limit (\`ulimit -n\`) or close files elsewhere, then retry`,
  // Per-file errors reported in `load` / `remove-file` results.
  file: {
    binary: 'binary content (a NUL byte), not markdown text',
    invalidUtf8: 'not valid UTF-8 text',
    tooLarge: (size: number, max: number) => `file is ${size} bytes, over load.max_file_bytes (${max})`,
    permissionDenied: 'permission denied',
    outsideRoot: (root: string) => `outside the project root ${root}`,
    notAFile: (kind: string) => `not a regular file (${kind})`,
    symlinkLoop: 'too many levels of symbolic links (a loop)',
    vanished: 'the file changed or vanished while it was being read',
    notDocs: 'not a docs file (outside the target paths, another extension, or ignored)',
    readError: (detail: string) => `cannot be read: ${detail}`,
    parserFailed: (detail: string) => `markdown parser failed: ${detail}`,
    storeBusy: 'the store is busy; a retry may succeed',
    noSpace: 'the disk is full (no space left on the device)',
    tooManyFiles: 'out of file descriptors: raise the limit (`ulimit -n`) or close files elsewhere, then retry',
  },
  // --- `heimdall config` for people (src/cli/format-config.ts): comment lines above the YAML ---
  configShown: (root: string, file: string | null) =>
    `heimdall's effective configuration for ${root}: ${file === null ? 'the defaults (no config file)' : `${file} over the defaults`}, then the environment`,
  configUnset: (keys: string[]) => `unset (their defaults apply): ${keys.join(', ')}`,
  // --- `heimdall search` and `heimdall sources` for people ---
  noHits: (query: string) => `No memories match "${query}".`,
  noSources: 'No sources indexed yet (try `heimdall sync`).',
  // --- `heimdall status` for people (src/cli/format-status.ts) ---
  status: {
    monitorNotRunning: 'not running (`heimdall monitor start` starts it)',
    notARepo: 'not a git repository',
    hooksInstallHint: 'run `heimdall hooks install`',
    hooksDetailHint: 'see `heimdall hooks status`',
  },
  // --- the executor (src/executor); `command` is the argv joined, without the appended --files-from suffix ---
  executor: {
    commandMissing: (command: string) => `cannot run ${q(command)}: the executable was not found or is not executable; check executor.load_command / executor.remove_command`,
    usageError: (command: string, detail: string) => `${q(command)} rejected its arguments or its configuration (exit 2)${detail ? `: ${detail}` : ''}`,
    rootMissing: (root: string) => `the project root ${q(root)} no longer exists (moved or deleted?)`,
    parentGone: (variable: string, pid: string) => `stopped: ${variable}=${pid} is not this process's parent (the caller is gone); no report, the store holds each file old or new`,
    timedOut: (killed: boolean) => `timed out${killed ? ' (ignored SIGTERM: SIGKILLed)' : ''}`,
    retry: (paths: number, attempt: number, attempts: number, delayMs: number) =>
      `${paths} path(s) failed temporarily (attempt ${attempt} of ${attempts}); retrying in ${delayMs} ms`,
    exhausted: (attempts: number, last: string) => `gave up after ${attempts} attempt(s): ${last}`,
    cannotSpawn: (errno: string, detail: string) => `cannot spawn (${errno}): ${detail}`,
    notAReport: (status: string) => `${status}, output is not the expected JSON report`,
    noResult: (status: string) => `${status}: the report has no result for this path`,
    noError: (status: string) => `${status}: failed without an error`,
    invalidPath: (path: string) => `invalid path ${q(path)}: empty or holding a NUL byte`,
    internal: (detail: string) => `internal error: ${detail}`,
  },
  monitorRunning: (pid: number, root: string) => `a heimdall monitor already runs for ${root} (pid ${pid})`,
  monitorAlreadyRunning: (pid: number, root: string) => `a heimdall monitor already runs for ${root} (pid ${pid}): nothing to start`,
  monitorNotRunning: (root: string) => `no heimdall monitor runs for ${root}`,
  notAGitRepo: (root: string) => `${root} is not inside a git repository: --since needs git (a full \`heimdall sync\` works without it)`,
  unknownRevision: (rev: string) => `unknown revision ${q(rev)}`,
  // --- the monitor: `heimdall watch` and `heimdall monitor ...` (src/watch) ---
  watch: {
    usage: (detail: string) => `heimdall watch: ${detail}`,
    usageHint: 'Run `heimdall watch --help` for usage.',
    unexpectedArgument: (word: string | undefined) => `unexpected argument ${JSON.stringify(word)}`,
    badBackend: (given: string) => `--backend must be auto, watchman or node (got ${JSON.stringify(given)})`,
    configFailed: (detail: string) => `cannot read the config through \`heimdall config --json\`: ${detail}`,
    fallback: (reason: string) => `warning: Watchman is not available (${reason}); watching with the Node fallback (no clocks: every start is a full reconcile)`,
    watchmanRequired: (reason: string) => `Watchman is not available: ${reason}`,
    heldInWatchman: (watchRoot: string) => `another heimdall monitor holds the Watchman state heimdall.monitor on ${watchRoot}`,
    startTimeout: (seconds: number, log: string) => `the monitor did not report watching within ${seconds} s; see ${log}`,
    startExited: (code: string, log: string) => `the monitor exited (${code}) before it was watching; see ${log}`,
    started: (pid: number, backend: string, root: string) => `monitor started for ${root} (pid ${pid}, ${backend} backend)`,
    stopped: (pid: number) => `monitor stopped (pid ${pid})`,
    stopKilled: (pid: number, seconds: number) => `the monitor (pid ${pid}) did not stop within ${seconds} s of SIGTERM: it was SIGKILLed`,
    stopFailed: (pid: number) => `the monitor (pid ${pid}) is still running`,
    notResponding: (pid: number) => `the monitor (pid ${pid}) holds the lock but does not answer on its control socket`,
    waitTimeout: (seconds: number, reason: string) => `not every change was applied within ${seconds} s (${reason})`,
    waitDone: 'every change made before the call is applied',
    poisoned: (detail: string) =>
      `Watchman refuses every command: it is poisoned (${detail}). That happens when the inotify watch limit runs out: raise fs.inotify.max_user_watches (\`sudo sysctl fs.inotify.max_user_watches=524288\`, and a file in /etc/sysctl.d/ to keep it), then run \`watchman watch-del-all\` and \`watchman shutdown-server\` (Watchman 4.9.0 stays poisoned until it restarts), then \`heimdall monitor restart\``,
    fallbackNow: (reason: string) => `warning: ${reason}; watching with the Node fallback from now on (no clocks: a full reconcile runs now)`,
    snapshotUnwritable: (file: string, problem: string) => `cannot write ${file} (${problem}): the monitor's children read config.yaml themselves`,
    heartbeatMissed: (ms: number, flushed: string) =>
      `the heartbeat canary was not seen within ${ms} ms of being written, and ${flushed}: the watcher is frozen or no longer delivers (a full catch-up follows once it delivers again)`,
    heartbeatSeenAgain: 'the heartbeat canary is seen again: the watcher delivers; catching up with a full sync',
    noAnswer: 'the monitor did not answer',
    starting: 'the monitor is starting',
    switchingBackend: 'the monitor is starting (switching to the Node backend)',
    unknownRequest: (op: unknown) => `unknown request ${JSON.stringify(op)}`,
    configRefused: (file: string, detail: string) => `${file} was not applied, the previous config keeps running: ${detail}`,
    flushTimeout: (ms: number) => `node backend: the flush cookie was not seen within ${ms} ms`,
  },
  // --- the checks of `monitor health` (src/watch/monitor-health.ts): the `detail` of each ---
  health: {
    absent: 'no monitor runs',
    starting: (pid: number) => `pid ${pid} is still starting`,
    unresponsive: (pid: number) => `pid ${pid} holds the lock but does not answer`,
    process: (pid: number, backend: string | null, mb: string) => `pid ${pid}, ${backend} backend, ${mb} MB resident`,
    memory: (mb: string) => `${mb} MB of a 50 MB budget`,
    degraded: (seconds: number, reason: string) => `degraded for ${seconds} s: ${reason}`,
    noneSeen: (everyS: number) => `none seen yet (every ${everyS} s)`,
    lastSeen: (seconds: number, ms: number, everyS: number) => `last seen ${seconds} s ago, ${ms} ms after it was written (every ${everyS} s)`,
    canarySeen: (ms: number) => `a change under .heimdall/run/ was seen in ${ms} ms`,
    canaryMissed: (ms: number) => `a change under .heimdall/run/ was not seen within ${ms} ms`,
    canaryUnwritable: (detail: string) => `the canary could not be written: ${detail}`,
  },
  // --- the Watchman client (src/watch/watchman-connection.ts, watchman-backend.ts) ---
  watchman: {
    failed: (detail: string) => `watchman: ${detail}`,
    closed: 'watchman: the connection was closed',
    closedByUs: 'closed by the monitor',
    noAnswer: (command: string, ms: number) => `watchman: no answer to ${command} within ${ms} ms`,
    notConnected: 'watchman: not connected',
    canceled: 'watchman canceled the subscription (the watch was removed)',
  },
  // --- git integration: sync, hooks, installer (src/git, src/sync) ---
  git: {
    missing: 'git was not found on PATH',
    failed: (args: string[], detail: string) => `git ${args.slice(0, 2).join(' ')} failed: ${detail}`,
  },
  sync: {
    targetMissing: (target: string) => `monitoring.target_path ${JSON.stringify(target)} does not exist: nothing to index there`,
    configChangedInRange: 'the project\'s config.yaml differs in that range, so the docs scope may have moved: running a full sync instead',
    waitingForLock: (pid: number) => `another heimdall sync (pid ${pid}) is running for this project: waiting for it`,
    lockTimeout: (seconds: number) => `another heimdall sync held the project for over ${seconds} s: running anyway (the store converges either way)`,
    cancelled: 'cancelled: the sync was stopped',
    unreadableDir: (code: string, kept: number) => `directory cannot be read (${code}): its ${kept} stored file(s) were kept`,
    watchmanStateFailed: (detail: string) => `could not assert the Watchman state heimdall.sync (${detail}); the monitor may re-check these files`,
    hookSkipped: (hook: string, reason: string) => `${hook}: nothing to do (${reason})`,
    hookStarted: (why: string, candidates: number) => `sync (${why}): ${candidates} candidate(s)`,
    hookFailed: (detail: string) => `failed: ${detail}`,
    monitorBusy: (reason: string | null) => `the monitor has not applied the latest changes yet (${reason ?? 'no answer'}); syncing anyway`,
    snapshotUnwritable: (file: string, detail: string) => `cannot write ${file} (${detail}): the sync's children read the config themselves`,
  },
  hooks: {
    conflict: (file: string, backup: string) =>
      `${file} exists and so does ${backup}, left by an earlier install; heimdall will not overwrite either. Move ${backup} back over ${file} (or delete it if it is obsolete), then run \`heimdall hooks install\` again.`,
    notAFile: (file: string) => `${file} exists but is not a regular file or symlink; move it aside, then run \`heimdall hooks install\` again.`,
    bare: 'this is a bare repository: there is no working tree to keep in sync',
    notARepo: (root: string) => `${root} is not inside a git repository: there are no git hooks to install`,
    skipped: (project: string, served: string[]) =>
      `\`heimdall hooks uninstall\` took ${project} out; the hooks serve ${served.length > 0 ? served.join(', ') : 'no project'} (\`heimdall hooks install\` puts it back)`,
    unseen: (project: string) => `${project}/.heimdall is inside a folder git ignores: the hooks, which look for projects where git does, do not sync it`,
    huskyWrapperMissing: (wrapper: string) => `husky's wrapper ${wrapper} is missing (run \`npx husky\` to regenerate .husky/_)`,
    notExecutable: (file: string) => `${file} is not executable: git skips it (\`heimdall hooks install\` fixes it)`,
    elsewhere: (byGit: boolean, hooksDir: string, dir: string) =>
      `${byGit ? 'git runs hooks from' : 'core.hooksPath makes git run hooks from'} ${hooksDir}, not ${dir} (run \`heimdall hooks install\`)`,
    foreign: (file: string) => `${file} is another program's hook`,
    served: (projects: string[]) => `serves this working tree's projects: ${projects.join(', ')}`,
    kept: (project: string, others: string[]) => `${project} is out; the hooks stay for ${others.join(', ')} (the last project's \`heimdall hooks uninstall\` removes them)`,
  },
  // --- `heimdall mcp` (src/mcp): tool errors an assistant reads, and the server's own lines on stderr ---
  mcp: {
    headingAndLines: 'give a heading or a line range, not both',
    headingNotSayable: (rel: string, heading: string) =>
      `cannot ask for the heading ${q(heading)} of ${rel} by name (a heading ending in :N, or a # in the path, reads as show's other syntax): ask for its lines (startLine, endLine)`,
    endWithoutStart: 'endLine needs startLine',
    notADocUri: (uri: string) => `${q(uri)} is not a heimdall doc URI (heimdall://doc/<path>)`,
    emptyField: (field: string) => `${field} is empty`,
    nulInField: (field: string) => `${field} holds a NUL byte: a memory is text`,
    memoryTooLarge: (bytes: number, max: number) => `the memory would be ${bytes} bytes, over load.max_file_bytes (${max}): it would never be indexed; split it`,
    memoriesDirNotDocs: (dir: string, targets: string[]) =>
      `mcp.memories_dir ${q(dir)} is not inside a docs folder (monitoring.target_path: ${targets.join(', ')}), or it is ignored: a memory written there would never be indexed, so nothing was written. Set mcp.memories_dir to a folder under a target path`,
    memoryNoSpace: (dir: string) => `cannot write the memory: the disk is full (no space left on the device holding ${dir}); nothing was written`,
    memoryWriteFailed: (dir: string, detail: string) => `cannot write the memory in ${dir}: ${detail}; nothing was written`,
    memoryNotIndexed: (seconds: number, detail: string) => `written, but not searchable within ${seconds} s (${detail}); the monitor or the next sync will index it`,
    monitorBehind: (reason: string) => `the monitor has not applied every change yet (${reason})`,
    syncStillRunning: (ms: number) => `a sync of the docs is still running after ${ms} ms (mcp.freshness_ms); the answer may miss the latest changes`,
    syncFailed: (detail: string) => `the sync of the docs failed: ${detail}`,
    syncPartly: (failed: number, detail: string) => `${failed} doc(s) could not be indexed: ${detail}`,
    monitorStartFailed: (detail: string) => `could not start the monitor (${detail}); syncing by itself meanwhile`,
    configReloadFailed: (detail: string) => `the edited config is not valid, the previous one stays in use: ${detail}`,
    noAuthNeedsLoopback: (host: string) => `--no-auth is only allowed on a loopback host (127.0.0.1, ::1, localhost), not ${q(host)}`,
    badHost: (host: string) => `--host ${q(host)} is not an address to listen on`,
    tokenUnusable: (file: string, detail: string) => `the token file ${file} cannot be used: ${detail}`,
    listening: (url: string, token: string | null) =>
      `heimdall mcp: listening on ${url}${token === null ? ' (no authentication: --no-auth)' : ` (send "Authorization: Bearer <token>"; the token is in ${token})`}`,
    listenFailed: (address: string, detail: string) => `cannot listen on ${address}: ${detail}`,
    unauthorized: 'a bearer token is required (Authorization: Bearer <token>, from .heimdall/run/mcp-token)',
    forbiddenHost: (host: string) => `Host ${q(host)} is not allowed (DNS rebinding protection)`,
    forbiddenOrigin: (origin: string) => `Origin ${q(origin)} is not allowed (DNS rebinding protection)`,
  },
};

// --- the PostgreSQL store (src/store/postgres, src/config/store-config.ts); `url` is always shown without its password ---
export const postgresMessages = {
  urlExpected: (shown: string) => `a postgresql:// URL (got ${shown})`,
  unreachable: (url: string, detail: string) => `cannot reach the PostgreSQL store ${url} (${detail}); a retry may succeed once the server is up`,
  connectionLost: (url: string, detail: string) => `the connection to the PostgreSQL store ${url} was lost (${detail}); a retry may succeed`,
  restarting: (url: string, detail: string) => `the PostgreSQL server of ${url} is shutting down or starting up (${detail}); a retry may succeed`,
  overloaded: (url: string, detail: string) => `the PostgreSQL server of ${url} is short of a resource (${detail}); a retry may succeed`,
  conflict: (url: string, detail: string) => `${url}: a concurrent write conflicted with this one (${detail}); a retry will succeed`,
  busy: (url: string, detail: string) => `${url} is busy: another writer holds the rows this one needs (${detail}); try again`,
  unusable: (url: string, detail: string) => `cannot use the PostgreSQL store ${url}: ${detail} (check store.url or HEIMDALL_STORE_URL)`,
  notOurs: (url: string, schema: string) =>
    `${url}: the schema "${schema}" holds tables that are not a heimdall store. It was left untouched: use another database, or drop that schema if it is not needed.`,
  failed: (url: string, detail: string) => `${url}: ${detail}`,
  /** Where a project's store is, for `no store yet` and `status`. */
  where: (url: string, project: string) => `${url} (project ${project})`,
};
