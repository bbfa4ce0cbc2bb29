/**
 * Classifies what nodemailer throws into typed connector errors. RFC 5321: a 4yz reply
 * is transient (retry), a 5yz reply is permanent — except 503 (bad sequence), which says
 * the session was in a wrong state, not that the message was refused.
 */
import { ConnectorError } from '../connector.ts';
import { scrubSecrets } from '../redact.ts';

interface NodemailerError {
  code?: string;
  /** The underlying socket/TLS error code, e.g. CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT. */
  originalCode?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message?: string;
}

const NETWORK_CODES = new Set(['ECONNECTION', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'EPROXY']);

export function classifySmtpError(err: unknown, secrets: readonly (string | null)[] = []): ConnectorError {
  if (err instanceof ConnectorError) return err;
  const e = (err ?? {}) as NodemailerError;
  const clean = (s: string) => scrubSecrets(s, secrets);
  const reply = e.response ? clean(e.response) : undefined;
  const remote = e.responseCode !== undefined || reply !== undefined
    ? { replyCode: e.responseCode, reply, command: e.command }
    : undefined;
  const message = clean(e.message ?? String(err));

  if (e.code === 'EABORT' || (err instanceof Error && err.name === 'AbortError')) {
    // The server may already have accepted the message; the same Message-ID on the retry lets it drop a duplicate.
    return new ConnectorError('aborted', 'sending was aborted', true);
  }
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH') {
    // 454 (temporary authentication failure) is worth a retry; 535 (bad credentials) is not.
    const transient = e.responseCode !== undefined && e.responseCode >= 400 && e.responseCode < 500;
    return new ConnectorError('auth', `SMTP authentication failed: ${reply ?? message}`, transient, remote);
  }
  if (e.responseCode !== undefined) {
    const code = e.responseCode;
    const text = `SMTP server replied ${reply ?? code}${e.command ? ` to ${e.command}` : ''}`;
    if (code >= 400 && code < 500) return new ConnectorError('smtp_transient', text, true, remote);
    if (code === 503) return new ConnectorError('smtp_transient', text, true, remote);
    if (code >= 500 && code < 600) return new ConnectorError('smtp_rejected', text, false, remote);
  }
  if (e.code === 'ETIMEDOUT') return new ConnectorError('timeout', `SMTP server did not answer in time: ${message}`, true);
  if (e.code === 'ETLS' || isCertificateProblem(e.originalCode, message)) {
    // A certificate or TLS mismatch does not heal by itself: the admin must fix the configuration.
    return new ConnectorError('tls', `TLS with the SMTP server failed: ${message}`, false);
  }
  if (e.code !== undefined && NETWORK_CODES.has(e.code)) {
    return new ConnectorError('unreachable', `SMTP server unreachable: ${message}`, true);
  }
  if (e.code === 'EENVELOPE') return new ConnectorError('bad_input', `invalid envelope: ${message}`, false, remote);
  if (e.code === 'EPROTOCOL') return new ConnectorError('unreachable', `SMTP protocol error: ${message}`, true, remote);
  return new ConnectorError('unexpected', `sending failed: ${message}`, false, remote);
}

const CERT_CODES = /^(CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(GET|VERIFY)_|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH)/;

function isCertificateProblem(originalCode: string | undefined, message: string): boolean {
  if (originalCode && CERT_CODES.test(originalCode)) return true;
  return /certificate|self[- ]signed|wrong version number|SSL routines/i.test(message);
}
