/**
 * The runtime's typed errors. Services and the HTTP edge decide on codes, never on
 * message text; `retryable` says whether the same call may succeed later unchanged
 * (a conflict, a database that is coming back), as data.
 */
import { EngineError, type ModelProblem } from '../engine/api.ts';

export type RuntimeErrorCode =
  | 'NOT_FOUND' // no such instance, task, incident, definition
  | 'CONFLICT' // another command changed the instance first, or a lock wait timed out
  | 'INVALID_STATE' // the thing exists but cannot take this command (task completed, instance ended)
  | 'INVALID_INPUT' // the caller's data is wrong (variables, arguments)
  | 'MODEL_INVALID' // a model was refused at deployment; `problems` lists every reason
  | 'DATABASE_UNAVAILABLE'; // the database cannot be reached or cannot write (disk full)

export class RuntimeError extends Error {
  override name = 'RuntimeError';
  readonly code: RuntimeErrorCode;
  readonly retryable: boolean;
  readonly problems: readonly ModelProblem[];
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: RuntimeErrorCode, message: string, options: { retryable?: boolean; problems?: readonly ModelProblem[]; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? (code === 'CONFLICT' || code === 'DATABASE_UNAVAILABLE');
    this.problems = options.problems ?? [];
    this.details = options.details ?? {};
  }
}

export function isRuntimeError(err: unknown, code?: RuntimeErrorCode): err is RuntimeError {
  return err instanceof RuntimeError && (code === undefined || err.code === code);
}

export const notFound = (message: string, details?: Record<string, unknown>) => new RuntimeError('NOT_FOUND', message, { details });
export const conflict = (message: string, details?: Record<string, unknown>) => new RuntimeError('CONFLICT', message, { details });
export const invalidState = (message: string, details?: Record<string, unknown>) => new RuntimeError('INVALID_STATE', message, { details });
export const invalidInput = (message: string, details?: Record<string, unknown>) => new RuntimeError('INVALID_INPUT', message, { details });

// Keyed by string: engine codes added later fall back to INVALID_STATE.
const engineCodes: Readonly<Record<string, RuntimeErrorCode>> = {
  INSTANCE_NOT_ACTIVE: 'INVALID_STATE',
  ELEMENT_INSTANCE_NOT_FOUND: 'NOT_FOUND',
  WRONG_ELEMENT_TYPE: 'INVALID_STATE',
  TIMER_NOT_FOUND: 'NOT_FOUND',
  WAIT_NOT_FOUND: 'NOT_FOUND',
  INCIDENT_NOT_FOUND: 'NOT_FOUND',
  START_EVENT_NOT_FOUND: 'NOT_FOUND',
  INVALID_VARIABLES: 'INVALID_INPUT',
  INCIDENT_OPEN: 'INVALID_STATE',
};

/** PostgreSQL SQLSTATEs and node errors that mean "the database is not there right now". */
const PG_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300', '3D000', '28P01', '28000']);
const NODE_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN']);

/**
 * Turns whatever a command ran into (engine error, driver error) into a RuntimeError;
 * RuntimeErrors pass through. Unknown errors are returned unchanged (they are bugs).
 */
export function toRuntimeError(err: unknown): unknown {
  if (err instanceof RuntimeError) return err;
  if (err instanceof EngineError) return new RuntimeError(engineCodes[err.code] ?? 'INVALID_STATE', err.message, { details: { engineCode: err.code }, cause: err });
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : String(err);
  // Lock waits, deadlocks and serialization failures: another command got there first.
  if (code === '55P03' || code === '40P01' || code === '40001' || code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === 'SQLITE_BUSY_SNAPSHOT') {
    return new RuntimeError('CONFLICT', 'the instance is being changed by another command; try again', { cause: err, details: { databaseCode: code } });
  }
  if (code === 'SQLITE_FULL') {
    return new RuntimeError('DATABASE_UNAVAILABLE', 'the disk holding the SQLite database is full: nothing was written; free disk space and try again', { cause: err, details: { databaseCode: code } });
  }
  if (code === 'SQLITE_IOERR' || code.startsWith('SQLITE_IOERR_') || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY') {
    return new RuntimeError('DATABASE_UNAVAILABLE', `the SQLite database cannot be written (${code}): nothing was written`, { cause: err, details: { databaseCode: code } });
  }
  // 55000 is "object not in prerequisite state" in general; at connect it is a database closed to connections.
  const closedDatabase = code === '55000' && /does not allow connections|not currently accepting connections/i.test(message);
  if (closedDatabase || PG_UNAVAILABLE.has(code) || NODE_UNAVAILABLE.has(code) || /Connection terminated|terminating connection|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(message)) {
    return new RuntimeError('DATABASE_UNAVAILABLE', `the database is unavailable (${code || message}); the command was not applied, try again`, { cause: err, details: { databaseCode: code } });
  }
  return err;
}
