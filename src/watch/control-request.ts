import { runtimePaths } from '../config/runtime-paths.js';
import type { ControlOp, ControlReply, ControlRequest } from '../contract/control-protocol.js';
import { askSocket } from '../lock/ask-socket.js';
import { controlAddress } from './control-address.js';

/** Sends one request to the project's monitor; null when no monitor listens (or it did not answer in time). */
export async function controlRequest<Op extends ControlOp>(root: string, request: ControlRequest<Op>, timeoutMs: number): Promise<ControlReply<Op> | null> {
  // The one place a reply's shape is taken on trust: it is our own monitor's (control-socket.ts).
  return (await askSocket(controlAddress(root, runtimePaths(root).runDir), request, timeoutMs)) as ControlReply<Op> | null;
}
