/**
 * What a failed database call means for the caller: the server is gone for now (wait and try
 * again), two transactions collided (try again at once), or anything else (a bug or bad input:
 * throw). SQLSTATE codes and socket error codes first; node-postgres reports a dropped or timed-out
 * connection only in prose, so those few messages are matched as a last resort. Pure.
 */
export type DatabaseFailure = 'unreachable' | 'conflict' | 'other';

/** connection_exception (class 08), admin/crash shutdown, cannot_connect_now, too_many_connections. */
const UNREACHABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** serialization_failure, deadlock_detected. */
const CONFLICT_SQLSTATES = new Set(['40001', '40P01']);
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EAI_AGAIN',
]);
const PG_CLIENT_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error',
  'timeout exceeded when trying to connect',
  'Client was closed and is not queryable',
];

const codeOf = (error: unknown): string =>
  error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';

export function classifyDatabaseError(error: unknown): DatabaseFailure {
  const code = codeOf(error);
  if (code.startsWith('08') || UNREACHABLE_SQLSTATES.has(code) || SOCKET_CODES.has(code))
    return 'unreachable';
  if (CONFLICT_SQLSTATES.has(code)) return 'conflict';
  // A pool that fails to connect wraps the socket error in an AggregateError (IPv4 and IPv6 tries).
  if (
    error instanceof AggregateError &&
    error.errors.some((inner) => classifyDatabaseError(inner) === 'unreachable')
  )
    return 'unreachable';
  const message = error instanceof Error ? error.message : '';
  if (code === '' && PG_CLIENT_MESSAGES.some((text) => message.startsWith(text))) return 'unreachable';
  return 'other';
}

/** A short reason for a message: the code, or the first line of the message. */
export function describeDatabaseError(error: unknown): string {
  const code = codeOf(error);
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  const text =
    message === '' && error instanceof AggregateError ? describeDatabaseError(error.errors[0]) : message;
  return (code === '' ? text : `${code}: ${text}`).slice(0, 200);
}
