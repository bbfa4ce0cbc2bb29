/**
 * Logging in and out. A session is a random token in an HTTP-only cookie; the database
 * keeps only its SHA-256, so a leaked database cannot be replayed as cookies. Each
 * session has a CSRF token that state-changing requests must echo in `x-potok-csrf`.
 *
 * Throttling: 5 failed attempts for one login from one address lock that pair for 15
 * minutes; meanwhile even the right password is refused (the caller sees `locked`).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import { ServiceError, invalid } from '../service-error.ts';
import type { Actor } from '../roles.ts';
import { dummyHash, verifyPassword } from '../users/password.ts';
import { toUser, type UserRepository } from '../users/user.repository.ts';
import type { User } from '../users/user.types.ts';

export const MAX_FAILURES = 5;
export const LOCK_MS = 15 * 60_000;
export const SESSION_MS = 14 * 24 * 3600_000;

export interface ResolvedSession {
  readonly actor: Actor;
  readonly user: User;
  readonly csrfToken: string;
}

export interface Session {
  readonly token: string;
  readonly csrfToken: string;
  readonly user: User;
  readonly expiresAt: number;
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const randomToken = (): string => randomBytes(32).toString('base64url');

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class AuthService {
  constructor(
    private readonly db: Kysely<any>,
    private readonly users: UserRepository,
    private readonly clock: Clock,
  ) {}

  async login(login: string, password: string, ip: string): Promise<Session> {
    const now = this.clock.now();
    const key = `${login.toLowerCase()}|${ip}`;
    const throttle = await this.db.selectFrom('login_failures').selectAll().where('key', '=', key).executeTakeFirst();
    if (throttle?.locked_until && Number(throttle.locked_until) > now) {
      throw new ServiceError('locked', 'Too many failed attempts; try again later');
    }
    const stored = await this.users.passwordHash(login);
    // Verify against a dummy hash for unknown logins so timing does not reveal which exist.
    const ok = await verifyPassword(stored ?? (await dummyHash()), password);
    if (!stored || !ok) {
      const failures = throttle && !(throttle.locked_until && Number(throttle.locked_until) <= now) ? Number(throttle.failures) + 1 : 1;
      const lockedUntil = failures >= MAX_FAILURES ? now + LOCK_MS : null;
      await this.db
        .insertInto('login_failures')
        .values({ key, failures, locked_until: lockedUntil, updated_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ failures, locked_until: lockedUntil, updated_at: now }))
        .execute();
      throw new ServiceError('unauthenticated', 'Wrong login or password');
    }
    await this.db.deleteFrom('login_failures').where('key', '=', key).execute();
    return this.openSession(login);
  }

  /** Opens a session without a password (setup, tests). */
  async openSession(login: string): Promise<Session> {
    const user = await this.users.find(login);
    if (!user || !user.active) throw new ServiceError('unauthenticated', 'Wrong login or password');
    const now = this.clock.now();
    const token = randomToken();
    const csrfToken = randomToken();
    const expiresAt = now + SESSION_MS;
    await this.db.insertInto('sessions').values({ id_hash: sha256(token), login, csrf_token: csrfToken, created_at: now, expires_at: expiresAt }).execute();
    return { token, csrfToken, user, expiresAt };
  }

  /**
   * Recently resolved sessions, for 2 seconds: every API request resolves its session,
   * and this saves a query per request under load. A logout or password change in this
   * process clears it at once; in another process it takes effect within the TTL.
   */
  readonly #cache = new Map<string, { at: number; value: ResolvedSession }>();
  static readonly CACHE_MS = 2_000;

  /** The session behind a cookie token, or null when unknown, expired or the user is inactive. */
  async resolve(token: string | undefined): Promise<ResolvedSession | null> {
    if (!token) return null;
    const idHash = sha256(token);
    const now = this.clock.now();
    const hit = this.#cache.get(idHash);
    if (hit && now - hit.at < AuthService.CACHE_MS && now >= hit.at) return hit.value;
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.login', 'sessions.login')
      .selectAll('users')
      .select(['sessions.csrf_token', 'sessions.expires_at'])
      .where('sessions.id_hash', '=', idHash)
      .executeTakeFirst();
    if (!row || Number(row.expires_at) <= now || Number(row.active) !== 1) {
      this.#cache.delete(idHash);
      return null;
    }
    // Sliding expiry: a session in use is extended, written at most once per half-life.
    if (Number(row.expires_at) - now <= SESSION_MS / 2) {
      await this.db.updateTable('sessions').set({ expires_at: now + SESSION_MS }).where('id_hash', '=', idHash).execute();
    }
    const user = toUser(row);
    const value: ResolvedSession = { actor: { login: user.login, name: user.name, role: user.role }, user, csrfToken: row.csrf_token };
    if (this.#cache.size > 10_000) this.#cache.clear();
    this.#cache.set(idHash, { at: now, value });
    return value;
  }

  async logout(token: string | undefined): Promise<void> {
    if (token) this.#cache.delete(sha256(token));
    if (token) await this.db.deleteFrom('sessions').where('id_hash', '=', sha256(token)).execute();
  }

  /** After a password change every other session of that person ends. */
  async endOtherSessions(login: string, keepToken?: string): Promise<void> {
    this.#cache.clear();
    let q = this.db.deleteFrom('sessions').where('login', '=', login);
    if (keepToken) q = q.where('id_hash', '<>', sha256(keepToken));
    await q.execute();
  }

  static requireFields(login: unknown, password: unknown): void {
    const problems = [];
    if (typeof login !== 'string' || !login) problems.push({ field: 'login', message: 'Login is required' });
    if (typeof password !== 'string' || !password) problems.push({ field: 'password', message: 'Password is required' });
    if (problems.length) throw invalid(problems);
  }
}

export { sha256, randomToken };
