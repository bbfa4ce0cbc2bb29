import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { potok } from '../support/run-potok.ts';
import { openDatabase } from '../../src/store/database.ts';
import { UserRepository } from '../../src/crm/users/user.repository.ts';

describe('potok user (SQLite)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'potok-user-cli-'));
  const user = (...args: string[]) => potok('user', ...args, '--data-dir', dataDir);
  const find = async (login: string) => {
    const database = openDatabase({ dataDir });
    try {
      return await new UserRepository(database.db).find(login);
    } finally {
      await database.close();
    }
  };

  beforeAll(async () => {
    expect((await user('add', '--login', 'ivanov', '--name', 'Иван Иванов', '--role', 'director', '--general-director')).code).toBe(0);
    expect((await user('add', '--login', 'petrova', '--name', 'Мария Петрова', '--role', 'sales_rep', '--email', 'petrova@example.test')).code).toBe(0);
    // An open deal whose rep is petrova (the deactivation warning names it).
    const database = openDatabase({ dataDir });
    const now = Date.now();
    await database.db.insertInto('deals').values({
      id: 'd-1', number: 7, title: 'Пивной дом', contact_name: 'Контакт', phone: '+7 900 000-00-00', email: 'c@example.test', city: null, source: null, comment: null,
      owner: 'ivanov', sales_rep: 'petrova', stage: 'first_call', lost_reason: null, lost_comment: null, instance_id: null, client_type: null,
      premises_address: null, requisites: null, documents: null, onec_ref: null, search_text: '7', created_at: now, updated_at: now, stage_changed_at: now, closed_at: null,
    }).execute();
    await database.close();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('given update --deactivate, then the user is inactive and the open deals they are still the rep of are named', async () => {
    const r = await user('update', '--login', 'petrova', '--deactivate');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('updated petrova: sales_rep, inactive');
    expect(r.stdout).toContain('still the rep of open deal №7 «Пивной дом»');
    expect((await find('petrova'))?.active).toBe(false);
    expect((await user('update', '--login', 'petrova', '--activate')).code).toBe(0);
    expect((await find('petrova'))?.active).toBe(true);
  });

  it("given update --general-director on another user, then the mark moves to them; --no-general-director removes it", async () => {
    expect((await user('update', '--login', 'petrova', '--general-director')).stdout).toContain('general director');
    expect((await find('petrova'))?.isGeneralDirector).toBe(true);
    expect((await find('ivanov'))?.isGeneralDirector).toBe(false);
    expect((await user('update', '--login', 'petrova', '--no-general-director')).code).toBe(0);
    expect((await find('petrova'))?.isGeneralDirector).toBe(false);
  });

  it('given update of name, role and contacts, then they are stored; an empty e-mail removes it', async () => {
    expect((await user('update', '--login', 'petrova', '--name', 'Мария Сидорова', '--role', 'manager', '--email', '', '--phone', '+7 912 000-00-00')).code).toBe(0);
    expect(await find('petrova')).toMatchObject({ name: 'Мария Сидорова', role: 'manager', email: null, phone: '+7 912 000-00-00' });
  });

  it('given a data directory without a database, when users are listed, then it says so and creates nothing', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'potok-user-none-'));
    try {
      const r = await potok('user', 'list', '--data-dir', path.join(empty, 'typo'));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/there is no Potok database in .*typo/);
      expect(readdirSync(empty)).toEqual([]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it.each([
    [['update', '--login', 'nobody', '--deactivate'], /User not found/],
    [['update', '--login', 'petrova'], /nothing to change/],
    [['update', '--login', 'petrova', '--deactivate', '--activate'], /either --deactivate or --activate/],
    [['update', '--login', 'petrova', '--role', 'boss'], /role: Unknown role/],
    [['update', '--login', 'petrova', '--email', 'not-an-address'], /email: E-mail address is not valid/],
    [['add', '--login', 'ivanov', '--name', 'X', '--role', 'manager'], /login: This login is taken/],
  ])('given user %j, then it exits with 2, says why and changes nothing', async (args, message) => {
    const before = await find('petrova');
    const r = await user(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(await find('petrova')).toEqual(before);
  });
});
