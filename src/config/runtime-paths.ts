import path from 'node:path';

/** Where heimdall keeps its files inside a project. Docs are committed; the rest is ignored by `.heimdall/.gitignore`. */
export function runtimePaths(root: string) {
  const dir = path.join(root, '.heimdall');
  return {
    dir,
    configFile: path.join(dir, 'config.yaml'),
    gitignore: path.join(dir, '.gitignore'),
    store: path.join(dir, 'memory.db'),
    runDir: path.join(dir, 'run'),
    logsDir: path.join(dir, 'logs'),
  };
}

export type RuntimePaths = ReturnType<typeof runtimePaths>;
