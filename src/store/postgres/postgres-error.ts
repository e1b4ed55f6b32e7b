import { HeimdallError, systemErrorCode } from '../../errors/heimdall-error.js';
import { postgresMessages } from '../../errors/messages.js';

// Node's socket errors: the server is not there (yet, or any more). ENOENT is a Unix socket that is gone (a
// server stopped cleanly removes it); a wrong socket folder looks the same, and retrying it is harmless.
const unreachableCodes = new Set(['ECONNREFUSED', 'ENOENT', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EAI_AGAIN']);
const droppedCodes = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
// A name that does not resolve, or TLS the server or its certificate refuses: only the URL (or the server's setup) can fix those.
const setupCodes = new Set(['ENOTFOUND', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_HAS_EXPIRED']);

// node-postgres's own errors carry no code: only their wording says what happened (pg 8.23, lib/client.js, pg-pool).
const droppedMessages = [/^Connection terminated unexpectedly$/, /not queryable$/, /^Query read timeout$/];
const timeoutMessages = [/^timeout expired$/, /^Connection terminated due to connection timeout$/];
const setupMessages = [/^The server does not support SSL connections$/, /^SASL: /, /password must be a string$/];

/**
 * A PostgreSQL or connection failure as the error family says it, naming the store by its URL without its password
 * (`location`). Temporary (a retry may succeed; exit 75): the server unreachable, the connection dropped, the
 * server shutting down, crashing or starting up, out of connections or memory, a serialization failure or a
 * deadlock (a concurrent writer won), a lock or statement timeout. A configuration error (exit 2): failed
 * authentication, a missing database or role, no privilege to create or use the schema, a host name that does not
 * resolve, TLS refused. Anything else is a permanent store error.
 */
export function postgresError(error: unknown, location: string): HeimdallError {
  if (error instanceof HeimdallError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  const sqlState = typeof error === 'object' && error !== null && 'severity' in error ? systemErrorCode(error) : undefined;
  const make = (code: 'store-io' | 'store-busy' | 'config', message: string, temporary: boolean) => new HeimdallError(code, message, { cause: error, temporary });
  if (sqlState !== undefined) {
    const kind = sqlStateKind(sqlState);
    if (kind === 'restarting') return make('store-io', postgresMessages.restarting(location, detail), true);
    if (kind === 'dropped') return make('store-io', postgresMessages.connectionLost(location, detail), true);
    if (kind === 'overloaded') return make('store-io', postgresMessages.overloaded(location, detail), true);
    if (kind === 'conflict') return make('store-busy', postgresMessages.conflict(location, detail), true);
    if (kind === 'busy') return make('store-busy', postgresMessages.busy(location, detail), true);
    if (kind === 'setup') return make('config', postgresMessages.unusable(location, detail), false);
    return make('store-io', postgresMessages.failed(location, `${detail} (SQLSTATE ${sqlState})`), false);
  }
  const code = systemErrorCode(error);
  if (code !== undefined && unreachableCodes.has(code)) return make('store-io', postgresMessages.unreachable(location, detail), true);
  if (code !== undefined && droppedCodes.has(code)) return make('store-io', postgresMessages.connectionLost(location, detail), true);
  if (code !== undefined && setupCodes.has(code)) return make('config', postgresMessages.unusable(location, detail), false);
  if (timeoutMessages.some((pattern) => pattern.test(detail))) return make('store-io', postgresMessages.unreachable(location, detail), true);
  if (droppedMessages.some((pattern) => pattern.test(detail))) return make('store-io', postgresMessages.connectionLost(location, detail), true);
  if (setupMessages.some((pattern) => pattern.test(detail))) return make('config', postgresMessages.unusable(location, detail), false);
  return make('store-io', postgresMessages.failed(location, detail), false);
}

type SqlStateKind = 'restarting' | 'dropped' | 'overloaded' | 'conflict' | 'busy' | 'setup' | 'other';

function sqlStateKind(state: string): SqlStateKind {
  // admin_shutdown, crash_shutdown, cannot_connect_now (starting up, in recovery), database_dropped.
  if (state === '57P01' || state === '57P02' || state === '57P03') return 'restarting';
  // connection_exception, and idle_session_timeout / idle_in_transaction_session_timeout (the server closed it).
  if (state.startsWith('08') || state === '57P05' || state === '25P03') return 'dropped';
  // insufficient_resources (too many connections, out of memory, the server's disk full), system_error (an I/O error there).
  if (state.startsWith('53') || state.startsWith('58')) return 'overloaded';
  // serialization_failure, deadlock_detected.
  if (state === '40001' || state === '40P01') return 'conflict';
  // lock_not_available (lock_timeout), query_canceled (statement_timeout).
  if (state === '55P03' || state === '57014') return 'busy';
  // invalid_authorization_specification (no such role, pg_hba refused), invalid_password, invalid_catalog_name
  // (no such database), insufficient_privilege (no CREATE on the database or the schema), read_only_sql_transaction (a
  // writer pointed at a read replica: retrying cannot help, the URL must change).
  if (state.startsWith('28') || state === '3D000' || state === '42501' || state === '25006') return 'setup';
  return 'other';
}
