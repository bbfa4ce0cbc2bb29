/**
 * Which document keys a deal's upload may name. A file uploaded for a key goes onto the
 * deal card under that document, so a key must be one the rep can be asked for: a key of
 * the document sets in effect now (the next document task will ask for it), or of the
 * sets in effect when the deal's open document task was created (a task keeps the sets
 * it was created with, so a key an admin has since removed is still accepted for it).
 * Keys of both client types count: the type is chosen in the process and can change when
 * the lawyer sends the documents back.
 */
import type { Kysely } from 'kysely';
import { GENERATED_FORM_IDS } from '../../forms/form.repository.ts';
import { DocumentSetsStore } from '../document-sets/document-sets.store.ts';
import { allDocumentKeys } from '../document-sets/document-sets.validator.ts';
import { SettingsRepository } from '../settings/settings.repository.ts';

/** The document keys a deal may upload for. */
export type DocumentKeysPort = (dealId: string) => Promise<ReadonlySet<string>>;

export function documentKeysOfDeals(db: Kysely<any>, store = new DocumentSetsStore(new SettingsRepository(db))): DocumentKeysPort {
  return async (dealId) => {
    const openTasks = await db
      .selectFrom('user_tasks')
      .innerJoin('deals', 'deals.instance_id', 'user_tasks.instance_id')
      .select('user_tasks.created_at')
      .where('deals.id', '=', dealId)
      .where('user_tasks.status', '=', 'open')
      .where('user_tasks.element_id', 'in', [...GENERATED_FORM_IDS])
      .execute();
    const sets = await Promise.all([store.current().then((c) => c.sets), ...openTasks.map((t) => store.at(Number(t.created_at)))]);
    return new Set(sets.flatMap((s) => allDocumentKeys(s)));
  };
}
