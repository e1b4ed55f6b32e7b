// The monitor's control socket: one JSON request line, one JSON reply line per connection
// (watch/control-socket.ts serves it, watch/control-request.ts asks). Types only: the
// monitor pays nothing for them.
import type { MonitorStatus, StartingStatus } from './monitor-status.js';

/** Every reply may instead be a failure: not JSON, the monitor still starting, an unknown request, a handler that threw. */
export interface ControlFailure {
  ok: false;
  error: string;
}

/** Per op: what the request carries besides `op`, and what the monitor answers. */
interface ControlExchanges {
  status: { request: object; reply: { ok: true; status: MonitorStatus | StartingStatus } };
  /** Every change made on disk before the request is applied (or not, within `timeoutMs`, and why). */
  wait: { request: { timeoutMs: number }; reply: WaitResult };
  /** Whether the canary file `canary.<token>` under .heimdall/run/ was seen within `timeoutMs`. */
  canary: { request: { token: string; timeoutMs: number }; reply: { ok: true; seen: boolean } };
  /** Only under HEIMDALL_DEBUG_MODULES=1 (tests): every script the monitor has compiled. */
  modules: { request: object; reply: { ok: true; modules: string[] } };
}

export type ControlOp = keyof ControlExchanges;

export type WaitResult = { ok: true } | { ok: false; reason: string };

/** A request, discriminated by `op` (the union of all of them by default). */
export type ControlRequest<Op extends ControlOp = ControlOp> = { [K in Op]: { op: K } & ControlExchanges[K]['request'] }[Op];

/** The reply to a request of `op`. */
export type ControlReply<Op extends ControlOp = ControlOp> = ControlExchanges[Op]['reply'] | ControlFailure;
