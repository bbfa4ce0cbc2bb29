/** Dates as people read them: in the company's zone (the offset the API sends). */
export function fmtDateTime(iso: string | null | undefined, lang: string): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  if (!m) return iso;
  // The API's wall-clock time is the company's time: show it as is, whatever the browser's zone.
  const [, y, mo, d, h, mi] = m;
  return lang === 'en' ? `${y}-${mo}-${d} ${h}:${mi}` : `${d}.${mo}.${y} ${h}:${mi}`;
}

export function fmtDate(iso: string | null | undefined, lang: string): string {
  return fmtDateTime(iso, lang).split(' ')[0];
}

export function fmtTime(iso: string | null | undefined): string {
  const m = iso ? /T(\d{2}):(\d{2})/.exec(iso) : null;
  return m ? `${m[1]}:${m[2]}` : '—';
}

/** "+7 916 111-22-33" → "tel:+79161112233". */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

/** The offset of an API time ("+03:00"), to send a time typed in a datetime-local input back in the company's zone. */
export function offsetOf(iso: string | null | undefined): string {
  const m = iso ? /([+-]\d{2}:\d{2}|Z)$/.exec(iso) : null;
  return m ? m[1] : '+03:00';
}

/** An instant (ms) as ISO wall time at a UTC offset ("+03:00"), for fmtDateTime: the company's time, not UTC. */
export function isoAtOffset(ms: number, offset: string): string {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  return `${new Date(ms + minutes * 60_000).toISOString().slice(0, 19)}${m ? offset : 'Z'}`;
}

export function toLocalInput(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 16) : '';
}
