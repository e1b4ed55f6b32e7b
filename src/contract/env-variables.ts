// Environment variables the executor sets for its children and they read back.

/**
 * The pid of the process that started a delegated command (`load`, `remove-file`, the monitor's
 * catch-up `sync`): once that parent is gone, the command stops itself (executor/parent-watchdog.ts).
 */
export const parentPidVariable = 'HEIMDALL_PARENT_PID';

/** The project root, for a configured load/remove command that does not take --project-root. */
export const projectRootVariable = 'HEIMDALL_PROJECT_ROOT';

/**
 * Set by the executor for a `load` it starts ahead of its batch (executor/warm-load.ts): the child loads what the
 * call will need, then waits for its paths on stdin, and reads its config only once they are there.
 */
export const warmStartVariable = 'HEIMDALL_WARM_START';
