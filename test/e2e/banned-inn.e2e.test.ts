/**
 * A banned ИНН typed by the rep in «Загрузить документы», in headless Chromium against a
 * real `potok serve` (SQLite, test clock): the warning appears under the field and with
 * a confirm button as soon as the ИНН is complete; «Завершить задачу» is refused with the
 * warning on the field; the confirm button sends the task on to the lawyer.
 * Screenshots go to test-artifacts/screenshots/banned-inn-*.png.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { OOO_DOCUMENTS, OOO_REQUISITES } from '../forms/fixtures.ts';
import { buildWeb, launchBrowser, PASSWORD, PotokProcess, SCREENSHOTS, type Session } from './support/potok-process.ts';

const DAY = 24 * 3600_000;
const BANNED = '7736050003';

let potok: PotokProcess;
let browser: Browser;
let admin: Session;

const links = () => Object.fromEntries(Object.keys(OOO_DOCUMENTS).map((k) => [k, { url: `https://disk.yandex.ru/d/${k}` }]));

async function until<T>(what: string, probe: () => Promise<T | undefined>, onIdle?: () => Promise<unknown>): Promise<T> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    if (onIdle) await onIdle();
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function taskOf(who: Session, dealId: string, elementId: string, group = false): Promise<any> {
  const list = await potok.call('GET', group ? '/api/tasks/group?limit=200' : '/api/tasks/mine?limit=200', who);
  return list.items.find((t: any) => t.dealId === dealId && t.elementId === elementId);
}

/** A deal driven through the API to the rep's «Загрузить документы» (client type ООО). */
async function toUpload(title: string): Promise<{ dealId: string; taskId: string }> {
  const maria = await potok.login('maria');
  const ivan = await potok.login('ivan');
  const deal = await potok.call('POST', '/api/deals', maria, { title, contactName: 'К', phone: '+7 900 000-00-02', email: 'k@example.test' });
  const step = async (who: Session, elementId: string, data: Record<string, unknown>, timer = false) => {
    const t = await until(elementId, () => taskOf(who, deal.id, elementId), timer ? () => potok.advance(admin, DAY) : undefined);
    await potok.call('POST', `/api/tasks/${t.id}/complete`, who, { data });
  };
  await step(maria, 'assign_rep', { salesRep: 'ivan' });
  await step(ivan, 'first_call', { callResult: 'meeting' });
  // Held an hour ago (the planned time is still ahead; "held" is refused before the meeting starts).
  const now = Date.parse(await potok.advance(admin, 0));
  await step(ivan, 'meeting', { meetingHeld: true, meetingAt: new Date(now - 3_600_000).toISOString(), meetingEnd: new Date(now).toISOString() });
  await step(ivan, 'premises_call', { premisesFound: true, premisesAddress: 'Адрес' }, true);
  await step(ivan, 'client_type', { clientType: 'ooo' });
  const upload = await until('upload_documents', () => taskOf(ivan, deal.id, 'upload_documents'));
  return { dealId: deal.id, taskId: upload.id };
}

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(200);
  await page.screenshot({ path: path.join(SCREENSHOTS, `banned-inn-${name}.png`), fullPage: true });
}

/** Ivan on a phone (a browser locale of its own), logged in, at the task's page with its form shown. */
async function ivanAtTask(taskId: string, locale = 'ru-RU'): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, timezoneId: 'Europe/Moscow', locale });
  const page = await ctx.newPage();
  await page.goto(potok.base + '/');
  await page.getByLabel('Логин').fill('ivan');
  await page.getByLabel('Пароль').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('navigation').waitFor();
  await page.goto(`${potok.base}/tasks/${taskId}`);
  await page.locator('.fjs-form').waitFor();
  return { ctx, page };
}

describe('a banned ИНН typed into the documents task, in the browser', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchBrowser();
    buildWeb();
    potok = await PotokProcess.start();
    const token = await until('the setup token', async () => potok.setupToken() ?? undefined);
    await potok.call('POST', '/api/setup', null, { token, login: 'admin', name: 'Админ', password: PASSWORD });
    admin = await potok.login('admin');
    for (const u of [
      { login: 'maria', name: 'Мария Менеджерова', role: 'manager' },
      { login: 'ivan', name: 'Иван Представителев', role: 'sales_rep' },
      { login: 'lena', name: 'Елена Юристова', role: 'lawyer' },
      { login: 'dima', name: 'Дмитрий Директоров', role: 'director', isGeneralDirector: true },
    ]) await potok.call('POST', '/api/users', admin, { ...u, email: `${u.login}@example.test`, password: PASSWORD });

    // Given a client the lawyer banned
    const first = await toUpload('ООО «Запрещённый»');
    const ivan = await potok.login('ivan');
    await potok.call('POST', `/api/tasks/${first.taskId}/complete`, ivan, { data: { documents: links(), requisites: { ...OOO_REQUISITES, inn: BANNED } } });
    const lena = await potok.login('lena');
    const review = await until('legal_review', () => taskOf(lena, first.dealId, 'legal_review', true));
    await potok.call('POST', `/api/tasks/${review.id}/complete`, lena, { data: { legalDecision: 'ban', legalComment: 'Недобросовестный контрагент' } });
    await until('the ban', async () => ((await potok.call('GET', '/api/admin/banned-inns', lena)).items.some((b: any) => b.inn === BANNED) ? true : undefined));
  }, 240_000);

  afterAll(async () => {
    await browser?.close().catch(() => {});
    await potok?.stop();
  });

  it('given a later deal of the same client, when the rep types its ИНН, then the warning shows at once; the plain submission is refused and the confirmed one goes to the lawyer', async () => {
    const later = await toUpload('ООО «Снова они»');
    const { ctx, page } = await ivanAtTask(later.taskId);

    for (const key of Object.keys(OOO_DOCUMENTS)) await page.locator(`[data-doc-key="${key}"] input[type=url]`).fill(`https://disk.yandex.ru/d/${key}`);
    const requisite = (key: string) => page.locator(`[id$="-Requisite_${key}"]`);
    for (const [key, value] of Object.entries(OOO_REQUISITES)) if (key !== 'inn') await requisite(key).fill(value);
    const notice = page.getByTestId('banned-inn');
    const innField = page.locator('.fjs-form-field', { has: requisite('inn') });

    // A clean ИНН: no warning
    await requisite('inn').pressSequentially(OOO_REQUISITES.inn);
    await page.waitForTimeout(1200);
    expect(await notice.count()).toBe(0);

    // When the rep types the banned ИНН, then the warning appears without submitting
    await requisite('inn').fill('');
    await requisite('inn').pressSequentially(BANNED, { delay: 40 });
    // … and goes straight on to the ОГРН while the check answers: nothing typed is lost
    await requisite('ogrn').fill('');
    await requisite('ogrn').pressSequentially(OOO_REQUISITES.ogrn, { delay: 60 });
    await notice.waitFor({ timeout: 10_000 });
    await page.waitForTimeout(500);
    expect(await requisite('ogrn').inputValue()).toBe(OOO_REQUISITES.ogrn);
    const text = await notice.textContent();
    expect(text).toContain(`ИНН ${BANNED} в списке запрета на работу`);
    expect(text).toContain('Недобросовестный контрагент');
    expect(text).toMatch(/запрет от \d\d\.\d\d\.\d{4}/);
    expect(text).toMatch(/сделка №\d+/);
    await expect.poll(() => innField.locator('.fjs-form-field-error').textContent()).toContain('в списке запрета');
    await shot(page, '1-typed');

    // The plain «Завершить задачу» is refused: the rep stays on the task with the warning on the field
    await page.getByRole('button', { name: 'Завершить задачу' }).click();
    await expect.poll(() => innField.locator('.fjs-form-field-error').textContent(), { timeout: 10_000 }).toContain('в списке запрета');
    expect(page.url()).toContain(`/tasks/${later.taskId}`);
    await notice.waitFor();
    await shot(page, '2-refused');

    // The confirm button sends it to the lawyer
    await notice.getByRole('button', { name: 'Я видел(а) предупреждение — отправить юристу' }).click();
    await page.getByRole('heading', { name: 'Мои задачи' }).waitFor();
    const maria = await potok.login('maria');
    await until('legal_review', async () => ((await potok.call('GET', `/api/deals/${later.dealId}`, maria)).stage === 'legal_review' ? true : undefined));
    const timeline = await potok.call('GET', `/api/deals/${later.dealId}/timeline?limit=200`, maria);
    expect(timeline.items.find((e: any) => e.kind === 'banned_inn_confirmed')).toMatchObject({ actor: 'ivan' });

    // The lawyer's review task shows the warning in its form
    const lawyer = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/Moscow', locale: 'ru-RU' });
    const lp = await lawyer.newPage();
    await lp.goto(potok.base + '/');
    await lp.getByLabel('Логин').fill('lena');
    await lp.getByLabel('Пароль').fill(PASSWORD);
    await lp.getByRole('button', { name: 'Войти' }).click();
    await lp.getByRole('navigation').waitFor();
    const lena = await potok.login('lena');
    const review = await until('legal_review', () => taskOf(lena, later.dealId, 'legal_review', true));
    await lp.goto(`${potok.base}/tasks/${review.id}`);
    await lp.locator('.fjs-form').waitFor();
    await expect.poll(() => lp.locator('.task-page').textContent()).toContain(`ИНН ${BANNED} в списке запрета на работу`);
    await shot(lp, '3-lawyer');
    await ctx.close();
    await lawyer.close();
  });

  it('given a rep filling the documents task on a phone, when they leave it and come back, then what they typed is there; once completed the draft is gone', async () => {
    const task = await toUpload('ООО «Черновик»');
    const { ctx, page } = await ivanAtTask(task.taskId);
    const requisite = (key: string) => page.locator(`[id$="-Requisite_${key}"]`);
    await page.locator('[data-doc-key="charter"] input[type=url]').fill('https://disk.yandex.ru/d/charter');
    // A file taken on the phone: uploaded at once, its id in the draft
    const egrul = page.locator('[data-doc-key="egrul_record"]');
    await egrul.getByLabel('Файл', { exact: true }).check();
    await egrul.locator('input[type=file]').setInputFiles({ name: 'egrul-scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n') });
    await egrul.locator('.potok-doc-done').waitFor();
    await requisite('fullName').fill(OOO_REQUISITES.fullName);
    await requisite('kpp').fill(OOO_REQUISITES.kpp);

    // Back to the list, then the task again (and a reload, as after the phone's camera)
    await page.getByRole('link', { name: /К задачам/ }).click();
    await page.getByRole('heading', { name: 'Мои задачи' }).waitFor();
    await page.goto(`${potok.base}/tasks/${task.taskId}`);
    await page.locator('.fjs-form').waitFor();
    await expect.poll(() => requisite('fullName').inputValue()).toBe(OOO_REQUISITES.fullName);
    await page.reload();
    await page.locator('.fjs-form').waitFor();
    await expect.poll(() => requisite('kpp').inputValue()).toBe(OOO_REQUISITES.kpp);
    expect(await page.locator('[data-doc-key="charter"] input[type=url]').inputValue()).toBe('https://disk.yandex.ru/d/charter');
    // The restored file shows its name and opens
    await expect.poll(() => egrul.locator('.potok-doc-done').textContent()).toMatch(/Загружен: egrul-scan\.pdf/);
    expect(await egrul.locator('.potok-doc-done').getByRole('button', { name: 'Открыть' }).count()).toBe(1);
    expect(await page.getByRole('status').filter({ hasText: 'Восстановлено то, что вы заполнили ранее' }).count()).toBe(1);
    await shot(page, 'draft-restored');

    // "Start over" gives the task's own values back
    await page.getByRole('button', { name: 'Начать заново' }).click();
    await expect.poll(() => requisite('fullName').inputValue()).toBe('');
    await page.reload();
    await page.locator('.fjs-form').waitFor();
    await page.waitForTimeout(300);
    expect(await requisite('fullName').inputValue()).toBe('');
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('potok.draft.')))).toEqual([]);

    // Filled in and completed: no draft is left
    for (const key of Object.keys(OOO_DOCUMENTS)) await page.locator(`[data-doc-key="${key}"] input[type=url]`).fill(`https://disk.yandex.ru/d/${key}`);
    for (const [key, value] of Object.entries(OOO_REQUISITES)) await requisite(key).fill(value);
    await page.getByRole('button', { name: 'Завершить задачу' }).click();
    await page.getByRole('heading', { name: 'Мои задачи' }).waitFor();
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('potok.draft.')))).toEqual([]);
    await ctx.close();
  });

  it("given the meeting task on a phone, when the rep opens a date field's calendar, then it speaks Russian, starts the week on Monday and fits the screen", async () => {
    const maria = await potok.login('maria');
    const ivan = await potok.login('ivan');
    const deal = await potok.call('POST', '/api/deals', maria, { title: 'ООО «Календарь»', contactName: 'К', phone: '+7 900 000-00-03', email: 'k3@example.test' });
    const assign = await until('assign_rep', () => taskOf(maria, deal.id, 'assign_rep'));
    await potok.call('POST', `/api/tasks/${assign.id}/complete`, maria, { data: { salesRep: 'ivan' } });
    const call = await until('first_call', () => taskOf(ivan, deal.id, 'first_call'));
    await potok.call('POST', `/api/tasks/${call.id}/complete`, ivan, { data: { callResult: 'meeting' } });
    const meeting = await until('meeting', () => taskOf(ivan, deal.id, 'meeting'));

    const { ctx, page } = await ivanAtTask(meeting.id, 'en-US');
    await page.locator('.fjs-form-field-datetime input').first().click();
    const calendar = page.locator('.flatpickr-calendar.open');
    await calendar.waitFor();
    const weekdays = (await calendar.locator('.flatpickr-weekday').allTextContents()).map((d) => d.trim());
    expect(weekdays).toEqual(['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Вс']);
    const month = (await calendar.locator('.flatpickr-current-month').textContent()) ?? '';
    expect(month).toMatch(/Январь|Февраль|Март|Апрель|Май|Июнь|Июль|Август|Сентябрь|Октябрь|Ноябрь|Декабрь/);
    const box = (await calendar.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await shot(page, 'datepicker-ru');
    const wide = await page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 391).slice(0, 5).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`));
    expect(wide).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await ctx.close();
  });
});
