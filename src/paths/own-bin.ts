import { fileURLToPath } from 'node:url';

/**
 * This package's own entry point, bin/heimdall.js (dist/paths/ -> bin/), whatever the cwd or
 * PATH: what the executor, the monitor and the installed hooks run heimdall through.
 */
export const ownBin = fileURLToPath(new URL('../../bin/heimdall.js', import.meta.url));
