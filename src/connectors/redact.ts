/**
 * Secrets never leave the server: API responses and logs show configurations through
 * `redact`, which replaces every secret field by a marker telling only whether it is set.
 */
export const SECRET_FIELDS = ['password', 'pass', 'secret', 'token', 'apiKey'] as const;
export const REDACTED = '********';

/** A copy of `config` with secret fields replaced by `REDACTED` (or `null` when empty). Deep. */
export function redact<T>(config: T, secretFields: readonly string[] = SECRET_FIELDS): T {
  return redactValue(config, new Set(secretFields)) as T;
}

function redactValue(value: unknown, secrets: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets));
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (secrets.has(key)) out[key] = v === undefined || v === null || v === '' ? null : REDACTED;
    else out[key] = redactValue(v, secrets);
  }
  return out;
}

/** Removes any occurrence of the given secrets from a text (an error message from a library, say). */
export function scrubSecrets(text: string, secrets: readonly (string | undefined | null)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 3) out = out.split(s).join(REDACTED);
  return out;
}
