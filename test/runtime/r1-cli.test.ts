import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { potok as runPotok } from '../support/run-potok.ts';
import { dealModel } from './r1-support.ts';

/** Runs `potok ARGS` in-process; returns its exit code and what it printed. */
async function potok(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await runPotok(...args);
  return { code: r.code, out: r.stdout, err: r.stderr };
}

describe('potok migrate / deploy / instances (SQLite)', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('given a fresh data directory, when migrated, deployed twice and listed, then versions and exit codes are as documented', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'potok-r1-cli-'));
    const model = path.join(dir, 'deal.bpmn');
    writeFileSync(model, dealModel());
    const migrated = await potok('migrate', '--data-dir', dir);
    expect(migrated.code).toBe(0);
    expect(migrated.out).toMatch(/applied \d+ migration\(s\).*0001_engine/);
    expect((await potok('migrate', '--data-dir', dir)).out).toMatch(/is up to date/);
    const first = await potok('deploy', model, '--data-dir', dir, '--actor', 'admin');
    expect(first).toMatchObject({ code: 0 });
    expect(first.out).toMatch(/^deal:1\tversion 1\tdeployed/);
    expect((await potok('deploy', model, '--data-dir', dir)).out).toMatch(/^deal:1\tversion 1\tunchanged/);
    const listed = await potok('instances', '--data-dir', dir);
    expect(listed).toMatchObject({ code: 0, out: 'no instances\n' });
  });

  it('given a bad model, when deployed, then every problem is printed with its element and the exit code is 2', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'potok-r1-cli-'));
    const model = path.join(dir, 'bad.bpmn');
    writeFileSync(model, dealModel().replace('<bpmn:endEvent id="end" />', '<bpmn:scriptTask id="script" /><bpmn:endEvent id="end" />'));
    const result = await potok('deploy', model, '--data-dir', dir);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/refused/);
    expect(result.err).toMatch(/script/);
    expect((await potok('deploy', path.join(dir, 'missing.bpmn'), '--data-dir', dir)).code).toBe(2);
  });

  it('given an unreachable PostgreSQL, when migrating, then the reason is printed without the password and the exit code is 1', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'potok-r1-cli-'));
    const result = await potok('migrate', '--database-url', 'postgres://potok:secret@127.0.0.1:1/potok');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/cannot reach the database postgres:\/\/potok:\*\*\*@127\.0\.0\.1:1\/potok/);
    expect(result.err).not.toContain('secret');
    expect((await potok('migrate', '--database-url', 'mysql://x')).code).toBe(2);
  });
});
