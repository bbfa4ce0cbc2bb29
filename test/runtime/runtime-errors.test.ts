import { describe, expect, it } from 'vitest';
import { RuntimeError, toRuntimeError } from '../../src/runtime/errors.ts';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('toRuntimeError: the database not being there', () => {
  it.each([
    ['55000', 'database "potok" is not currently accepting connections'],
    ['55000', 'database "potok" does not allow connections'],
    ['28P01', 'password authentication failed for user "potok"'],
    ['28000', 'no pg_hba.conf entry for host'],
    ['57P03', 'the database system is starting up'],
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'],
  ])('given PostgreSQL answering %s (%s), then it is DATABASE_UNAVAILABLE (503 on the API), not an internal error', (code, message) => {
    const e = toRuntimeError(pgError(code, message));
    expect(e).toBeInstanceOf(RuntimeError);
    expect((e as RuntimeError).code).toBe('DATABASE_UNAVAILABLE');
  });

  it('given another 55000 (an object not in the state a statement needs), then it stays the error it is', () => {
    const err = pgError('55000', 'cannot refresh materialized view concurrently');
    expect(toRuntimeError(err)).toBe(err);
  });
});
