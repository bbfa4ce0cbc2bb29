/** `potok simulate --format table`: the same run as a readable, aligned timeline, in Russian or English. */
import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { root, runCli } from './run-cli.ts';

const sample = path.join(root, 'test/scenarios/sample.json');

/** The column where the third cell (the event) starts, for every row. */
const eventColumn = (line: string, label: string) => line.indexOf(label);

describe('potok simulate --format table', () => {
  it('given the sample, when printed as a table, then each event is one row with Russian labels in aligned columns and the date shown when it changes', async () => {
    const run = await runCli(['simulate', sample, '--format', 'table']);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Дата\s+Время\s+Событие\s+Подробности$/);
    expect(lines[1]).toMatch(/^-+ +-+ +-+ +-+$/);
    const rows = lines.slice(2);
    const json = await runCli(['simulate', sample]);
    expect(rows).toHaveLength(json.events.length);
    expect(rows[0]).toMatch(/^30\.12\.2026\s+10:00\s+Процесс запущен/);
    expect(rows).toContainEqual(expect.stringMatching(/^12\.01\.2027\s+10:10\s+Таймер\s+wait_presentation$/));
    expect(rows).toContainEqual(expect.stringMatching(/^\s+10:10\s+Письмо клиенту\s+шаблон: presentation; кому: client@example\.test$/));
    expect(rows).toContainEqual(expect.stringMatching(/Задача создана\s+decision_call; исполнитель: rep; начало: 18\.01\.2027 09:00; срок: 18\.01\.2027 15:00/));
    expect(rows[rows.length - 1]).toMatch(/Больше ничего не происходит\s+открытые задачи: client_type$/);
    // Aligned: the time and event columns start at the same place on every row.
    const timeAt = lines[0].indexOf('Время');
    const eventAt = lines[0].indexOf('Событие');
    for (const row of rows) {
      expect(row.slice(timeAt, timeAt + 5)).toMatch(/^\d\d:\d\d$/);
      expect(row[eventAt - 1]).toBe(' ');
      expect(row[eventAt]).not.toBe(' ');
    }
    expect(eventColumn(rows[0], 'Процесс')).toBe(eventAt);
  });

  it('given --lang en, when printed as a table, then the labels are English', async () => {
    const run = await runCli(['simulate', sample, '--format', 'table', '--lang', 'en']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Date\s+Time\s+Event\s+Details$/);
    expect(lines[2]).toMatch(/^2026-12-30\s+10:00\s+Process started/);
    expect(lines[lines.length - 1]).toMatch(/Nothing more happens\s+open tasks: client_type$/);
  });

  it('given an unknown format, when run, then it exits 2', async () => {
    const run = await runCli(['simulate', sample, '--format', 'xml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--format: expected json or table');
  });
});
