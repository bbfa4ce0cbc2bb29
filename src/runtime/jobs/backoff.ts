/**
 * The one retry formula of Potok's jobs (documented in docs/operating.md):
 *
 *     delay after the n-th failed attempt = min(base × 2^(n−1), max)
 *     with base = 5 s and max = 1 h: 5 s, 10 s, 20 s, 40 s, … capped at one hour.
 *
 * Optional jitter spreads retries of many jobs that failed together (an SMTP server
 * down for everybody) by ±jitter of the delay; it is off by default so that runs, tests
 * and simulations are deterministic.
 */
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
  /** 0 = none; 0.1 = ±10 %. */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 5_000, maxMs: 3_600_000, jitter: 0 };

/** The delay before the next attempt after `attempt` attempts (1 = the first) have failed. */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const n = Math.max(1, Math.floor(attempt));
  // 2^(n−1) overflows nothing below n ≈ 1000, but the cap is reached long before.
  const raw = Math.min(policy.baseMs * 2 ** Math.min(n - 1, 40), policy.maxMs);
  if (policy.jitter <= 0) return raw;
  const factor = 1 + policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(raw * factor));
}
