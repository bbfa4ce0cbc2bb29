/**
 * Start-up options of `potok serve` and `potok worker` as docs/operating.md lists them:
 * both take --outage-limit-ms (a bad value is a usage error), and a worker pointed at a
 * database that does not exist fails at once with the reason instead of waiting out the
 * outage limit.
 */
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { TEST_PG_URL } from '../support/databases.ts';

async function potok(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s: any) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: any) => ((err += String(s)), true));
  try {
    return { code: await main(args), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('potok serve and worker start-up options', () => {
  it('given serve --help, then --outage-limit-ms is listed; given a bad value, then serve refuses it with exit 2 naming the option', async () => {
    const help = await potok('serve', '--help');
    expect(help.out + help.err).toContain('--outage-limit-ms');
    const bad = await potok('serve', '--outage-limit-ms', 'soon', '--data-dir', '/tmp/potok-never-used');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--outage-limit-ms');
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
