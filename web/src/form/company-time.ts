/**
 * Date-time fields of task forms in the company's time, whatever the phone's zone.
 *
 * form-js shows a date-time value in the browser's zone and writes it back with the
 * browser's offset. A rep in Yekaterinburg would see a Moscow meeting at 13:00 in the form
 * while the task's header (company time, as every date of the API) says 11:00. So the
 * form gets the company's wall time dressed in the browser's offset, and what it writes
 * back gets the company's offset again: the wall time the person sees and types is always
 * the company's.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Keys of the form's date-time fields (subtype datetime), as dotted value paths. */
export function dateTimeKeys(schema: any): string[] {
  const out: string[] = [];
  const walk = (components: any[], prefix: string) => {
    for (const c of components ?? []) {
      if (c.type === 'datetime' && c.subtype === 'datetime' && c.key) out.push(prefix + c.key);
      if (c.components) walk(c.components, c.path ? `${prefix}${c.path}.` : prefix);
    }
  };
  walk(schema?.components ?? [], '');
  return out;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The browser's offset ("+05:00") at this local wall time. */
function browserOffsetAt(y: number, mo: number, d: number, h: number, mi: number): string {
  const minutes = -new Date(y, mo - 1, d, h, mi).getTimezoneOffset();
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** "2026-12-07T11:00:00+03:00" → "2026-12-07T11:00:00+05:00" in a +05:00 browser: the same wall time. */
export function companyToBrowser(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const m = ISO.exec(value);
  if (!m) return value;
  const [, y, mo, d, h, mi, s] = m;
  return `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${browserOffsetAt(+y!, +mo!, +d!, +h!, +mi!)}`;
}

/** What form-js wrote ("…T11:00+05:00" or "…T11:00Z") → the same wall time in the company's offset. */
export function browserToCompany(value: unknown, companyOffset: string): unknown {
  if (typeof value !== 'string') return value;
  const m = ISO.exec(value);
  if (!m) return value;
  const [, y, mo, d, h, mi, s] = m;
  return `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${companyOffset}`;
}

function mapPaths(data: Record<string, unknown>, paths: readonly string[], f: (v: unknown) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { ...data };
  for (const path of paths) {
    const parts = path.split('.');
    let node: any = out;
    for (let i = 0; i < parts.length - 1 && node; i++) {
      node[parts[i]!] = node[parts[i]!] && typeof node[parts[i]!] === 'object' ? { ...node[parts[i]!] } : node[parts[i]!];
      node = node[parts[i]!];
    }
    const last = parts[parts.length - 1]!;
    if (node && typeof node === 'object' && last in node) node[last] = f(node[last]);
  }
  return out;
}

export function valuesForForm(schema: any, values: Record<string, unknown>): Record<string, unknown> {
  return mapPaths(values, dateTimeKeys(schema), companyToBrowser);
}

export function valuesFromForm(schema: any, data: Record<string, unknown>, companyOffset: string): Record<string, unknown> {
  return mapPaths(data, dateTimeKeys(schema), (v) => browserToCompany(v, companyOffset));
}
