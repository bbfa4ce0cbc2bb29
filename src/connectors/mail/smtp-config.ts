/**
 * SMTP configuration: from the environment (POTOK_SMTP_*) or from the admin's stored
 * configuration (a plain object). The stored configuration wins when it is present.
 * No configuration at all is a normal state (a laptop): mails stay in the outbox.
 */
import type { FieldProblem } from '../connector.ts';
import { redact } from '../redact.ts';
import { parseAddress, type MailAddress } from './mail-address.ts';

/** `tls`: TLS from the first byte (port 465); `starttls`: plain, then STARTTLS required (587); `none`: no TLS (a local relay). */
export type SmtpSecurity = 'tls' | 'starttls' | 'none';

export interface SmtpConfig {
  readonly host: string;
  readonly port: number;
  readonly security: SmtpSecurity;
  /** Login; both empty = no authentication (a relay that trusts the network). */
  readonly user: string | null;
  readonly password: string | null;
  /** The company address every mail is sent from, with its display name. */
  readonly from: MailAddress;
  /** false only for a server with a self-signed certificate you cannot replace (prefer `tlsCa`). */
  readonly tlsRejectUnauthorized: boolean;
  /** PEM of an extra CA (or the server's self-signed certificate) to trust. */
  readonly tlsCa: string | null;
  /** Connection, greeting and socket timeout. */
  readonly timeoutMs: number;
}

export const DEFAULT_SMTP_TIMEOUT_MS = 30_000;

export type SmtpConfigResult =
  | { readonly ok: true; readonly config: SmtpConfig }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

/** The admin's stored form (what the API accepts and stores): every field optional but `host` and `from`. */
export interface SmtpConfigInput {
  host?: unknown;
  port?: unknown;
  security?: unknown;
  /** Accepted for compatibility: true = 'tls', false = 'starttls'. */
  secure?: unknown;
  user?: unknown;
  password?: unknown;
  from?: unknown;
  tlsRejectUnauthorized?: unknown;
  tlsCa?: unknown;
  timeoutMs?: unknown;
}

const DEFAULT_PORTS: Record<SmtpSecurity, number> = { tls: 465, starttls: 587, none: 25 };

/** Validates a stored/entered configuration; every problem names its field. */
export function validateSmtpConfig(raw: SmtpConfigInput): SmtpConfigResult {
  const problems: FieldProblem[] = [];
  const host = typeof raw.host === 'string' ? raw.host.trim() : '';
  if (!host) problems.push({ field: 'host', message: 'SMTP host is required' });

  const port = raw.port === undefined || raw.port === null || raw.port === '' ? null : Number(raw.port);
  if (port !== null && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    problems.push({ field: 'port', message: `SMTP port must be a number 1..65535, got ${JSON.stringify(raw.port)}` });
  }

  const security = parseSecurity(raw.security ?? raw.secure, port);
  if (security === undefined) {
    problems.push({ field: 'security', message: `security must be one of tls, starttls, none; got ${JSON.stringify(raw.security ?? raw.secure)}` });
  }

  const user = optionalString(raw.user);
  const password = typeof raw.password === 'string' && raw.password !== '' ? raw.password : null;
  if (password !== null && user === null) problems.push({ field: 'user', message: 'a password is set but no user' });

  let from: MailAddress | null = null;
  if (typeof raw.from === 'string') from = parseAddress(raw.from);
  else if (raw.from && typeof raw.from === 'object') {
    const f = raw.from as { name?: unknown; address?: unknown };
    if (typeof f.address === 'string') from = parseAddress(f.address.trim(), typeof f.name === 'string' ? f.name : undefined);
  }
  if (from === null) problems.push({ field: 'from', message: 'from must be the company address, e.g. "ООО «Пиво» <info@example.ru>"' });

  const tlsRejectUnauthorized = raw.tlsRejectUnauthorized === undefined ? true : parseBool(raw.tlsRejectUnauthorized);
  if (tlsRejectUnauthorized === undefined) problems.push({ field: 'tlsRejectUnauthorized', message: 'must be true or false' });

  const timeoutMs = raw.timeoutMs === undefined || raw.timeoutMs === null || raw.timeoutMs === '' ? DEFAULT_SMTP_TIMEOUT_MS : Number(raw.timeoutMs);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100) problems.push({ field: 'timeoutMs', message: 'must be a whole number of milliseconds ≥ 100' });

  if (problems.length > 0 || security === undefined || from === null || tlsRejectUnauthorized === undefined) return { ok: false, problems };
  return {
    ok: true,
    config: {
      host,
      port: port ?? DEFAULT_PORTS[security],
      security,
      user,
      password,
      from,
      tlsRejectUnauthorized,
      tlsCa: optionalString(raw.tlsCa),
      timeoutMs,
    },
  };
}

/**
 * Reads POTOK_SMTP_HOST, _PORT, _SECURE (tls | starttls | none, or true/false), _USER,
 * _PASSWORD, _FROM, _TLS_REJECT_UNAUTHORIZED, _TIMEOUT_MS. Returns null when no host is set.
 */
export function smtpConfigFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): SmtpConfigResult | null {
  if (!env.POTOK_SMTP_HOST) return null;
  return validateSmtpConfig({
    host: env.POTOK_SMTP_HOST,
    port: env.POTOK_SMTP_PORT,
    security: env.POTOK_SMTP_SECURE,
    user: env.POTOK_SMTP_USER,
    password: env.POTOK_SMTP_PASSWORD,
    from: env.POTOK_SMTP_FROM,
    tlsRejectUnauthorized: env.POTOK_SMTP_TLS_REJECT_UNAUTHORIZED,
    timeoutMs: env.POTOK_SMTP_TIMEOUT_MS,
  });
}

/**
 * The configuration a job uses: the admin's stored one when present, else the
 * environment's, else null ("not configured": mails stay in the outbox).
 * An invalid configuration is returned as problems so that the caller can show them.
 */
export function resolveSmtpConfig(
  stored: SmtpConfigInput | null | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): SmtpConfigResult | null {
  if (stored && typeof stored === 'object' && stored.host) return validateSmtpConfig(stored);
  return smtpConfigFromEnv(env);
}

/** The configuration as the API may show it: the password replaced by a marker. */
export function redactSmtpConfig(config: SmtpConfig): SmtpConfig {
  return redact(config);
}

function parseSecurity(v: unknown, port: number | null): SmtpSecurity | undefined {
  if (v === undefined || v === null || v === '') return port === 465 ? 'tls' : 'starttls';
  if (v === true) return 'tls';
  if (v === false) return 'starttls';
  const s = String(v).trim().toLowerCase();
  if (s === 'tls' || s === 'ssl' || s === 'true' || s === '1' || s === 'yes') return 'tls';
  if (s === 'starttls' || s === 'false' || s === '0' || s === 'no') return 'starttls';
  if (s === 'none' || s === 'plain') return 'none';
  return undefined;
}

function parseBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  const s = String(v).trim().toLowerCase();
  if (s === 'true' || s === '1' || s === 'yes' || s === '') return true;
  if (s === 'false' || s === '0' || s === 'no') return false;
  return undefined;
}

function optionalString(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}
