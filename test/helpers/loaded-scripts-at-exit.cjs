// Preloaded by tests with `node --require` (CommonJS, so that it does not start Node's ES module loader itself): at
// exit, writes to LOADED_SCRIPTS_FILE a JSON object with `scripts`, every script the process compiled (ES modules
// and CommonJS alike, as file paths; Node's internals left out: the inspector replays a scriptParsed event per
// script when the debugger is enabled, as src/watch/loaded-scripts.ts does), `workers`, how many worker threads it
// started (through require('node:worker_threads').Worker, which this wraps), and `builtins`, the Node modules it
// loaded (internal ones included: `internal/modules/esm/module_job` is the ES module loader at work).
const { writeFileSync } = require('node:fs');
const { Session } = require('node:inspector');
const { fileURLToPath } = require('node:url');

const threads = require('node:worker_threads');
let workers = 0;
const { Worker } = threads;
threads.Worker = class extends Worker {
  constructor(...args) {
    super(...args);
    workers++;
  }
};

process.on('exit', () => {
  const builtins = process.moduleLoadList.filter((entry) => entry.startsWith('NativeModule ')).map((entry) => entry.slice('NativeModule '.length));
  const session = new Session();
  session.connect();
  const scripts = [];
  session.on('Debugger.scriptParsed', ({ params }) => {
    if (params.url.startsWith('file:')) scripts.push(fileURLToPath(params.url));
    else if (params.url.startsWith('/')) scripts.push(params.url);
  });
  session.post('Debugger.enable');
  session.post('Debugger.disable');
  session.disconnect();
  writeFileSync(process.env.LOADED_SCRIPTS_FILE, JSON.stringify({ scripts, workers, builtins }));
});
