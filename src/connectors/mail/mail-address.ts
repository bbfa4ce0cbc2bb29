/** An e-mail address with an optional display name (Cyrillic allowed: nodemailer encodes it). */
export interface MailAddress {
  readonly name?: string;
  readonly address: string;
}

// Deliberately simple: one @, no spaces, a dot in the domain. The SMTP server has the last word.
const ADDRESS = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

export function isEmailAddress(s: string): boolean {
  return ADDRESS.test(s);
}

/** Parses `Name <addr>`, `"Name" <addr>` or `addr`; null when it is not an address. */
export function parseAddress(text: string, name?: string): MailAddress | null {
  const s = text.trim();
  const m = /^(.*?)\s*<([^<>]+)>$/.exec(s);
  const address = (m ? m[2] : s).trim();
  if (!isEmailAddress(address)) return null;
  const display = (name ?? (m ? m[1] : '')).trim().replace(/^"(.*)"$/, '$1').trim();
  return display ? { name: display, address } : { address };
}

/** Accepts a string or `{ name?, address }`; null when invalid. */
export function toMailAddress(v: unknown): MailAddress | null {
  if (typeof v === 'string') return parseAddress(v);
  if (v && typeof v === 'object' && typeof (v as MailAddress).address === 'string') {
    const { name, address } = v as { name?: unknown; address: string };
    return parseAddress(address, typeof name === 'string' ? name : undefined);
  }
  return null;
}
