/**
 * Hiding a secret (a connection's password) in a message meant for the admin's screen.
 * Only real occurrences: the password of a URL's userinfo (`scheme://user:secret@host`),
 * and the secret itself wherever it stands when it is long enough to be a password
 * rather than a letter of every word — a one-letter password must not turn
 * «http://127.0.0.1/api» into «htt***://127.0.0.1/a***i».
 */
export const MASK = '***';
/** Shorter secrets are only masked inside a URL's userinfo. */
export const MIN_MASKED_SECRET = 4;

/** `text` with the secrets masked (URL userinfo passwords always; the secret elsewhere when ≥ MIN_MASKED_SECRET characters). */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  const present = secrets.filter((s) => typeof s === 'string' && s.length > 0);
  if (present.length === 0) return text;
  // scheme://user:password@ — the userinfo password, whatever it is (it may be URL-encoded).
  let out = text.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s/?#@:"]*:)([^\s/?#@"]*)@/gi, (whole, head: string, pass: string) => {
    let decoded = pass;
    try {
      decoded = decodeURIComponent(pass);
    } catch {
      /* as written */
    }
    return present.includes(pass) || present.includes(decoded) ? `${head}${MASK}@` : whole;
  });
  for (const secret of [...present].sort((a, b) => b.length - a.length)) {
    if (secret.length < MIN_MASKED_SECRET) continue;
    out = out.split(secret).join(MASK);
  }
  return out;
}
