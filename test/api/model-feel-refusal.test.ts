/**
 * POST /api/admin/models refuses FEEL that parses but cannot run (a misspelt function, two
 * operators in a row) with every problem listed, and stores no new version — on both databases.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_MODEL } from '../../src/http/potok-server.ts';
import { testDatabases } from '../support/databases.ts';
import { openHarness, type Caller, type Harness } from './support/api-harness.ts';

const SHIPPED = readFileSync(SHIPPED_MODEL, 'utf8');

function edited(): string {
  const xml = SHIPPED
    .replaceAll('=add working minutes(now(), 30)', '=add workng minutes(now(), 30)')
    .replace('>=premisesFound = true<', '>=premisesFound = = true<');
  expect(xml).toContain('add workng minutes');
  expect(xml).toContain('premisesFound = = true');
  return xml;
}

for (const target of testDatabases()) {
  describe(`deploying a model whose FEEL cannot run, on ${target.name}`, () => {
    let h: Harness;
    let admin: Caller;

    beforeAll(async () => {
      h = await openHarness(target);
      await h.user('admin', 'adm');
      admin = await h.as('adm');
    });
    afterAll(async () => h?.close());

    it('given a misspelt timer function and a doubled operator, when the admin deploys, then 422 lists both with element, line and message, and no version is added', async () => {
      const res = await admin.post('/api/admin/models', { xml: edited() });

      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'validation', message: expect.any(String) });
      expect(res.body.problems).toEqual(expect.arrayContaining([
        { code: 'INVALID_FEEL', elementId: 'flow_premises_found', line: expect.any(Number), message: 'the condition is not valid FEEL: two operators in a row ("= =") at position 15 (in "premisesFound = = true")' },
        { code: 'UNKNOWN_FUNCTION', elementId: 'first_call_overdue', line: expect.any(Number), message: 'the timer timeDate calls an unknown function "add workng minutes" at position 1: did you mean "add working minutes"? (in "add workng minutes(now(), 30)")' },
      ]));
      expect(res.body.problems.every((p: { code: string }) => p.code === 'INVALID_FEEL' || p.code === 'UNKNOWN_FUNCTION')).toBe(true);
      const list = (await admin.get('/api/admin/models')).body;
      expect(list.items.map((m: { version: number }) => m.version)).toEqual([1]);
    });

    it('given the shipped model unchanged, when the admin deploys it, then it is accepted (valid FEEL passes)', async () => {
      const res = await admin.post('/api/admin/models', { xml: SHIPPED.replace('name="Подключение франчайзи"', 'name="Подключение франчайзи (правка)"') });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    });
  });
}
