import { socketAddress } from '../lock/socket-address.js';

/**
 * Where the running monitor answers control requests (contract/control-protocol.ts). On Linux the
 * socket is abstract (no file to go stale: the kernel drops it with the process); elsewhere it
 * lives in .heimdall/run/.
 */
export function controlAddress(root: string, runDir: string): string {
  return socketAddress(root, 'monitor-control', runDir);
}
