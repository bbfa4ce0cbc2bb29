/**
 * A movable clock for browser tests and demos of timers: `POTOK_TEST_CLOCK=1 potok serve`
 * runs on the machine's time plus an offset that an admin can push forward with
 * `POST /api/test/clock { "advanceMs": … }`. Off unless the variable is set, and refused
 * when NODE_ENV is "production", so a real installation can never move its time.
 */
import { Type } from 'typebox';
import { ServiceError, forbidden } from '../crm/service-error.ts';
import type { Clock } from '../runtime/index.ts';
import { toIso } from '../crm/time-format.ts';
import { actorOf } from './auth.plugin.ts';
import type { App } from './context.ts';
import { commonErrors } from './schemas.ts';

export class OffsetClock implements Clock {
  #offset = 0;
  now(): number {
    return Date.now() + this.#offset;
  }
  advance(ms: number): void {
    this.#offset += ms;
  }
}

export function testClockEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.POTOK_TEST_CLOCK !== '1') return false;
  if (env.NODE_ENV === 'production') throw new Error('POTOK_TEST_CLOCK cannot be used with NODE_ENV=production');
  return true;
}

export function testClockRoutes(app: App, clock: OffsetClock, zone: string): void {
  app.post(
    '/api/test/clock',
    {
      schema: {
        tags: ['system'],
        summary: 'Test mode only (POTOK_TEST_CLOCK=1): move the server clock forward (admin)',
        body: Type.Object({ advanceMs: Type.Integer({ minimum: 0, maximum: 366 * 24 * 3600_000 }) }),
        response: { 200: Type.Object({ now: Type.String() }), ...commonErrors() },
      },
    },
    async (request) => {
      if (actorOf(request).role !== 'admin') throw forbidden();
      if (!Number.isFinite(request.body.advanceMs)) throw new ServiceError('validation', 'advanceMs must be a number');
      clock.advance(request.body.advanceMs);
      return { now: toIso(clock.now(), zone)! };
    },
  );
}
