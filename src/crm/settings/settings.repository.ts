import type { Kysely } from 'kysely';
import { fromJson, toJson } from '../../store/json.ts';

/** Small key → JSON settings (setup token hash, SMTP and 1C settings, recall delay, …). */
export class SettingsRepository {
  constructor(private readonly db: Kysely<any>) {}

  async get<T>(key: string, db: Kysely<any> = this.db): Promise<T | null> {
    const r = await db.selectFrom('crm_settings').select('value').where('key', '=', key).executeTakeFirst();
    return r ? fromJson<T>(r.value) : null;
  }

  async set(key: string, value: unknown, now: number, db: Kysely<any> = this.db): Promise<void> {
    await db
      .insertInto('crm_settings')
      .values({ key, value: toJson(value), updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: toJson(value), updated_at: now }))
      .execute();
  }

  async delete(key: string): Promise<void> {
    await this.db.deleteFrom('crm_settings').where('key', '=', key).execute();
  }
}
