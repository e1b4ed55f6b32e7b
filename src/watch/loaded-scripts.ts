import { fileURLToPath } from 'node:url';

/**
 * Test seam (HEIMDALL_DEBUG_MODULES=1, the control request `modules`): every script this process has compiled,
 * ES modules included, as file paths; Node's own internals left out. Read through an in-process inspector
 * session: enabling the debugger replays a `scriptParsed` event per script V8 knows, synchronously. Chosen over
 * require.cache (CommonJS only), process.moduleLoadList (Node's internals only) and a module.register() hook
 * (on Node 20 it runs the hooks on an extra loader thread, which would change the very memory the test
 * measures): this costs nothing until asked, and is asked once, after the measurements.
 */
export async function loadedScripts(): Promise<string[]> {
  const { Session } = await import('node:inspector');
  const session = new Session();
  session.connect();
  const urls = new Set<string>();
  session.on('Debugger.scriptParsed', ({ params }) => {
    if (params.url !== '' && !params.url.startsWith('node:')) urls.add(params.url);
  });
  try {
    session.post('Debugger.enable');
    session.post('Debugger.disable');
  } finally {
    session.disconnect();
  }
  return [...urls].map((url) => (url.startsWith('file:') ? fileURLToPath(url) : url)).sort();
}
