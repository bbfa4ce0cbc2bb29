/**
 * What the task forms need from the stored document sets: the sets in effect at a
 * task's creation, and when an instance's latest document task was created (the
 * lawyer's review lists the documents that task asked for).
 */
import type { Kysely } from 'kysely';
import { SettingsRepository } from '../settings/settings.repository.ts';
import type { FormsAdapterOptions } from '../tasks/forms.adapter.ts';
import { GENERATED_FORM_IDS } from '../../forms/form.repository.ts';
import { DocumentSetsStore } from './document-sets.store.ts';

export function documentSetsForForms(db: Kysely<any>): Pick<FormsAdapterOptions, 'documentSets' | 'documentsTaskCreatedAt'> {
  const store = new DocumentSetsStore(new SettingsRepository(db));
  return {
    documentSets: (at) => store.at(at),
    documentsTaskCreatedAt: async (instanceId) => {
      const row = await db
        .selectFrom('user_tasks')
        .select('created_at')
        .where('instance_id', '=', instanceId)
        .where('element_id', 'in', [...GENERATED_FORM_IDS])
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? Number(row.created_at) : null;
    },
  };
}
