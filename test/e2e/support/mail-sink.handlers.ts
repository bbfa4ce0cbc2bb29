/**
 * Loaded by the browser tests' `potok worker --handlers …`: completes the process's
 * `email.send` jobs as if the mail went out (`potok serve` has no mail handler
 * registered yet; without SMTP the real one completes with status `not_configured` too).
 */
import type { JobHandlerRegistry } from '../../../src/runtime/jobs/job-handler.ts';

export function register(registry: JobHandlerRegistry): void {
  if (registry.types().includes('email.send')) return;
  registry.register({
    type: 'email.send',
    run: async () => ({ kind: 'complete', variables: { status: 'not_configured' } }),
  });
}
