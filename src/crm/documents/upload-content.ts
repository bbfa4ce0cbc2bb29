/**
 * What an uploaded file really is. The client's name and declared type are only claims:
 * the type is detected from the first bytes (`file-type`), must be one the upload policy
 * allows, and must agree with the name's extension and the declared type. The stored
 * content type is the one decided here, never the client's.
 *
 * Plain text and CSV have no magic bytes. They are accepted (when the policy allows them)
 * only if nothing binary was detected, the sample holds no NUL or other control
 * characters than tab, CR, LF, FF (any 8-bit encoding passes: 1C and Excel still write
 * CSV in Windows-1251), and it does not start with `<`, so HTML, SVG or XML named `.txt`
 * is refused.
 */
import { fileTypeFromBuffer } from 'file-type';

/** One type we know how to recognise: its extensions, and which detected types count as it. */
interface KnownType {
  readonly type: string;
  readonly exts: readonly string[];
  /** `file-type` results (or TEXT) that are this type. */
  readonly detected: readonly string[];
  /** What browsers also declare for it (Windows declares CSV as Excel, zip as x-zip-compressed). */
  readonly aliases?: readonly string[];
}

/** The detected "type" of content with no magic bytes that passes the text rule. */
const TEXT = 'text';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Old Office files are OLE2 compound files: file-type sees a container, not Word or Excel. */
const CFB = 'application/x-cfb';
const HEIF = ['image/heic', 'image/heif', 'image/heic-sequence', 'image/heif-sequence'];

const KNOWN: readonly KnownType[] = [
  { type: 'application/pdf', exts: ['pdf'], detected: ['application/pdf'] },
  { type: 'image/jpeg', exts: ['jpg', 'jpeg', 'jpe', 'jfif'], detected: ['image/jpeg'], aliases: ['image/jpg', 'image/pjpeg'] },
  { type: 'image/png', exts: ['png'], detected: ['image/png'] },
  { type: 'image/heic', exts: ['heic', 'heif'], detected: HEIF, aliases: HEIF },
  { type: 'image/webp', exts: ['webp'], detected: ['image/webp'] },
  { type: 'application/msword', exts: ['doc'], detected: [CFB] },
  { type: 'application/vnd.ms-excel', exts: ['xls'], detected: [CFB] },
  // A .docx or .xlsx is a zip: when its parts lie past the sample, only "zip" is seen.
  { type: DOCX, exts: ['docx'], detected: [DOCX, 'application/zip'] },
  { type: XLSX, exts: ['xlsx'], detected: [XLSX, 'application/zip'] },
  { type: 'application/zip', exts: ['zip'], detected: ['application/zip', DOCX, XLSX], aliases: ['application/x-zip-compressed', 'application/x-zip'] },
  { type: 'text/plain', exts: ['txt'], detected: [TEXT] },
  { type: 'text/csv', exts: ['csv'], detected: [TEXT], aliases: ['application/vnd.ms-excel', 'text/comma-separated-values', 'application/csv', 'text/x-csv'] },
];

/** Declared types that say nothing (what a browser sends when it does not know). */
const UNINFORMATIVE = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/unknown']);

/** How many first bytes are read to decide (the rest is streamed to the store unread). */
export const SAMPLE_BYTES = 64 * 1024;

export type ContentVerdict =
  | { readonly ok: true; readonly contentType: string }
  | { readonly ok: false; readonly reason: 'empty' }
  | { readonly ok: false; readonly reason: 'not_allowed'; readonly detected: string }
  | { readonly ok: false; readonly reason: 'name_mismatch'; readonly detected: string; readonly ext: string }
  | { readonly ok: false; readonly reason: 'declared_mismatch'; readonly detected: string; readonly declared: string };

const baseType = (t: string): string => t.split(';')[0]!.trim().toLowerCase();

/** Whether a type is in the policy's list (`image/*` style wildcards allowed). */
export function typeAllowed(type: string, allowed: readonly string[]): boolean {
  const t = baseType(type);
  return allowed.some((a) => {
    const w = a.toLowerCase();
    return w === t || (w.endsWith('/*') && t.startsWith(w.slice(0, -1)));
  });
}

function looksLikeText(sample: Uint8Array): boolean {
  let i = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf ? 3 : 0; // UTF-8 BOM
  for (let j = i; j < sample.length; j++) {
    const b = sample[j]!;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) || b === 0x7f) return false;
  }
  while (i < sample.length && (sample[i] === 0x20 || sample[i] === 0x09 || sample[i] === 0x0a || sample[i] === 0x0d || sample[i] === 0x0c)) i++;
  return sample[i] !== 0x3c; // '<': markup (HTML, SVG, XML) is never "plain text" here
}

const extOf = (fileName: string): string => {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
};

/**
 * Decides what the first bytes of an upload are, against the policy's allowed types,
 * the file name and the declared content type.
 */
export async function checkUploadContent(sample: Uint8Array, fileName: string, declaredType: string, allowed: readonly string[]): Promise<ContentVerdict> {
  if (sample.length === 0) return { ok: false, reason: 'empty' };
  const found = await fileTypeFromBuffer(sample);
  const detected = found?.mime ?? (looksLikeText(sample) ? TEXT : 'application/octet-stream');
  const label = detected === TEXT ? 'text/plain' : detected;
  // A detected type we have no entry for still passes when the policy names it (e.g. an admin's `image/*`).
  const candidates: KnownType[] = KNOWN.filter((k) => k.detected.includes(detected));
  if (found && !candidates.some((k) => k.type === found.mime)) candidates.push({ type: found.mime, exts: [found.ext], detected: [found.mime] });
  const allowedOnes = candidates.filter((k) => typeAllowed(k.type, allowed));
  if (!allowedOnes.length) return { ok: false, reason: 'not_allowed', detected: label };
  const ext = extOf(fileName);
  const byName = ext ? allowedOnes.filter((k) => k.exts.includes(ext)) : allowedOnes;
  if (!byName.length) return { ok: false, reason: 'name_mismatch', detected: label, ext };
  const declared = baseType(declaredType);
  if (UNINFORMATIVE.has(declared)) return { ok: true, contentType: byName[0]!.type };
  const byDeclared = byName.filter((k) => k.type === declared || k.aliases?.includes(declared));
  if (!byDeclared.length) return { ok: false, reason: 'declared_mismatch', detected: label, declared };
  return { ok: true, contentType: byDeclared[0]!.type };
}

/**
 * The file picker's `accept` for a policy: each allowed type with its extensions (some
 * phones' pickers filter by extension, and `.heic` or `.csv` have several MIME names).
 */
export function acceptOf(allowed: readonly string[]): string {
  const out = new Set<string>();
  for (const a of allowed) {
    const t = a.toLowerCase();
    out.add(t);
    for (const k of KNOWN) if (k.type === t) for (const e of k.exts) out.add(`.${e}`);
  }
  return [...out].join(',');
}

/** The allowed types as a person reads them: «PDF, JPG, PNG, HEIC, WEBP, DOC, DOCX, …» (the first extension of each). */
export function allowedExtensions(allowed: readonly string[]): string {
  const out: string[] = [];
  for (const a of allowed) {
    const t = a.toLowerCase();
    const known = KNOWN.find((k) => k.type === t);
    const label = known ? known.exts[0]! : t.endsWith('/*') ? t : (t.split('/').pop() ?? t);
    if (!out.includes(label.toUpperCase())) out.push(label.toUpperCase());
  }
  return out.join(', ');
}
