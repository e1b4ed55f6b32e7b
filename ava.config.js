export default {
  files: ['test/**/*.test.ts', '!test/chaos/**'],
  // The tests are TypeScript, run through tsx (type-checked apart, by `tsc -p tsconfig.test.json` in `npm test`).
  extensions: { ts: 'module' },
  nodeArguments: ['--import=tsx'],
  // Child processes, not worker threads: tests spawn, signal and kill real processes.
  workerThreads: false,
  concurrency: 2,
  timeout: '3m',
  environmentVariables: { HEIMDALL_TEST: '1' },
};
