/**
 * Block 7's decision "is 1C configured?" (potok.onboarding.prepare) uses the same settings
 * as the onec.createCounterparty job: the admin's stored ones, else POTOK_ONEC_*.
 */
import { describe, expect, it } from 'vitest';
import { crmJobHandlers } from '../../src/crm/process/crm-job.handlers.ts';

function prepare(stored: Record<string, unknown> | null, env: Record<string, string | undefined>) {
  const handlers = crmJobHandlers({
    db: null as any,
    notifier: null as any,
    deals: null as any,
    settings: { get: async (key: string) => (key === 'onec' ? stored : null) } as any,
    users: { generalDirector: async () => ({ login: 'dima' }) } as any,
    env,
  });
  const handler = handlers.find((h) => h.type === 'potok.onboarding.prepare')!;
  return handler.run({ job: { payload: {}, headers: {} } } as any);
}

describe('potok.onboarding.prepare', () => {
  it('given 1C only in the environment, then 1C counts as configured', async () => {
    const r = await prepare(null, { POTOK_ONEC_URL: 'http://1c.example.local/buh', POTOK_ONEC_USER: 'odata', POTOK_ONEC_PASSWORD: 'x' });
    expect(r).toEqual({ kind: 'complete', variables: { onecConfigured: true, director: 'dima' } });
  });

  it('given stored settings, then 1C counts as configured whatever the environment says', async () => {
    expect(await prepare({ url: 'http://1c.example.local/buh', user: 'odata' }, {})).toMatchObject({ variables: { onecConfigured: true } });
  });

  it('given neither, or stored settings without a URL and no environment, then 1C is not configured', async () => {
    expect(await prepare(null, {})).toMatchObject({ variables: { onecConfigured: false } });
    expect(await prepare({ user: 'odata' }, {})).toMatchObject({ variables: { onecConfigured: false } });
  });
});
