/**
 * The board's «Показать ещё», in headless Chromium against a real `potok serve`: with 32
 * matching deals in «Новая» (and a search filter on) the column shows 30 cards under the
 * badge 32; the button loads the other two of that stage with the same filter, then goes.
 * Screenshot: test-artifacts/screenshots/board-more.png.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildWeb, launchBrowser, PASSWORD, PotokProcess, SCREENSHOTS } from './support/potok-process.ts';

let potok: PotokProcess;
let browser: Browser;

describe('the board loads a stage past its first 30 deals, in the browser', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchBrowser();
    buildWeb();
    potok = await PotokProcess.start();
    let token: string | null = null;
    for (let i = 0; i < 100 && !token; i++) {
      token = potok.setupToken();
      if (!token) await new Promise((r) => setTimeout(r, 300));
    }
    await potok.call('POST', '/api/setup', null, { token, login: 'admin', name: 'Админ', password: PASSWORD });
    const admin = await potok.login('admin');
    await potok.call('POST', '/api/users', admin, { login: 'maria', name: 'Мария', role: 'manager', email: 'maria@example.test', password: PASSWORD });
    const maria = await potok.login('maria');
    // Given 32 deals the search finds, and one it does not, all in «Новая»
    for (let i = 1; i <= 32; i++) await potok.call('POST', '/api/deals', maria, { title: `Пагинация ${i}`, contactName: 'К', phone: '+7 900 000-00-02', email: `p${i}@example.test` });
    await potok.call('POST', '/api/deals', maria, { title: 'Посторонняя сделка', contactName: 'К', phone: '+7 900 000-00-03', email: 'x@example.test' });
  });
  afterAll(async () => {
    await browser?.close();
    await potok?.stop();
  });

  it('when the manager searches and presses «Показать ещё» in «Новая», then all 32 found deals show and only those', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(potok.base + '/');
    await page.getByLabel('Логин').fill('maria');
    await page.getByLabel('Пароль').fill(PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('navigation').waitFor();
    await page.goto(`${potok.base}/deals`);
    await page.getByRole('searchbox').fill('Пагинация');
    const column = page.locator('section.column[data-stage="new"]');
    await expect.poll(() => column.locator('.count').textContent()).toBe('32');
    await expect.poll(() => column.locator('.deal-card').count()).toBe(30);

    await column.getByRole('button', { name: /Показать ещё/ }).click();
    await expect.poll(() => column.locator('.deal-card').count()).toBe(32);
    const titles = await column.locator('.deal-card strong').allTextContents();
    expect(new Set(titles).size).toBe(32);
    expect(titles.every((t) => t.startsWith('Пагинация '))).toBe(true);
    await expect.poll(() => column.getByRole('button', { name: /Показать ещё/ }).count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'board-more.png'), fullPage: true });

    // The filters are in the address: a bookmarked or shared link opens the same board
    expect(page.url()).toContain('q=%D0%9F%D0%B0%D0%B3%D0%B8%D0%BD%D0%B0%D1%86%D0%B8%D1%8F');
    await page.goto(`${potok.base}/deals?stage=new&q=${encodeURIComponent('Посторонняя')}`);
    await expect.poll(() => page.getByRole('searchbox').inputValue()).toBe('Посторонняя');
    expect(await page.getByLabel('Стадия').inputValue()).toBe('new');
    await expect.poll(() => page.locator('section.column').count()).toBe(1);
    await expect.poll(() => page.locator('section.column[data-stage="new"] .count').textContent()).toBe('1');
  });
});
