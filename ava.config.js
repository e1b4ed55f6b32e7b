export default {
  files: ['test/**/*.test.js', '!test/chaos/**'],
  // Child processes, not worker threads: tests spawn, signal and kill real processes.
  workerThreads: false,
  concurrency: 2,
  timeout: '3m',
  environmentVariables: { HEIMDALL_TEST: '1' },
};
