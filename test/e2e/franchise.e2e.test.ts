/**
 * The whole franchise process through the web UI, in headless Chromium, as the people
 * do it: the manager on a desktop, the sales rep on a 390×844 phone, the lawyer, the
 * director and the admin. A real `potok serve` (SQLite, test clock) behind it.
 * Screenshots of every page go to test-artifacts/screenshots/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { OOO_REQUISITES } from '../forms/fixtures.ts';
import { buildWeb, launchBrowser, PASSWORD, PotokProcess, ROOT, SCREENSHOTS, type Session } from './support/potok-process.ts';

const DAY = 24 * 3600_000;
const CLIENT = 'ООО «Хмельной двор»';
// A 1×1 PNG and a tiny PDF: what a phone's camera and a scanner would give.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/MediaBox[0 0 200 200]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

let potok: PotokProcess;
let browser: Browser;
let admin: Session;
const contexts: BrowserContext[] = [];

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** A person opens Potok in their own browser and logs in. */
async function personLogsIn(login: string, device: 'phone' | 'desktop', timezoneId = 'Europe/Moscow'): Promise<Page> {
  const ctx = await browser.newContext(
    device === 'phone'
      ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, timezoneId, locale: 'ru-RU' }
      : { viewport: { width: 1280, height: 900 }, timezoneId, locale: 'ru-RU' },
  );
  contexts.push(ctx);
  const page = await ctx.newPage();
  await page.goto(potok.base + '/');
  await page.getByLabel('Логин').fill(login);
  await page.getByLabel('Пароль').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('navigation').waitFor();
  return page;
}

/** Opens the deal's task with this title from "My tasks" (taking it from the group list when it is offered there). */
async function openTask(page: Page, title: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    await page.goto(potok.base + '/tasks');
    await page.getByRole('heading', { name: 'Мои задачи' }).waitFor();
    await page.waitForLoadState('networkidle');
    const item = page.locator('li.task', { hasText: CLIENT }).filter({ has: page.locator('.task-title', { hasText: title }) }).first();
    if (await item.count()) {
      const take = item.getByRole('button', { name: 'Взять' });
      if (await take.count()) await take.click();
      else await item.locator('.task-title').click();
      await page.getByRole('heading', { name: title, level: 1 }).waitFor();
      await page.locator('.fjs-form').waitFor();
      return;
    }
    if (Date.now() > deadline) throw new Error(`task «${title}» did not appear for this person`);
    await page.waitForTimeout(1000);
  }
}

async function completeTask(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Завершить задачу' }).click();
  await page.getByRole('heading', { name: 'Мои задачи' }).waitFor();
}

/** Moves the server's time forward a day at a time until the person's task shows up (timers between steps). */
async function waitForTimer(who: Session, elementId: string, maxDays = 25): Promise<void> {
  for (let day = 0; day <= maxDays; day++) {
    const deadline = Date.now() + 3_000;
    while (Date.now() < deadline) {
      const mine = await potok.call('GET', '/api/tasks/mine?limit=200', who);
      if (mine.items.some((t: any) => t.elementId === elementId && t.deal?.title === CLIENT)) return;
      await new Promise((r) => setTimeout(r, 300));
    }
    await potok.advance(admin, DAY);
  }
  throw new Error(`no ${elementId} task after ${maxDays} days`);
}

describe('the franchise process through the web UI', { timeout: 300_000 }, () => {
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

  it('given a fresh server, when the admin sets it up with the token from the log, then the admin is logged in and creates the team', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(ctx);
    const page = await ctx.newPage();
    await page.goto(potok.base + '/');
    await page.getByRole('heading', { name: 'Первый запуск' }).waitFor();
    await shot(page, '01-setup');
    const token = potok.setupToken();
    expect(token, 'the server log shows a setup token').toBeTruthy();
    await page.getByLabel('Одноразовый код из журнала сервера').fill(token!);
    await page.getByLabel('Имя').fill('Анна Админова');
    await page.getByLabel('Пароль').fill(PASSWORD);
    await page.getByRole('button', { name: 'Создать администратора' }).click();
    await page.getByRole('link', { name: 'Администрирование' }).click();
    await page.getByRole('heading', { name: 'Пользователи' }).waitFor();

    // The admin adds one person through the page; the rest of the team through the API.
    const form = page.getByRole('form', { name: 'Добавить пользователя' });
    await form.getByLabel('Логин').fill('maria');
    await form.getByLabel('Имя').fill('Мария Менеджерова');
    await form.locator('select').selectOption('manager');
    await form.getByLabel('E-mail').fill('maria@example.test');
    await form.getByLabel('Пароль', { exact: true }).fill(PASSWORD);
    await form.getByRole('button', { name: 'Добавить пользователя' }).click();
    await expect.poll(() => page.getByRole('cell', { name: 'maria', exact: true }).count()).toBe(1);

    admin = await potok.login('admin');
    for (const u of [
      { login: 'ivan', name: 'Иван Представителев', role: 'sales_rep', phone: '+7 900 111-22-33' },
      { login: 'lena', name: 'Елена Юристова', role: 'lawyer' },
      { login: 'dima', name: 'Дмитрий Директоров', role: 'director', isGeneralDirector: true },
    ]) await potok.call('POST', '/api/users', admin, { ...u, email: `${u.login}@example.test`, password: PASSWORD });
    await page.reload();
    await expect.poll(() => page.getByRole('cell', { name: 'ivan', exact: true }).count()).toBe(1);
    await page.getByRole('heading', { name: 'Модели процессов' }).waitFor();
    await shot(page, '02-admin');
  });

  it('given the team, when the deal goes from the manager through the rep on a phone and the lawyer to 1C, then it is Won on the board', async () => {
    // The manager creates the deal
    const manager = await personLogsIn('maria', 'desktop');
    await shot(manager, '03-tasks-manager-empty');
    await manager.getByRole('link', { name: 'Новая сделка' }).click();
    await manager.getByLabel('Клиент').fill(CLIENT);
    await manager.getByLabel('Контактное лицо').fill('Пётр Пивоваров');
    await manager.getByLabel('Телефон').fill('+7 916 555-66-77');
    await manager.getByLabel('E-mail').fill('client@example.test');
    await manager.getByLabel('Город').fill('Тула');
    await shot(manager, '04-new-deal');
    await manager.getByRole('button', { name: 'Создать сделку' }).click();
    await manager.getByRole('heading', { name: new RegExp(CLIENT) }).waitFor();
    await expect.poll(() => manager.locator('.stage-badge').textContent()).toBe('Новая');

    // … and assigns the rep
    await openTask(manager, 'Назначить торгового представителя');
    await manager.locator('.fjs-form-field-select .fjs-input-group').click();
    await manager.locator('.fjs-dropdownlist-item', { hasText: 'Иван Представителев' }).click();
    await shot(manager, '05-task-assign-rep');
    await completeTask(manager);

    // The rep, on a phone: the first call, with a tap-to-call link
    const rep = await personLogsIn('ivan', 'phone');
    const ivan = await potok.login('ivan');
    await rep.locator('li.task', { hasText: CLIENT }).first().waitFor();
    await shot(rep, '06-tasks-rep-phone');
    const callLink = rep.locator('li.task', { hasText: 'Звонок новому клиенту' }).locator('a[href^="tel:"]');
    expect(await callLink.getAttribute('href')).toBe('tel:+79165556677');
    await openTask(rep, 'Звонок новому клиенту');
    expect(await rep.locator('a.call.big').getAttribute('href')).toBe('tel:+79165556677');
    await rep.getByLabel('Можно планировать встречу').check();
    await shot(rep, '07-task-first-call-phone');
    await completeTask(rep);

    // The meeting: date, time and place shown; rescheduled once, then held
    await openTask(rep, 'Коммерческое предложение');
    await rep.locator('.meeting-info').waitFor();
    await rep.getByRole('button', { name: 'Перенести встречу' }).click();
    const move = rep.getByRole('form', { name: 'Перенести встречу' });
    const start = await move.getByLabel('Начало').inputValue();
    const later = start.replace(/T\d\d:\d\d/, 'T15:00');
    await move.getByLabel('Начало').fill(later);
    await move.getByLabel('Окончание').fill(later.replace('T15:00', 'T16:00'));
    await move.getByLabel('Место').fill('Тула, ул. Советская, 5');
    await move.getByRole('button', { name: 'Сохранить' }).click();
    await expect.poll(() => rep.locator('.meeting-info').textContent()).toContain('15:00–16:00');
    expect(await rep.locator('.meeting-info').textContent()).toContain('Тула, ул. Советская, 5');
    await shot(rep, '08-task-meeting-phone');
    // The same rep on a phone set to Yekaterinburg time (+05:00): the form's times are the company's, as the header's
    const away = await personLogsIn('ivan', 'phone', 'Asia/Yekaterinburg');
    await openTask(away, 'Коммерческое предложение');
    const times = async () => (await away.locator('.fjs-form-field-datetime input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).filter((v) => /^\d\d:\d\d$/.test(v));
    await expect.poll(times).toEqual(['15:00', '16:00']);
    expect(await away.locator('.meeting-info').textContent()).toContain('15:00–16:00');
    await away.context().close();
    // The meeting is marked held once it has taken place: the server's clock moves past its start (Moscow time).
    const now = Date.parse(await potok.advance(admin, 0));
    const meetingStart = Date.parse(`${later}:00+03:00`);
    if (meetingStart > now) await potok.advance(admin, meetingStart - now + 60 * 60_000);
    await rep.getByLabel('Встреча проведена').check();
    await completeTask(rep);

    // Days later (timer): the premises call
    await waitForTimer(ivan, 'premises_call');
    await openTask(rep, 'Уточнить результат поиска помещения');
    await rep.getByLabel('Клиент нашёл помещение').check();
    await rep.getByLabel('Адрес помещения').fill('Тула, пр. Ленина, 10');
    await shot(rep, '09-task-premises-phone');
    await completeTask(rep);

    await openTask(rep, 'Указать тип клиента');
    await rep.getByLabel('ООО (общество с ограниченной ответственностью)').check();
    await completeTask(rep);

    // Documents: two from files (camera photo, PDF scan), the rest as links; a wrong ИНН first
    await openTask(rep, 'Загрузить документы');
    const docs = ['charter', 'egrul_record', 'inn_kpp_certificate', 'director_decision', 'director_order', 'egrul_extract', 'director_passport', 'bank_card', 'premises_lease'];
    for (const key of docs) {
      const field = rep.locator(`[data-doc-key="${key}"]`);
      // On the phone a long document name wraps: nothing of it, nor the required "*", is cut off.
      const fits = await field.locator(':scope > .fjs-form-field-label').evaluate((label) => {
        const box = label.getBoundingClientRect();
        const star = label.querySelector('.fjs-asterix')!.getBoundingClientRect();
        return label.scrollWidth <= label.clientWidth && box.right <= 390 && star.width > 0 && star.right <= box.right + 0.5 && star.bottom <= box.bottom + 0.5;
      });
      expect(fits, `the label of ${key} fits the phone`).toBe(true);
      if (key === 'director_passport' || key === 'egrul_record') {
        await field.getByLabel('Файл', { exact: true }).check();
        const input = field.locator('input[type=file]');
        // No `capture`: Android offers the camera or the phone's files; accept = what the server accepts.
        expect(await input.getAttribute('capture')).toBeNull();
        expect((await input.getAttribute('accept'))!.split(',')).toEqual(expect.arrayContaining(['application/pdf', 'image/jpeg', 'image/heic', '.docx', '.xlsx', '.zip']));
        await input.setInputFiles(key === 'director_passport' ? { name: 'passport.png', mimeType: 'image/png', buffer: PNG } : { name: 'egrul.pdf', mimeType: 'application/pdf', buffer: PDF });
        await field.locator('.potok-doc-done').waitFor();
      } else {
        await field.locator('input[type=url]').fill(`https://disk.yandex.ru/d/${key}`);
      }
    }
    const requisite = (key: string) => rep.locator(`[id$="-Requisite_${key}"]`);
    for (const [key, value] of Object.entries(OOO_REQUISITES)) await requisite(key).fill(key === 'inn' ? '7707083894' : value);
    await rep.getByRole('button', { name: 'Завершить задачу' }).click();
    // The server refuses the ИНН: the message sits on the ИНН field
    const innField = rep.locator('.fjs-form-field', { has: requisite('inn') });
    await expect.poll(() => innField.locator('.fjs-form-field-error').textContent(), { timeout: 10_000 }).toContain('ИНН');
    await shot(rep, '10-task-documents-error-phone');
    await requisite('inn').fill(OOO_REQUISITES.inn);
    await completeTask(rep);

    // The lawyer asks for more documents
    const lawyer = await personLogsIn('lena', 'desktop');
    await openTask(lawyer, 'Проверка документов');
    // Every document is in view on the review task: links and the uploaded files, with preview
    await lawyer.locator('li[data-doc-key="charter"]').waitFor();
    expect(await lawyer.locator('li[data-doc-key="charter"]').textContent()).toContain('https://disk.yandex.ru/d/charter');
    expect(await lawyer.locator('li[data-doc-key="director_passport"]').textContent()).toContain('passport.png');
    await lawyer.getByLabel('Утверждаю с добором документов').check();
    await shot(lawyer, '11-task-legal-review');
    await completeTask(lawyer);
    await openTask(lawyer, 'Дополнения к документам');
    await lawyer.getByLabel('Что нужно дополнить или исправить').fill('Нужна свежая карточка банковских реквизитов');
    await completeTask(lawyer);

    // The manager supplements
    await openTask(manager, 'Дополнение документов');
    await expect.poll(() => manager.locator('.fjs-form').textContent()).toContain('Нужна свежая карточка банковских реквизитов');
    await manager.locator('[data-doc-key="bank_card"] input[type=url]').fill('https://disk.yandex.ru/d/bank_card_2026');
    await shot(manager, '12-task-supplement');
    await completeTask(manager);

    // The lawyer approves
    await openTask(lawyer, 'Проверка документов');
    await lawyer.getByLabel('Утверждаю', { exact: true }).check();
    await completeTask(lawyer);

    // The manager enters the 1C reference
    await openTask(manager, 'Завести клиента в 1С');
    // The task is the general director's, set for the manager (spec, block 7)
    await expect.poll(() => manager.locator('.task-author').textContent()).toBe('Поставил(а): Дмитрий Директоров');
    await manager.getByLabel('Код или Ref_Key контрагента в 1С').fill('00-000777');
    await shot(manager, '13-task-enter-1c');
    await completeTask(manager);

    // Won on the board
    await manager.getByRole('link', { name: 'Сделки', exact: true }).click();
    const won = manager.locator('section.column[data-stage="won"]');
    await expect.poll(() => won.locator('.deal-card', { hasText: CLIENT }).count(), { timeout: 15_000 }).toBe(1);
    await shot(manager, '14-board');

    // The deal card: fields, documents, history, the diagram
    await won.locator('.deal-card', { hasText: CLIENT }).click();
    await manager.locator('[data-field="onecRef"]', { hasText: '00-000777' }).waitFor();
    expect(await manager.locator('[data-doc-key="bank_card"]').textContent()).toContain('bank_card_2026');
    await manager.locator('ol.timeline li').first().waitFor();
    await manager.getByLabel('Комментарий', { exact: true }).fill('Клиент доволен, открытие в январе');
    await manager.getByRole('button', { name: 'Добавить' }).click();
    await manager.locator('ol.timeline li', { hasText: 'Клиент доволен, открытие в январе' }).waitFor();
    await shot(manager, '15-deal-card');
    await manager.locator('[data-doc-key="director_passport"]').getByRole('button', { name: 'Просмотр' }).click();
    await manager.locator('.preview img').waitFor();
    await shot(manager, '16-document-preview');
    await manager.getByRole('button', { name: 'Закрыть' }).click();

    // The rep sees the same card on the phone, without horizontal scrolling
    await rep.goto(manager.url());
    await rep.locator('ol.timeline li').first().waitFor();
    expect(await rep.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(rep, '17-deal-card-phone');

    // The reports are the director's: the manager has no link to them
    expect(await manager.getByRole('link', { name: 'Воронка' }).count()).toBe(0);
    // The director's funnel counts the won deal
    const director = await personLogsIn('dima', 'desktop');
    await director.getByRole('link', { name: 'Воронка' }).click();
    await expect.poll(() => director.getByTestId('won').textContent()).toBe('1');
    // Each outcome in the legend with its colour key and count
    expect(await director.locator('.legend li').allTextContents()).toContain(' Успешно: 1');
    expect(await director.locator('.legend .swatch').count()).toBeGreaterThan(0);
    await shot(director, '18-funnel');
  });

  it('given the admin, when a deal card is opened, then the process diagram shows the steps done', async () => {
    const page = await personLogsIn('admin', 'desktop');
    await page.getByRole('link', { name: 'Сделки', exact: true }).click();
    await page.locator('.deal-card', { hasText: CLIENT }).click();
    await page.locator('.djs-element.potok-done').first().waitFor({ timeout: 20_000 });
    expect(await page.locator('.bjs-powered-by').count(), 'the bpmn.io watermark stays visible').toBe(1);
    await shot(page, '19-deal-diagram');
  });

  it('given an admin version, when the admin on a phone makes version 1 the one new deals use, then the page marks it after the confirmation', async () => {
    const shipped = readFileSync(path.join(ROOT, 'processes', 'franchise-onboarding.bpmn'), 'utf8');
    const deployed = await potok.call('POST', '/api/admin/models', admin, { xml: shipped.replace('name="Подключение франчайзи"', 'name="Подключение франчайзи (правка)"') });
    expect(deployed.items[0]).toMatchObject({ version: 2, isDefault: true });
    const page = await personLogsIn('admin', 'phone');
    await page.goto(potok.base + '/admin');
    const v1 = page.getByTestId('model-franchise_onboarding:1');
    const v2 = page.getByTestId('model-franchise_onboarding:2');
    await v2.getByText('Новые сделки начинаются здесь').waitFor();
    page.once('dialog', (d) => void d.accept());
    await v1.getByRole('button', { name: 'Новые сделки — на эту версию, версия 1' }).click();
    await v1.getByText('Новые сделки начинаются здесь').waitFor();
    await expect.poll(() => v1.getByText('выбрал(а) admin').count()).toBe(1);
    expect(await v2.getByRole('button', { name: 'Новые сделки — на эту версию, версия 2' }).count()).toBe(1);
    expect((await potok.call('GET', '/api/admin/models', admin)).processes[0]).toMatchObject({ definitionKey: 'franchise_onboarding:1', chosen: 'admin', chosenBy: 'admin' });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, '20-admin-versions-phone');

    // The admin corrects a day of the working calendar on the same page
    const calendar = page.locator('section.card', { has: page.getByRole('heading', { name: 'Производственный календарь' }) });
    const year = (await calendar.locator('.row strong').textContent())!.trim();
    const form = calendar.getByRole('form', { name: 'Исправить день' });
    await form.locator('input[type=date]').fill(`${year}-12-30`);
    await form.locator('select').selectOption('off');
    await form.getByLabel('Примечание').fill('Перенос выходного');
    await form.getByRole('button', { name: 'Исправить день' }).click();
    await calendar.getByText(`${year}-12-30 · Выходной · Перенос выходного`).waitFor();
    expect((await potok.call('GET', '/api/admin/calendar', admin)).corrections).toEqual(expect.arrayContaining([expect.objectContaining({ date: `${year}-12-30`, kind: 'off' })]));
    // A year with no calendar data says so (only weekends would count as days off)
    for (let y = Number(year); y < 2028; y++) await calendar.getByRole('button', { name: String(y + 1) }).click();
    await calendar.locator('.row strong', { hasText: '2028' }).waitFor();
    await calendar.getByText('Нет данных производственного календаря за 2028 год', { exact: false }).waitFor();
  });

  it('given the model editor, when the admin deploys without changing anything, then they confirm the version it would become and no new version is created', async () => {
    const page = await personLogsIn('admin', 'desktop');
    await page.goto(potok.base + '/admin/models/franchise_onboarding:1');
    await page.locator('.djs-element').first().waitFor({ timeout: 20_000 });
    // The title names the process and the version, not the key
    expect(await page.locator('h1').textContent()).toMatch(/ · v1$/);
    // The editor speaks Russian: the palette and the properties panel's groups
    const titles = await page.locator('.djs-palette .entry').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    expect(titles).toContain('Развилка');
    await expect.poll(() => page.locator('.bio-properties-panel-group-header-title').allTextContents()).toContain('Общее');
    const dialogs: string[] = [];
    page.once('dialog', (d) => {
      dialogs.push(d.message());
      void d.accept();
    });
    await page.getByRole('button', { name: 'Развернуть новую версию' }).click();
    await page.getByRole('status').getByText('Модель не изменилась — новая версия не создана').waitFor();
    expect(dialogs).toEqual([expect.stringContaining('как версию 3? Новые сделки будут начинаться на ней')]);
    const models = await potok.call('GET', '/api/admin/models', admin);
    expect(models.items.map((m: any) => m.definitionKey)).toEqual(['franchise_onboarding:1', 'franchise_onboarding:2']);
    expect(models.processes[0]).toMatchObject({ definitionKey: 'franchise_onboarding:1' });
    await shot(page, '21-modeler-unchanged');

    // Cancelling the confirmation deploys nothing either
    page.once('dialog', (d) => void d.dismiss());
    await page.getByRole('button', { name: 'Развернуть новую версию' }).click();
    await expect.poll(() => page.getByRole('status').count()).toBe(0);
  });

  it('given the model editor on a phone, then the diagram opens readable (not fitted into a thin strip)', async () => {
    const page = await personLogsIn('admin', 'phone');
    await page.goto(potok.base + '/admin/models/franchise_onboarding:1');
    await page.locator('.djs-element[data-element-id="assign_rep"]').waitFor({ timeout: 20_000 });
    await page.waitForTimeout(300);
    const box = await page.locator('.djs-element[data-element-id="assign_rep"] .djs-visual').boundingBox();
    expect(box!.width).toBeGreaterThan(50);
    await shot(page, '22-modeler-phone');
  });
});
