/**
 * No English in the Russian UI, in headless Chromium against a real `potok serve` (the
 * browser's own locale is English, so only the UI's language can make the API answer in
 * Russian): the setup page's refusal, the login lockout, a server field error on a new
 * deal, form-js's «required» and «Search», the admin's SMTP/1C settings, the timeline's
 * names. The English UI gets the lockout in English.
 * Screenshots go to test-artifacts/screenshots/ru-*.png.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { buildWeb, launchBrowser, PASSWORD, PotokProcess, SCREENSHOTS, type Session } from './support/potok-process.ts';

let potok: PotokProcess;
let browser: Browser;
let admin: Session;
const contexts: BrowserContext[] = [];

/** Two English words in a row: what a leaked server message looks like. */
const ENGLISH = /[A-Za-z]{2,}[\s,;]+[A-Za-z]{2,}/;

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function newPage(lang: 'ru' | 'en' = 'ru'): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, timezoneId: 'Europe/Moscow', locale: 'en-US' });
  contexts.push(ctx);
  if (lang === 'en') await ctx.addInitScript(() => localStorage.setItem('potok.lang', 'en'));
  return ctx.newPage();
}

async function shot(target: Page | Locator, name: string): Promise<void> {
  const file = path.join(SCREENSHOTS, `ru-${name}.png`);
  if ('goto' in target) {
    await target.waitForTimeout(200);
    await target.screenshot({ path: file });
  } else await target.screenshot({ path: file });
}

async function logIn(page: Page, login: string, password = PASSWORD): Promise<void> {
  await page.goto(potok.base + '/');
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill(password);
  await page.locator('button[type=submit]').click();
}

describe('server and form-js messages in the Russian UI, in the browser', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchBrowser();
    buildWeb();
    potok = await PotokProcess.start();
  }, 240_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close().catch(() => {});
    await potok?.stop();
  });

  it('given a fresh install, when the setup page gets a wrong token, then the refusal is Russian', async () => {
    const token = await until('the setup token', async () => potok.setupToken() ?? undefined);
    const page = await newPage();
    await page.goto(potok.base + '/');
    await page.locator('input[name=token]').fill('not-the-token');
    await page.locator('input[name=name]').fill('Админ Админов');
    await page.locator('input[name=password]').fill(PASSWORD);
    await page.locator('button[type=submit]').click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toBe('Неверный одноразовый код');
    await shot(page, 'setup-error');

    await potok.call('POST', '/api/setup', null, { token, login: 'admin', name: 'Админ Админов', password: PASSWORD });
    admin = await potok.login('admin');
    for (const u of [
      { login: 'maria', name: 'Мария Менеджерова', role: 'manager' },
      { login: 'ivan', name: 'Иван Представителев', role: 'sales_rep' },
      { login: 'petr', name: 'Пётр Заблокированный', role: 'sales_rep' },
    ]) await potok.call('POST', '/api/users', admin, { ...u, email: `${u.login}@example.test`, password: PASSWORD });
  });

  it('given a login locked after wrong passwords, when the right one is typed, then the Russian UI says so in Russian and the English UI in English', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${potok.base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-potok-csrf': '1' }, body: JSON.stringify({ login: 'petr', password: 'wrong-password' }) });
      expect(res.status).toBe(401);
    }
    const page = await newPage();
    await logIn(page, 'petr');
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toBe('Слишком много неудачных попыток входа. Попробуйте позже');
    await shot(page, 'login-locked');

    const en = await newPage('en');
    await logIn(en, 'petr');
    await expect.poll(() => en.getByRole('alert').textContent()).toBe('Too many failed attempts; try again later');
  });

  it('given a new deal with a bad phone, when the server refuses it, then the field message is Russian', async () => {
    const page = await newPage();
    await logIn(page, 'maria');
    await page.getByRole('navigation').waitFor();
    await page.goto(potok.base + '/deals/new');
    await page.locator('input[name=title]').fill('ООО «Телефон»');
    await page.locator('input[name=contactName]').fill('Клиент');
    await page.locator('input[name=phone]').fill('abc');
    await page.locator('input[name=email]').fill('client@example.test');
    await page.locator('button[type=submit]').click();
    await expect.poll(() => page.locator('.field-error').allTextContents()).toContain('Неверный номер телефона');
    for (const text of await page.locator('.error, .field-error').allTextContents()) expect(text).not.toMatch(ENGLISH);
    await shot(page, 'new-deal-field-error');
  });

  it('given the first task of a deal, when it is completed without its required choice, then form-js speaks Russian', async () => {
    const maria = await potok.login('maria');
    const deal = await potok.call('POST', '/api/deals', maria, { title: 'ООО «Форма»', contactName: 'К', phone: '+7 900 000-00-03', email: 'f@example.test' });
    const task = await until('assign_rep', async () => (await potok.call('GET', '/api/tasks/mine?limit=200', maria)).items.find((t: any) => t.dealId === deal.id && t.elementId === 'assign_rep'));
    const page = await newPage();
    await logIn(page, 'maria');
    await page.getByRole('navigation').waitFor();
    await page.goto(`${potok.base}/tasks/${task.id}`);
    await page.locator('.fjs-form').waitFor();
    await expect.poll(() => page.locator('.fjs-form input.fjs-input').first().getAttribute('placeholder')).toBe('Поиск');
    await page.getByRole('button', { name: 'Завершить задачу' }).click();
    await expect.poll(() => page.locator('.fjs-form-field-error').allTextContents()).toContain('Обязательное поле.');
    expect(await page.locator('.fjs-form').textContent()).not.toMatch(/Field is required|Search/);
    await shot(page, 'task-form-required');
    // A search that finds no rep says so in Russian
    await page.locator('.fjs-form input.fjs-input').first().fill('zzzz');
    await expect.poll(() => page.locator('.fjs-dropdownlist-empty').textContent()).toBe('Ничего не найдено');

    // The deal's timeline names people, not logins.
    await page.goto(`${potok.base}/deals/${deal.id}`);
    const actors = page.locator('.timeline-actor');
    await expect.poll(() => actors.allTextContents()).toContain(' · Мария Менеджерова');
    for (const a of await actors.allTextContents()) expect(a).not.toMatch(/\bmaria\b/);
  });

  it('given the admin page, when the SMTP and 1C settings are shown and refused, then their labels and messages are Russian', async () => {
    const page = await newPage();
    await logIn(page, 'admin');
    await page.getByRole('navigation').waitFor();
    await page.goto(potok.base + '/admin');
    const smtp = page.locator('form[aria-label=smtp]');
    await smtp.waitFor();
    // The calendar section shows the year as deadlines count it
    await expect.poll(() => page.locator('.year-summary').textContent()).toMatch(/Праздники и выходные.*Рабочих дней\d+ из \d+/);
    await smtp.locator('input[type=number]').fill('70000');
    await smtp.getByRole('button', { name: 'Сохранить' }).click();
    await expect.poll(() => smtp.locator('.field-error').count()).toBeGreaterThan(0);
    const onec = page.locator('form[aria-label=onec]');
    const texts = `${await smtp.textContent()} ${await onec.textContent()}`;
    for (const raw of ['host', 'security', 'counterpartyGroupRef', 'from', 'url']) expect(texts).not.toMatch(new RegExp(`(^|[^A-Za-z/.])${raw}([^A-Za-z.]|$)`));
    expect(texts).toContain('SMTP-сервер');
    expect(texts).toContain('Группа контрагентов (Ref_Key)');
    for (const text of await smtp.locator('.field-error').allTextContents()) expect(text).not.toMatch(ENGLISH);
    await smtp.scrollIntoViewIfNeeded();
    await shot(smtp.locator('xpath=..'), 'admin-smtp');
    await shot(onec.locator('xpath=..'), 'admin-onec');
  });

  it('given the users page, when the admin deactivates someone, moves the general director mark and tries to lock themselves out, then each change is confirmed first and the refusal is shown in Russian', async () => {
    const page = await newPage();
    const dialogs: string[] = [];
    let answer = false;
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void (answer ? d.accept() : d.dismiss());
    });
    await logIn(page, 'admin');
    await page.getByRole('navigation').waitFor();
    await page.goto(potok.base + '/admin');
    const row = (login: string) => page.locator('tr', { has: page.locator('td', { hasText: new RegExp(`^${login}$`) }) });
    await row('ivan').getByRole('button', { name: 'Отключить' }).click();
    await expect.poll(() => dialogs.length).toBe(1);
    expect(dialogs[0]).toContain('Отключить Иван Представителев (ivan)?');
    expect((await potok.call('GET', '/api/users/ivan', admin)).active).toBe(true); // dismissed: nothing changed
    answer = true;
    await row('ivan').getByRole('button', { name: 'Отключить' }).click();
    await expect.poll(async () => (await potok.call('GET', '/api/users/ivan', admin)).active).toBe(false);
    await row('maria').getByRole('button', { name: 'Сделать ген. директором' }).click();
    await expect.poll(async () => (await potok.call('GET', '/api/users/maria', admin)).isGeneralDirector).toBe(true);
    expect(dialogs.at(-1)).toContain('Отметка снимется с никого');
    await row('admin').getByRole('button', { name: 'Отключить' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Не изменено' });
    await expect.poll(() => alert.count()).toBeGreaterThan(0);
    const text = (await alert.first().textContent()) ?? '';
    expect(text).toContain('Не изменено (admin)');
    expect(text.replace('(admin)', '')).not.toMatch(ENGLISH);
    expect((await potok.call('GET', '/api/users/admin', admin)).active).toBe(true);
    await shot(page, 'admin-users-refused');

    // Editing a person: a new e-mail, and a password typed into a password field (too short first)
    await row('maria').getByRole('button', { name: 'Изменить' }).click();
    const form = page.getByRole('form', { name: 'Изменить maria' });
    await form.getByLabel('E-mail').fill('maria.new@example.test');
    const password = form.getByLabel('Новый пароль (пусто — не менять)');
    expect(await password.getAttribute('type')).toBe('password');
    await password.fill('short');
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await expect.poll(() => form.locator('.field-error').allTextContents()).toEqual([expect.stringMatching(/^Пароль .*8/)]);
    expect((await potok.call('GET', '/api/users/maria', admin)).email).toBe('maria.new@example.test');
    await password.fill('a-longer-password-1');
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await expect.poll(() => form.count()).toBe(0);
    expect((await potok.login('maria', 'a-longer-password-1')).cookie).toBeTruthy();
    await potok.call('POST', '/api/users/maria/password', admin, { newPassword: PASSWORD }); // as the other tests expect
  });

  it("given a typo in the client's e-mail, when the manager corrects it on the deal card, then a wrong value is refused in Russian, the right one saved and the timeline tells old and new", async () => {
    const maria = await potok.login('maria');
    const deal = await potok.call('POST', '/api/deals', maria, { title: 'ООО «Опечатка»', contactName: 'К', phone: '+7 900 000-00-05', email: 'klient@exmaple.test' });
    const page = await newPage();
    await logIn(page, 'maria');
    await page.getByRole('navigation').waitFor();
    await page.goto(`${potok.base}/deals/${deal.id}`);
    await page.getByRole('button', { name: 'Изменить данные сделки' }).click();
    const form = page.getByRole('form', { name: 'Изменить данные сделки' });
    await form.getByLabel('Телефон').fill('+7 (900) 1');
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await expect.poll(() => form.locator('.field-error').allTextContents()).toEqual(['Неверный номер телефона']);
    await form.getByLabel('Телефон').fill('+7 900 000-00-05');
    await form.getByLabel('E-mail').fill('klient@example.test');
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await expect.poll(() => page.locator('a[href^="mailto:"]').first().textContent()).toBe('klient@example.test');
    await expect.poll(() => page.locator('.timeline').textContent()).toContain('E-mail: klient@exmaple.test → klient@example.test');
    await shot(page, 'deal-edited');
  });

  it("given the manager opening a rep's task from a notification, then it is read, shown read-only with who holds it, and the notification no longer counts as unread", async () => {
    const maria = await potok.login('maria');
    const deal = await potok.call('POST', '/api/deals', maria, { title: 'ООО «Чужая задача»', contactName: 'К', phone: '+7 900 000-00-06', email: 'k6@example.test' });
    const assign = await until('assign_rep', async () => (await potok.call('GET', '/api/tasks/mine?limit=200', maria)).items.find((t: any) => t.dealId === deal.id && t.elementId === 'assign_rep'));
    await potok.call('POST', `/api/tasks/${assign.id}/complete`, maria, { data: { salesRep: 'petr' } });
    const call = await until('first_call', async () => (await potok.call('GET', `/api/deals/${deal.id}/tasks`, maria)).items.find((t: any) => t.elementId === 'first_call'));
    const page = await newPage();
    await logIn(page, 'maria');
    await page.getByRole('navigation').waitFor();
    await page.goto(`${potok.base}/tasks/${call.id}`);
    await page.locator('.fjs-form').waitFor();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Задачу выполняет' }).textContent()).toContain('Пётр Заблокированный');
    expect(await page.getByRole('button', { name: 'Завершить задачу' }).count()).toBe(0);

    // A notification opened from the bell is read
    const before = (await potok.call('GET', '/api/notifications/unread-count', maria)).count;
    expect(before).toBeGreaterThan(0);
    await page.getByRole('button', { name: /Уведомления/ }).click();
    const first = page.locator('.notes li:not(.muted) a').first();
    await first.click();
    await expect.poll(async () => (await potok.call('GET', '/api/notifications/unread-count', maria)).count).toBe(before - 1);
  });
});
