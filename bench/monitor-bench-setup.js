// What both monitor benchmarks start from: a private Watchman server (its socket exported to
// every heimdall they run), a temp project, and a `heimdall` that throws on a non-zero exit.
import { tempProject } from './lib.js';
import { runHeimdall } from '../dist/watch/run-heimdall.js';
import { startWatchmanServer, watchmanAvailable } from '../test/helpers/watchman-server.js';

export async function monitorBenchSetup(script, prefix) {
  if (!watchmanAvailable()) throw new Error(`${script} needs watchman`);
  const server = await startWatchmanServer();
  process.env.WATCHMAN_SOCK = server.sock;
  const project = tempProject(prefix);
  const heimdall = async (...args) => {
    const run = await runHeimdall([...args, '--project-root', project.root]).done;
    if (run.code !== 0) throw new Error(`heimdall ${args.join(' ')}: exit ${run.code}: ${run.stderr}`);
    return run.stdout;
  };
  return { server, project, heimdall };
}
