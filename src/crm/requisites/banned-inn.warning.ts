/**
 * The warning the rep and the lawyer see on a task when the deal's ИНН is on the banned
 * list (form variable `bannedInnWarning`, shown by the document and review forms; the
 * task card's `warnings`; the refusal of a document task submitted without confirming).
 */
export interface BannedInnEntry {
  readonly inn: string;
  /** The lawyer's comment given with the ban. */
  readonly reason?: string | null;
  /** The banned deal's number (№). Preferred to its title: the number tells nothing about another client. */
  readonly dealNumber?: number | null;
  /** The banned deal, as people know it (its title). */
  readonly dealTitle?: string | null;
  /** The day of the ban as people read it (e.g. 03.03.2026, in the company's zone). */
  readonly bannedOn?: string | null;
}

/** The text of `bannedInnWarning`, or null when the ИНН is not banned (the form then hides it). */
export function bannedInnWarning(entry: BannedInnEntry | null | undefined): string | null {
  if (!entry) return null;
  const on = entry.bannedOn ? ` ${entry.bannedOn}` : '';
  const deal = [entry.dealNumber ? `№${entry.dealNumber}` : '', entry.dealTitle ? `«${entry.dealTitle}»` : ''].filter(Boolean).join(' ');
  const from = deal ? ` (сделка ${deal})` : '';
  const reason = entry.reason?.trim() ? `: ${entry.reason.trim()}` : '';
  return `ИНН ${entry.inn} в списке запрета на работу — юрист запретил работу с этим клиентом${on}${from}${reason}`;
}
