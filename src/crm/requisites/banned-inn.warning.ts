/**
 * The warning the rep and the lawyer see on a task when the deal's ИНН is on the banned
 * list (form variable `bannedInnWarning`, shown by the document and review forms).
 */
export interface BannedInnEntry {
  readonly inn: string;
  /** The lawyer's comment given with the ban. */
  readonly reason?: string | null;
  /** The deal that was banned, as people know it (its title). */
  readonly dealTitle?: string | null;
}

/** The text of `bannedInnWarning`, or null when the ИНН is not banned (the form then hides it). */
export function bannedInnWarning(entry: BannedInnEntry | null | undefined): string | null {
  if (!entry) return null;
  const from = entry.dealTitle ? ` (сделка «${entry.dealTitle}»)` : '';
  const reason = entry.reason?.trim() ? `: ${entry.reason.trim()}` : '';
  return `ИНН ${entry.inn} в списке запрещённых — юрист запретил работу с этим клиентом${from}${reason}`;
}
