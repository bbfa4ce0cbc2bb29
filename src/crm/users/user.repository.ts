import type { Kysely } from 'kysely';
import { fromJson, toJson } from '../../store/json.ts';
import type { Role } from '../roles.ts';
import type { NotificationKind, User } from './user.types.ts';

export interface NewUserRow {
  readonly login: string;
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly role: Role;
  readonly isGeneralDirector: boolean;
  readonly passwordHash: string | null;
  readonly emailKinds: readonly NotificationKind[];
}

export type UserPatch = Partial<Pick<User, 'name' | 'email' | 'phone' | 'role' | 'active' | 'isGeneralDirector' | 'emailKinds'>>;

export function toUser(r: any): User {
  return {
    login: r.login,
    name: r.name,
    email: r.email ?? null,
    phone: r.phone ?? null,
    role: r.role,
    active: Number(r.active) === 1,
    isGeneralDirector: Number(r.is_general_director) === 1,
    emailKinds: fromJson<NotificationKind[]>(r.email_kinds) ?? [],
    hasPassword: !!r.password_hash,
    createdAt: Number(r.created_at),
  };
}

export class UserRepository {
  constructor(private readonly db: Kysely<any>) {}

  async count(): Promise<number> {
    const r = await this.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async find(login: string, db: Kysely<any> = this.db): Promise<User | null> {
    const r = await db.selectFrom('users').selectAll().where('login', '=', login).executeTakeFirst();
    return r ? toUser(r) : null;
  }

  async findMany(logins: readonly string[]): Promise<Map<string, User>> {
    if (logins.length === 0) return new Map();
    const rows = await this.db.selectFrom('users').selectAll().where('login', 'in', [...new Set(logins)]).execute();
    return new Map(rows.map((r) => [r.login, toUser(r)]));
  }

  async passwordHash(login: string): Promise<string | null> {
    const r = await this.db.selectFrom('users').select(['password_hash', 'active']).where('login', '=', login).executeTakeFirst();
    return r && Number(r.active) === 1 ? (r.password_hash ?? null) : null;
  }

  async list(filter: { role?: Role; active?: boolean } = {}, db: Kysely<any> = this.db): Promise<User[]> {
    let q = db.selectFrom('users').selectAll().orderBy('login');
    if (filter.role) q = q.where('role', '=', filter.role);
    if (filter.active !== undefined) q = q.where('active', '=', filter.active ? 1 : 0);
    return (await q.execute()).map(toUser);
  }

  async insert(row: NewUserRow, now: number): Promise<void> {
    await this.db
      .insertInto('users')
      .values({
        login: row.login,
        name: row.name,
        email: row.email,
        phone: row.phone,
        role: row.role,
        active: 1,
        is_general_director: row.isGeneralDirector ? 1 : 0,
        password_hash: row.passwordHash,
        email_kinds: toJson(row.emailKinds),
        created_at: now,
        updated_at: now,
      })
      .execute();
  }

  async update(login: string, patch: UserPatch, now: number): Promise<void> {
    const values: Record<string, unknown> = { updated_at: now };
    if (patch.name !== undefined) values.name = patch.name;
    if (patch.email !== undefined) values.email = patch.email;
    if (patch.phone !== undefined) values.phone = patch.phone;
    if (patch.role !== undefined) values.role = patch.role;
    if (patch.active !== undefined) values.active = patch.active ? 1 : 0;
    if (patch.isGeneralDirector !== undefined) values.is_general_director = patch.isGeneralDirector ? 1 : 0;
    if (patch.emailKinds !== undefined) values.email_kinds = toJson(patch.emailKinds);
    await this.db.updateTable('users').set(values).where('login', '=', login).execute();
  }

  async clearGeneralDirector(now: number): Promise<void> {
    await this.db.updateTable('users').set({ is_general_director: 0, updated_at: now }).where('is_general_director', '=', 1).execute();
  }

  async setPasswordHash(login: string, hash: string, now: number): Promise<void> {
    await this.db.updateTable('users').set({ password_hash: hash, updated_at: now }).where('login', '=', login).execute();
  }
}
