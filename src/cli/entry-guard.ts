// Imported statically by route.ts, which every process runs: out of file descriptors the module loader
// itself fails (it opens a command's modules in parallel), and then nothing more could be imported to say so.
import { resourceError } from '../errors/resource-error.js';

/**
 * Runs an entry's body as every heimdall process does: quiet on a closed pipe, and a resource failure (no file
 * descriptors, no memory for a module) said in one line with its exit code instead of a stack trace.
 */
export async function guardedEntry(body: () => Promise<number>): Promise<number> {
  quietOnClosedPipe();
  try {
    return await body();
  } catch (error) {
    const resource = resourceError(error);
    if (resource === null) throw error;
    process.stderr.write(`heimdall: ${resource.message}\n`);
    return resource.exitCode;
  }
}

/**
 * `heimdall sources | head -1`: once the reader is gone, what is left to print has nowhere
 * to go, which is no error (Node would die of the EPIPE with a stack trace). The command
 * finishes and exits with its own code, so `monitor health | head -1` still tells health.
 */
function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
}
