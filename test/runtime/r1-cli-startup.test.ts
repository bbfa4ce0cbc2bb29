/**
 * Start-up options of `potok serve` and `potok worker` as docs/operating.md lists them:
 * both take --outage-limit-ms (a bad value is a usage error), and a worker pointed at a
 * database that does not exist fails at once with the reason instead of waiting out the
 * outage limit.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { potok as runPotok } from '../support/run-potok.ts';
import { TEST_PG_URL } from '../support/databases.ts';

async function potok(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await runPotok(...args);
  return { code: r.code, out: r.stdout, err: r.stderr };
}

describe('potok serve and worker start-up options', () => {
  it('given serve --help, then --outage-limit-ms is listed; given a bad value, then serve refuses it with exit 2 naming the option', async () => {
    const help = await potok('serve', '--help');
    expect(help.out + help.err).toContain('--outage-limit-ms');
    const bad = await potok('serve', '--outage-limit-ms', 'soon', '--data-dir', '/tmp/potok-never-used');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--outage-limit-ms');
  });

  it('given POTOK_TEST_CLOCK=1 with NODE_ENV=production, when serve starts, then it exits 2 with the reason before opening anything', async () => {
    const saved = { clock: process.env.POTOK_TEST_CLOCK, env: process.env.NODE_ENV };
    process.env.POTOK_TEST_CLOCK = '1';
    process.env.NODE_ENV = 'production';
    try {
      const r = await potok('serve', '--data-dir', '/tmp/potok-test-clock-refused', '--port', '0');
      expect(r.code).toBe(2);
      expect(r.err).toContain('POTOK_TEST_CLOCK cannot be used with NODE_ENV=production');
      expect(existsSync('/tmp/potok-test-clock-refused')).toBe(false);
    } finally {
      if (saved.clock === undefined) delete process.env.POTOK_TEST_CLOCK;
      else process.env.POTOK_TEST_CLOCK = saved.clock;
      process.env.NODE_ENV = saved.env;
    }
  });

  it('given a PostgreSQL database that does not exist, when a worker starts, then it exits 1 at once with the reason', async () => {
    const url = new URL(TEST_PG_URL);
    url.pathname = '/potok_no_such_database';
    const started = Date.now();
    const r = await potok('worker', '--database-url', url.toString(), '--outage-limit-ms', '60000');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/does not exist/);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);
});
