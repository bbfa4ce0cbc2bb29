/**
 * Finding deals by what people type: ё as е, the phone as digits (with 8, 7 or without
 * the country code), the deal's number as «№N»; deals stored before migration 0105 are
 * found the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { migrateTo, migrateToLatest } from '../../src/store/migrate.ts';
import { openHarness, type Caller, type Harness } from './support/api-harness.ts';
import { newDeal } from './support/deal-steps.ts';

for (const target of testDatabases()) {
  describe(`deal search on ${target.name}`, () => {
    let h: Harness;
    let manager: Caller;
    let tree: { id: string; number: number };
    beforeAll(async () => {
      h = await openHarness(target);
      await h.user('manager', 'maria');
      manager = await h.as('maria');
      tree = await newDeal(manager, { title: 'ООО «Ёлка»', contactName: 'Пётр Ёжиков', phone: '+7 (905) 333-44-55', email: 'elka@example.test' });
      await newDeal(manager, { title: 'ООО «Сосна»', contactName: 'Иван', phone: '+7 916 000-11-22', email: 'sosna@example.test' });
    });
    afterAll(async () => h?.close());

    const found = async (q: string) => (await manager.get(`/api/deals?q=${encodeURIComponent(q)}`)).body.items.map((d: any) => d.id);

    it('given «Ёлка» and «Ёжиков», when searched with е or ё in any case, then the deal is found', async () => {
      for (const q of ['елка', 'ЁЛКА', 'Ёлка', 'ежиков', 'пётр ё']) expect(await found(q), q).toEqual([tree.id]);
    });

    it('given the phone +7 (905) 333-44-55, when searched as people type it, then the deal is found', async () => {
      for (const q of ['89053334455', '79053334455', '+79053334455', '9053334455', '905 333-44-55', '333-44-55', '8 (905) 333 44 55']) expect(await found(q), q).toEqual([tree.id]);
    });

    it('given the deal\'s number, when searched as «№N» or «№ N», then the deal is found', async () => {
      expect(await found(`№${tree.number}`)).toContain(tree.id);
      expect(await found(`№ ${tree.number}`)).toContain(tree.id);
    });
  });
}

describe('migration 0105 on a deal stored before it', () => {
  it('given a deal whose search text was written the old way, when migrated, then it is found by its phone digits and by е', async () => {
    const [target] = testDatabases();
    const database = await target!.open();
    try {
      await migrateTo(database, '0103_task_list_index');
      const now = Date.parse('2026-03-03T07:00:00Z');
      await database.db.insertInto('deals').values({
        id: 'd-old', number: 41, title: 'Ёлка', contact_name: 'Пётр', phone: '+7 905 333-44-55', email: 'e@example.test', owner: 'm', stage: 'new',
        search_text: '41 ёлка пётр +7 905 333-44-55 e@example.test ', created_at: now, updated_at: now, stage_changed_at: now,
      }).execute();
      await migrateToLatest(database);
      const row = await database.db.selectFrom('deals').select('search_text').where('id', '=', 'd-old').executeTakeFirstOrThrow();
      expect(row.search_text).toContain('елка');
      expect(row.search_text).toContain('9053334455');
      expect(row.search_text).toContain('№41');
    } finally {
      await database.close();
    }
  });
});
