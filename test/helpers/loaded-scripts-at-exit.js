// Preloaded by tests with `node --import`: at exit, writes every script the process compiled (ES modules and
// CommonJS alike; Node's internals left out) to LOADED_SCRIPTS_FILE, one file path per line. The inspector replays
// a scriptParsed event per script when the debugger is enabled (as src/watch/loaded-scripts.ts does).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { fileURLToPath } from 'node:url';

process.on('exit', () => {
  const session = new Session();
  session.connect();
  const files = [];
  session.on('Debugger.scriptParsed', ({ params }) => {
    if (params.url.startsWith('file:')) files.push(fileURLToPath(params.url));
    else if (params.url.startsWith('/')) files.push(params.url);
  });
  session.post('Debugger.enable');
  session.post('Debugger.disable');
  session.disconnect();
  writeFileSync(process.env.LOADED_SCRIPTS_FILE, files.join('\n'));
});
