/**
 * What every connector is: a declaration (its job type) plus `run(ctx)`. The context is
 * all a connector sees: its configuration, the job's input, an AbortSignal, a logger and
 * the job's idempotency key. `run` never throws for an expected failure: it returns a
 * result whose error carries a typed code and `retryable` as data, so the job worker
 * decides (retry with backoff, or fail and raise an incident) without parsing messages.
 */

/** The subset of pino's API connectors use (pino loggers satisfy it). */
export interface ConnectorLogger {
  debug(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
}

export interface ConnectorContext<Config, Input = unknown> {
  /** The connector's configuration; `null` when the admin has configured nothing. */
  readonly config: Config | null;
  /** The job's input (JSON from the job row); each connector validates its own. */
  readonly input: Input;
  /** Aborted when the job's lease is lost or the worker shuts down. */
  readonly signal: AbortSignal;
  readonly logger: ConnectorLogger;
  /** Stable across retries of the same job (e.g. `<instanceId>:<elementInstanceId>`). */
  readonly idempotencyKey: string;
}

/** Codes shared by all connectors; each connector documents which it returns. */
export type ConnectorErrorCode =
  // input and configuration (permanent)
  | 'bad_input'
  | 'bad_config'
  // network (retryable)
  | 'unreachable'
  | 'timeout'
  | 'aborted'
  // SMTP
  | 'smtp_transient' // 4xx reply: retry later
  | 'smtp_rejected' // 5xx reply: permanent
  | 'tls' // TLS handshake / certificate problem: the admin must fix the configuration
  // shared by SMTP and 1C
  | 'auth' // wrong login or password, or no rights
  // 1C OData
  | 'refused' // 1C refused the data (400 with 1C's message)
  | 'not_published' // the entity set is not published in 1C's OData settings (404)
  | 'server' // 5xx from 1C
  | 'protocol' // an answer we cannot understand
  // templates
  | 'template_incomplete'
  // a connector the admin has not configured (1C); e-mail reports it as a result instead
  | 'not_configured'
  | 'unexpected';

/** A failure as plain JSON data: storable in a job row's last_error and shown to people. */
export interface ConnectorFailure {
  readonly code: ConnectorErrorCode;
  readonly retryable: boolean;
  /** Human-readable, never containing a secret. */
  readonly message: string;
  /** The remote system's own words and codes (SMTP reply, 1C's odata.error), when there are any. */
  readonly remote?: {
    readonly status?: number; // HTTP status (1C)
    readonly replyCode?: number; // SMTP reply code
    readonly reply?: string; // SMTP reply text
    readonly code?: string; // 1C odata.error.code
    readonly message?: string; // 1C odata.error.message.value
    readonly command?: string; // SMTP command that failed
  };
}

/** Thrown inside connectors; `run` turns it into a `ConnectorResult` failure. */
export class ConnectorError extends Error implements ConnectorFailure {
  override name = 'ConnectorError';
  constructor(
    readonly code: ConnectorErrorCode,
    message: string,
    readonly retryable: boolean,
    readonly remote?: ConnectorFailure['remote'],
  ) {
    super(message);
  }

  toFailure(): ConnectorFailure {
    return this.remote === undefined
      ? { code: this.code, retryable: this.retryable, message: this.message }
      : { code: this.code, retryable: this.retryable, message: this.message, remote: this.remote };
  }
}

export type ConnectorResult<Output> =
  | { readonly ok: true; readonly output: Output }
  | { readonly ok: false; readonly error: ConnectorFailure };

export interface ConnectorDeclaration<Config, Input, Output> {
  /** The job type the BPMN model names in `zeebe:taskDefinition type`. */
  readonly type: string;
  readonly title: string;
  run(ctx: ConnectorContext<Config, Input>): Promise<ConnectorResult<Output>>;
}

/** Turns anything thrown into a failure: ConnectorErrors keep their code; the rest is 'unexpected'. */
export function toFailure(err: unknown): ConnectorFailure {
  if (err instanceof ConnectorError) return err.toFailure();
  const message = err instanceof Error ? err.message : String(err);
  // A bug or an unknown library error: retrying the same input is unlikely to help, and
  // the runtime's incident shows it to the admin.
  return { code: 'unexpected', retryable: false, message };
}

/** Runs `body` and wraps its outcome; the one place where exceptions become results. */
export async function runSafely<Output>(body: () => Promise<Output>): Promise<ConnectorResult<Output>> {
  try {
    return { ok: true, output: await body() };
  } catch (err) {
    return { ok: false, error: toFailure(err) };
  }
}

/** A logger that drops everything (tests, CLI). */
export const silentLogger: ConnectorLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** One problem with an input or a configuration, naming the field. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * The output, or the failure thrown as a ConnectorError — for job handlers: the runtime's
 * `toJobFailure` reads its `retryable`, `code` and `message`.
 */
export function unwrap<Output>(result: ConnectorResult<Output>): Output {
  if (result.ok) return result.output;
  throw new ConnectorError(result.error.code, result.error.message, result.error.retryable, result.error.remote);
}

/**
 * For job handlers: the configuration a `resolve…Config` call produced, `null` when none
 * is configured, or a permanent `bad_config` failure listing what is wrong with it.
 */
export function configOrFail<Config>(
  resolved: { readonly ok: true; readonly config: Config } | { readonly ok: false; readonly problems: readonly FieldProblem[] } | null,
  what: string,
): Config | null {
  if (resolved === null) return null;
  if (resolved.ok) return resolved.config;
  throw new ConnectorError('bad_config', `${what} settings are invalid: ${resolved.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, false);
}
