/**
 * The general director who authors the 1C task (spec, block 7): the user the admin
 * marked — whatever their role — else the first active user with role `director`,
 * else nobody (the system).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { openHarness, type Harness } from '../api/support/api-harness.ts';

for (const target of testDatabases()) {
  describe(`general director on ${target.name}`, () => {
    let h: Harness | undefined;
    afterEach(async () => {
      await h?.close();
      h = undefined;
    });

    it('given no director, when asked, then there is none; given two directors, then the first one made', async () => {
      h = await openHarness(target);
      await h.user('admin', 'root');
      expect(await h.potok.crm.users.generalDirector()).toBeNull();
      await h.user('director', 'zeta');
      h.clock.advance(1000);
      await h.user('director', 'alpha');
      expect((await h.potok.crm.users.generalDirector())?.login).toBe('zeta');
    });

    it('given the admin marked a user who is not a director in Potok, when asked, then that user is the general director until deactivated', async () => {
      h = await openHarness(target);
      await h.user('director', 'dir1');
      await h.user('admin', 'owner', { isGeneralDirector: true });
      expect((await h.potok.crm.users.generalDirector())?.login).toBe('owner');
      await h.user('admin', 'it');
      const admin = await h.as('it');
      const off = await admin.patch('/api/users/owner', { active: false });
      expect(off.status, off.raw).toBe(200);
      expect((await h.potok.crm.users.generalDirector())?.login).toBe('dir1');
    });
  });
}
