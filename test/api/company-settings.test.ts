/**
 * Company settings the franchise specification calls configurable, through the API on
 * both databases: the working day (applied to new deadlines without a restart), the
 * recall delay of block 4 (the value current when the recall timer is set), and 1C
 * configured only through POTOK_ONEC_* (block 7 still creates the counterparty).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { testDatabases } from '../support/databases.ts';
import { OOO_DOCUMENTS, OOO_REQUISITES } from '../forms/fixtures.ts';
import { startFakeOneC, type FakeOneC } from '../support/fake-onec.server.ts';
import { openHarness, ZONE, type Caller, type Harness } from './support/api-harness.ts';
import { DAY, newDeal as createDeal, step, taskOf } from './support/deal-steps.ts';

const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toMillis();

async function newDeal(manager: Caller, title: string): Promise<string> {
  return (await createDeal(manager, { title, contactName: 'Иван', phone: '+7 900 000-00-00', email: 'client@example.test' })).id;
}

for (const target of testDatabases()) {
  describe(`the working day as a company setting, on ${target.name}`, () => {
    let h: Harness;
    let admin: Caller;
    let manager: Caller;
    let rep: Caller;
    beforeAll(async () => {
      h = await openHarness(target);
      await h.user('admin', 'alla');
      await h.user('manager', 'maria');
      await h.user('sales_rep', 'ivan');
    });
    beforeEach(async () => {
      admin = await h.as('alla');
      manager = await h.as('maria');
      rep = await h.as('ivan');
    });
    afterAll(async () => h?.close());

    const firstCallDue = async (title: string): Promise<string> => {
      const id = await newDeal(manager, title);
      await step(h, manager, id, 'assign_rep', { salesRep: 'ivan' });
      return (await taskOf(rep, id, 'first_call')).dueAt;
    };
    const putWorkday = (who: Caller, body: unknown) => h.request('PUT', '/api/admin/calendar/workday', { body, cookie: who.cookie, csrf: who.csrf });

    it('given the admin sets the working day to 10:00–19:00, when a deal is assigned at 18:40, then its first call is due 30 working minutes later by the new hours, without a restart', async () => {
      h.clock.set(at('2026-03-03T18:40:00'));
      expect(await firstCallDue('Старые часы')).toBe('2026-03-04T09:30:00+03:00');
      expect((await admin.get('/api/admin/calendar/workday')).body).toMatchObject({ workdayStart: '09:00', workdayEnd: '18:00', source: 'default' });

      const put = await putWorkday(admin, { workdayStart: '10:00', workdayEnd: '19:00' });
      expect(put.status, put.raw).toBe(200);
      expect(put.body).toMatchObject({ workdayStart: '10:00', workdayEnd: '19:00', source: 'admin', updatedBy: 'alla', defaultStart: '09:00', defaultEnd: '18:00' });

      // 20 minutes are left of Tuesday, the other 10 come from Wednesday's 10:00.
      expect(await firstCallDue('Новые часы')).toBe('2026-03-04T10:10:00+03:00');
      expect((await admin.get('/api/admin/calendar/workday')).body).toMatchObject({ workdayStart: '10:00', workdayEnd: '19:00', source: 'admin' });
    });

    it('given a bad working day, when the admin saves it, then it is refused naming the field and the calendar keeps its hours', async () => {
      const badTime = await putWorkday(admin, { workdayStart: '9:00', workdayEnd: '18:00' });
      expect(badTime.status).toBe(422);
      expect(badTime.body.fields.map((f: any) => f.field)).toEqual(['workdayStart']);
      expect(badTime.body.fields[0].message).toMatch(/HH:MM/);
      const reversed = await putWorkday(admin, { workdayStart: '18:00', workdayEnd: '09:00' });
      expect(reversed.status).toBe(422);
      expect(reversed.body.fields).toEqual([{ field: 'workdayEnd', message: expect.stringMatching(/after workdayStart/) }]);
      const tooShort = await putWorkday(admin, { workdayStart: '09:00', workdayEnd: '10:00' });
      expect(tooShort.status).toBe(422);
      expect(tooShort.body.fields[0]).toMatchObject({ field: 'workdayEnd', message: expect.stringMatching(/longer than one hour/) });
      const missing = await putWorkday(admin, { workdayStart: '09:00' });
      expect(missing.status).toBe(400);
      expect(missing.body.fields.map((f: any) => f.field)).toContain('workdayEnd');
      expect((await putWorkday(manager, { workdayStart: '08:00', workdayEnd: '17:00' })).status).toBe(403);
      expect((await manager.get('/api/admin/calendar/workday')).status).toBe(403);
      expect((await admin.get('/api/admin/calendar/workday')).body).toMatchObject({ workdayStart: '10:00', workdayEnd: '19:00' });
    });

    it('given the admin resets the working day, when a deal is assigned at 18:40, then the default hours apply again', async () => {
      const reset = await h.request('DELETE', '/api/admin/calendar/workday', { cookie: admin.cookie, csrf: admin.csrf });
      expect(reset.status, reset.raw).toBe(200);
      expect(reset.body).toMatchObject({ workdayStart: '09:00', workdayEnd: '18:00', source: 'default', updatedBy: null });
      h.clock.set(at('2026-03-05T18:40:00'));
      expect(await firstCallDue('Снова по умолчанию')).toBe('2026-03-06T09:30:00+03:00');
    });
  });

  describe(`the recall delay of block 4 as a company setting, on ${target.name}`, () => {
    let h: Harness;
    let admin: Caller;
    let manager: Caller;
    let rep: Caller;
    beforeAll(async () => {
      h = await openHarness(target);
      await h.user('admin', 'alla');
      await h.user('manager', 'maria');
      await h.user('sales_rep', 'ivan');
    });
    const login = async () => {
      admin = await h.as('alla');
      manager = await h.as('maria');
      rep = await h.as('ivan');
    };
    beforeEach(login);
    afterAll(async () => h?.close());
    const putProcess = (who: Caller, body: unknown) => h.request('PUT', '/api/admin/settings/process', { body, cookie: who.cookie, csrf: who.csrf });

    it('given a bad recall delay, when the admin saves it, then it is refused naming the field; the default is 4', async () => {
      expect((await admin.get('/api/admin/settings/process')).body).toEqual({ recallDelayDays: 4, defaultRecallDelayDays: 4 });
      for (const bad of [0, 61]) {
        const r = await putProcess(admin, { recallDelayDays: bad });
        expect(r.status, r.raw).toBe(422);
        expect(r.body.fields).toEqual([{ field: 'recallDelayDays', message: expect.stringMatching(/1 to 60/) }]);
      }
      const fraction = await putProcess(admin, { recallDelayDays: 2.5 });
      expect(fraction.status).toBe(400);
      expect(fraction.body.fields[0].field).toBe('recallDelayDays');
      expect((await putProcess(manager, { recallDelayDays: 2 })).status).toBe(403);
      expect((await admin.get('/api/admin/settings/process')).body.recallDelayDays).toBe(4);
    });

    it('given a deal started with the default delay and the admin then sets 2, when the rep records "premises not found", then the recall call comes at the start of the 2nd working day and later changes do not move it', async () => {
      // Given a deal that reached the premises call (Tue 10 March 2026, 10:00) while the delay was 4
      h.clock.set(at('2026-03-03T10:00:00'));
      await login();
      const id = await newDeal(manager, 'ООО «Ищет помещение»');
      await step(h, manager, id, 'assign_rep', { salesRep: 'ivan' });
      await step(h, rep, id, 'first_call', { callResult: 'meeting' });
      await step(h, rep, id, 'meeting', { meetingHeld: true });
      await h.advance(7 * DAY);
      await login();
      expect(h.clock.now()).toBe(at('2026-03-10T10:00:00'));
      // When the admin sets the delay to 2 and the rep then records "not found"
      const put = await putProcess(admin, { recallDelayDays: 2 });
      expect(put.status, put.raw).toBe(200);
      expect(put.body).toEqual({ recallDelayDays: 2, defaultRecallDelayDays: 4 });
      await step(h, rep, id, 'premises_call', { premisesFound: false });
      // (a change after the timer was set does not move it)
      expect((await putProcess(admin, { recallDelayDays: 10 })).status).toBe(200);
      // Then nothing on Wednesday; on Thursday 12 March at 09:00 the recall call, due at the end of that day
      await h.advance(at('2026-03-11T17:00:00') - h.clock.now());
      await login();
      expect(await taskOf(rep, id, 'premises_call')).toBeUndefined();
      await h.advance(at('2026-03-12T09:00:00') - h.clock.now());
      await login();
      const recall = await taskOf(rep, id, 'premises_call');
      expect(recall).toMatchObject({ title: 'Перезвонить клиенту позже', kind: 'call', dueAt: '2026-03-12T18:00:00+03:00' });
      expect(recall.createdAt).toBe('2026-03-12T09:00:00+03:00');
    });
  });

  describe(`1C configured only through POTOK_ONEC_*, on ${target.name}`, () => {
    let h: Harness;
    let onec: FakeOneC;
    let manager: Caller;
    let rep: Caller;
    let lawyer: Caller;
    const saved: Record<string, string | undefined> = {};
    const ENV = ['POTOK_ONEC_URL', 'POTOK_ONEC_USER', 'POTOK_ONEC_PASSWORD'] as const;
    beforeAll(async () => {
      onec = await startFakeOneC();
      for (const k of ENV) saved[k] = process.env[k];
      process.env.POTOK_ONEC_URL = onec.url;
      process.env.POTOK_ONEC_USER = onec.user;
      process.env.POTOK_ONEC_PASSWORD = onec.password;
      h = await openHarness(target);
      await h.user('admin', 'alla');
      await h.user('manager', 'maria');
      await h.user('sales_rep', 'ivan');
      await h.user('lawyer', 'lena');
      await h.user('director', 'dima', { isGeneralDirector: true });
    });
    beforeEach(async () => {
      manager = await h.as('maria');
      rep = await h.as('ivan');
      lawyer = await h.as('lena');
    });
    afterAll(async () => {
      for (const k of ENV) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
      await h?.close();
      await onec?.stop();
    });

    it('given no 1C settings stored but POTOK_ONEC_* set, when a deal reaches block 7, then the counterparty is created in 1C and the manager\'s task comes pre-filled', async () => {
      const admin = await h.as('alla');
      expect((await admin.get('/api/admin/settings/onec')).body.settings).toBeNull();
      const id = await newDeal(manager, 'ООО «Через окружение»');
      await step(h, manager, id, 'assign_rep', { salesRep: 'ivan' });
      await step(h, rep, id, 'first_call', { callResult: 'meeting' });
      await step(h, rep, id, 'meeting', { meetingHeld: true });
      await h.advance(7 * DAY);
      rep = await h.as('ivan');
      manager = await h.as('maria');
      lawyer = await h.as('lena');
      await step(h, rep, id, 'premises_call', { premisesFound: true, premisesAddress: 'Москва, Тверская 1' });
      await step(h, rep, id, 'client_type', { clientType: 'ooo' });
      const boundary = '----potoktest';
      const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="egrul.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 test\r\n--${boundary}--\r\n`;
      const file = await h.request('POST', `/api/deals/${id}/files?docKey=egrul_record`, { cookie: rep.cookie, csrf: rep.csrf, body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
      expect(file.status, file.raw).toBe(201);
      await step(h, rep, id, 'upload_documents', { documents: { ...OOO_DOCUMENTS, egrul_record: { fileId: file.body.id }, director_passport: { url: 'https://disk.yandex.ru/d/passport' } }, requisites: OOO_REQUISITES });
      const review = (await lawyer.get('/api/tasks/group')).body.items.find((t: any) => t.dealId === id && t.elementId === 'legal_review');
      expect(review).toBeTruthy();
      await lawyer.post(`/api/tasks/${review.id}/claim`);
      expect((await lawyer.post(`/api/tasks/${review.id}/complete`, { data: { legalDecision: 'approve' } })).status).toBe(200);
      await h.settle();

      expect(onec.count('Catalog_Контрагенты')).toBe(1);
      const ref = String(onec.rows['Catalog_Контрагенты'][0].Ref_Key);
      expect((await manager.get(`/api/deals/${id}`)).body.onecRef).toBe(ref);
      const enter = await taskOf(manager, id, 'enter_into_1c');
      expect(enter).toBeTruthy();
      expect(JSON.stringify((await manager.get(`/api/tasks/${enter.id}`)).body.form.values)).toContain(ref);
    });
  });
}
