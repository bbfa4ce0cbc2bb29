import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkConnection } from '../../../src/connectors/onec/onec-check.ts';
import { validateOneCConfig, type OneCConfig } from '../../../src/connectors/onec/onec-config.ts';
import { main } from '../../../src/cli/main.ts';
import { freePort } from '../support/smtp-test.server.ts';
import { startFakeOneC, type FakeOneC } from '../../support/fake-onec.server.ts';

let fakes: FakeOneC[] = [];
afterEach(async () => {
  await Promise.all(fakes.map((f) => f.stop()));
  fakes = [];
  vi.restoreAllMocks();
});
async function fake1C(options: Parameters<typeof startFakeOneC>[0] = {}) {
  const f = await startFakeOneC(options);
  fakes.push(f);
  return f;
}
function config(raw: Record<string, unknown>): OneCConfig {
  const r = validateOneCConfig({ timeoutMs: 5000, ...raw });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.config;
}

/** Runs `potok …` capturing stdout and stderr. */
async function potok(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  const code = await main(args);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

describe('checking the 1C connection', () => {
  it('given a 1C that publishes everything, when checked, then it is usable with every finding ok', async () => {
    const f = await fake1C();
    const result = await checkConnection(config({ url: `${f.url}/odata/standard.odata/`, user: f.user, password: f.password }));
    expect(result.usable).toBe(true);
    expect(result.url).toBe(`${f.url}/odata/standard.odata/`);
    expect(result.findings.map((x) => [x.check, x.entitySet ?? null, x.ok])).toEqual([
      ['reachable', null, true],
      ['auth', null, true],
      ['published', 'Catalog_Контрагенты', true],
      ['published', 'Catalog_БанковскиеСчета', true],
      ['published', 'Catalog_КлассификаторБанков', true],
    ]);
  });

  it('given the bank accounts catalog is not ticked in 1C, when checked, then that catalog is reported with how to publish it', async () => {
    const f = await fake1C({ published: ['Catalog_Контрагенты', 'Catalog_КлассификаторБанков'] });
    const result = await checkConnection(config({ url: f.url, user: f.user, password: f.password }));
    expect(result.usable).toBe(false);
    const bad = result.findings.filter((x) => !x.ok);
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ check: 'published', entitySet: 'Catalog_БанковскиеСчета' });
    expect(bad[0].hint).toContain('Настройка стандартного интерфейса OData');
  });

  it('given a wrong password, when checked, then reachability is ok and the login is reported as refused', async () => {
    const f = await fake1C();
    const result = await checkConnection(config({ url: f.url, user: f.user, password: 'wrong' }));
    expect(result.usable).toBe(false);
    expect(result.findings.map((x) => [x.check, x.ok])).toEqual([['reachable', true], ['auth', false]]);
    expect(result.findings[1].message).toContain('401');
  });

  it('given nothing listens at the URL, when checked, then it is reported unreachable', async () => {
    const port = await freePort();
    const result = await checkConnection(config({ url: `http://127.0.0.1:${port}/buh`, user: 'u', password: 'p' }));
    expect(result.usable).toBe(false);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ check: 'reachable', ok: false });
    expect(result.findings[0].message).toContain('unreachable');
  });

  it('given a URL where no OData interface is published, when checked, then it says so', async () => {
    const f = await fake1C({ base: '/buh' });
    const result = await checkConnection(config({ url: `http://127.0.0.1:${f.port}/other`, user: f.user, password: f.password }));
    expect(result.findings[0]).toMatchObject({ check: 'reachable', ok: false });
    expect(result.findings[0].message).toContain('no 1C OData interface at this URL');
  });
});

describe('potok onec check', () => {
  it('given a usable 1C, when run with --url/--user/--password, then it prints the findings and exits 0', async () => {
    const f = await fake1C();
    const r = await potok(['onec', 'check', '--url', f.url, '--user', f.user, '--password', f.password]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usable');
    expect(r.stdout).toContain('Catalog_КлассификаторБанков is published');
    expect(r.stdout).not.toContain(f.password);
  });

  it('given the environment names a 1C with an unpublished catalog, when run without flags, then it explains and exits 1', async () => {
    const f = await fake1C({ published: ['Catalog_Контрагенты', 'Catalog_БанковскиеСчета'] });
    vi.stubEnv('POTOK_ONEC_URL', f.url);
    vi.stubEnv('POTOK_ONEC_USER', f.user);
    vi.stubEnv('POTOK_ONEC_PASSWORD', f.password);
    try {
      const r = await potok(['onec', 'check']);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('BAD Catalog_КлассификаторБанков is not published');
      expect(r.stdout).toContain('Not usable');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('given --json, when run against a refused login, then it prints the findings as JSON and exits 1', async () => {
    const f = await fake1C();
    const r = await potok(['onec', 'check', '--url', f.url, '--user', f.user, '--password', 'nope', '--json']);
    expect(r.code).toBe(1);
    const parsed = JSON.parse(r.stdout) as { usable: boolean; findings: { check: string; ok: boolean }[] };
    expect(parsed.usable).toBe(false);
    expect(parsed.findings.find((x) => x.check === 'auth')?.ok).toBe(false);
  });

  it('given no URL anywhere, when run, then it exits 2 naming --url', async () => {
    vi.stubEnv('POTOK_ONEC_URL', '');
    try {
      const r = await potok(['onec', 'check', '--user', 'u']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--url');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('given a URL that is not http, when run, then it exits 2', async () => {
    const r = await potok(['onec', 'check', '--url', 'ftp://1c.local/buh', '--user', 'u']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('http');
  });
});
