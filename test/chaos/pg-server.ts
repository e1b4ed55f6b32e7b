// The PostgreSQL server of a `--store postgres` run: a private cluster (test/helpers/pg-cluster.ts) started by the
// outermost process of the run, before it re-runs itself without CAP_DAC_OVERRIDE (privileges.ts). The cluster's
// data folder belongs to the `postgres` user, mode 700: only a process that reads past permissions (or that user)
// can read its postmaster.pid, start it again or remove it. So the process that started it keeps it, and the
// unprivileged run asks it over the IPC channel to take the server down and bring it up again (restartServer).
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { startCluster, postgresAvailable, type PgCluster } from '../helpers/pg-cluster.js';

/** How the server goes down: a fast shutdown (SIGINT: sessions ended with 57P01), or a crash (SIGKILL of all its processes). */
export type DownHow = 'fast' | 'kill';

/** The run's handle on the server: its database URL, and the restart fault's two halves. */
export interface ChaosServer {
  url: string;
  down(how: DownHow): Promise<void>;
  up(): Promise<void>;
}

type Op = { op: 'down'; how: DownHow } | { op: 'up' };
type Request = Op & { chaosPg: number };
type Reply = { chaosPg: number; error?: string };

const urlVariable = 'HEIMDALL_CHAOS_PG_URL';

/** Starts the cluster and a database for the run, its URL in the environment for the re-run process. */
export async function startChaosCluster(): Promise<{ cluster: PgCluster; url: string }> {
  // Under CI=true a missing PostgreSQL throws here: the run fails rather than skips.
  if (!postgresAvailable()) throw new Error('--store postgres needs PostgreSQL (initdb and postgres; HEIMDALL_TEST_PG_BIN names their folder)');
  const cluster = await startCluster();
  const { url } = await cluster.createDatabase();
  process.env[urlVariable] = url;
  return { cluster, url };
}

/** The cluster's side of the channel: runs the re-run process's requests, one at a time, and answers each. */
export function serveCluster(cluster: PgCluster) {
  return (child: ChildProcess) => {
    let queue = Promise.resolve();
    child.on('message', (message: Request) => {
      if (typeof message?.chaosPg !== 'number') return;
      queue = queue.then(async () => {
        const reply: Reply = { chaosPg: message.chaosPg };
        try {
          await run(cluster, message);
        } catch (error) {
          reply.error = (error as Error).stack ?? String(error);
        }
        if (child.connected) child.send(reply);
      });
    });
  };
}

const run = (cluster: PgCluster, request: Op) =>
  request.op === 'up' ? cluster.start() : request.how === 'fast' ? cluster.stop() : cluster.kill();

/** The server as this process reaches it: the cluster itself if it started it, else through the channel to the process that did. */
export function chaosServer(local: { cluster: PgCluster; url: string } | null): ChaosServer {
  if (local !== null) return { url: local.url, down: (how) => run(local.cluster, { op: 'down', how }), up: () => run(local.cluster, { op: 'up' }) };
  const url = process.env[urlVariable];
  if (url === undefined || process.send === undefined) throw new Error(`--store postgres: no ${urlVariable} or no channel to the process that started the cluster`);
  // The channel must not keep this process alive at its end.
  process.channel?.unref();
  let next = 0;
  const ask = (request: Op) =>
    new Promise<void>((resolve, reject) => {
      const id = ++next;
      const heard = (reply: Reply) => {
        if (reply?.chaosPg !== id) return;
        process.removeListener('message', heard);
        process.channel?.unref();
        if (reply.error === undefined) resolve();
        else reject(new Error(`the cluster's ${request.op} failed: ${reply.error}`));
      };
      process.channel?.ref();
      process.on('message', heard);
      process.send!({ ...request, chaosPg: id });
    });
  return { url, down: (how) => ask({ op: 'down', how }), up: () => ask({ op: 'up' }) };
}

/** The namespaces the database holds (heimdall's `projects` table), with their live sources. */
export async function namespacesIn(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; sources: number }>(
      'SELECT p.name, count(s.id) FILTER (WHERE s.removed_at_ms IS NULL)::int AS sources FROM heimdall.projects p LEFT JOIN heimdall.sources s ON s.project_id = p.id GROUP BY p.name ORDER BY p.name',
    );
    return Object.fromEntries(rows.map((row) => [row.name, row.sources]));
  } finally {
    await client.end();
  }
}
