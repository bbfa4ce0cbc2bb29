import { forbidden, invalid, notFound, type FieldMessage } from '../service-error.ts';
import { isRole, type Actor, type Role } from '../roles.ts';
import type { Clock } from '../clock.ts';
import { hashPassword, verifyPassword, MIN_PASSWORD_LENGTH } from './password.ts';
import type { UserPatch, UserRepository } from './user.repository.ts';
import { NOTIFICATION_KINDS, type NotificationKind, type User } from './user.types.ts';
import type { OpenDealRef } from '../deals/sales-rep.service.ts';

export interface NewUser {
  readonly login: string;
  readonly name: string;
  readonly role: string;
  readonly email?: string | null;
  readonly phone?: string | null;
  readonly password?: string | null;
  readonly isGeneralDirector?: boolean;
}

const LOGIN_RE = /^[a-z0-9][a-z0-9._-]{1,39}$/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkNewUser(input: NewUser): FieldMessage[] {
  const problems: FieldMessage[] = [];
  if (!LOGIN_RE.test(input.login)) problems.push({ field: 'login', message: 'Login: 2–40 lower-case latin letters, digits, ".", "_" or "-"' });
  if (input.login === 'system') problems.push({ field: 'login', message: 'Login "system" is reserved' });
  if (!input.name?.trim()) problems.push({ field: 'name', message: 'Name is required' });
  if (!isRole(input.role)) problems.push({ field: 'role', message: 'Role must be one of admin, manager, sales_rep, lawyer, director' });
  if (input.email && !EMAIL_RE.test(input.email)) problems.push({ field: 'email', message: 'E-mail address is not valid' });
  if (input.password !== undefined && input.password !== null && input.password.length < MIN_PASSWORD_LENGTH)
    problems.push({ field: 'password', message: `Password must have at least ${MIN_PASSWORD_LENGTH} characters` });
  return problems;
}

export class UserService {
  constructor(
    private readonly users: UserRepository,
    private readonly clock: Clock,
    /** The open deals a user is the rep of (the deactivation warning); none when not wired. */
    private readonly openDealsOf: (login: string) => Promise<OpenDealRef[]> = async () => [],
  ) {}

  /** Creates a user without an actor check: the CLI, the setup and the demo seed call this. */
  async createTrusted(input: NewUser): Promise<User> {
    const problems = checkNewUser(input);
    if (problems.length) throw invalid(problems);
    if (await this.users.find(input.login)) throw invalid([{ field: 'login', message: 'This login is taken' }]);
    const now = this.clock.now();
    if (input.isGeneralDirector) await this.users.clearGeneralDirector(now);
    await this.users.insert(
      {
        login: input.login,
        name: input.name.trim(),
        email: input.email || null,
        phone: input.phone || null,
        role: input.role as Role,
        isGeneralDirector: !!input.isGeneralDirector,
        passwordHash: input.password ? await hashPassword(input.password) : null,
        emailKinds: ['escalation', 'email_failed'],
      },
      now,
    );
    return (await this.users.find(input.login))!;
  }

  async create(actor: Actor, input: NewUser): Promise<User> {
    if (actor.role !== 'admin') throw forbidden();
    return this.createTrusted(input);
  }

  async list(actor: Actor, filter: { role?: Role; active?: boolean }): Promise<User[]> {
    // Every person needs the names of colleagues (owner, rep, author of a task); only
    // admins see inactive accounts.
    const users = await this.users.list(actor.role === 'admin' ? filter : { ...filter, active: true });
    return users;
  }

  async get(actor: Actor, login: string): Promise<User> {
    const user = await this.users.find(login);
    if (!user || (!user.active && actor.role !== 'admin')) throw notFound('User not found');
    return user;
  }

  async update(actor: Actor, login: string, patch: UserPatch): Promise<User> {
    const self = actor.login === login;
    if (actor.role !== 'admin') {
      // A person may change their own name, phone, e-mail and e-mail choices, not their role.
      if (!self) throw forbidden();
      if (patch.role !== undefined || patch.active !== undefined || patch.isGeneralDirector !== undefined) throw forbidden();
    }
    const user = await this.users.find(login);
    if (!user) throw notFound('User not found');
    const problems: FieldMessage[] = [];
    if (patch.name !== undefined && !patch.name.trim()) problems.push({ field: 'name', message: 'Name is required' });
    if (patch.email && !EMAIL_RE.test(patch.email)) problems.push({ field: 'email', message: 'E-mail address is not valid' });
    if (patch.role !== undefined && !isRole(patch.role)) problems.push({ field: 'role', message: 'Unknown role' });
    if (patch.emailKinds?.some((k) => !(NOTIFICATION_KINDS as readonly string[]).includes(k)))
      problems.push({ field: 'emailKinds', message: `Kinds must be among ${NOTIFICATION_KINDS.join(', ')}` });
    if (self && (patch.active === false || (patch.role !== undefined && patch.role !== 'admin' && user.role === 'admin')))
      problems.push({ field: patch.active === false ? 'active' : 'role', message: 'You cannot lock yourself out' });
    if (problems.length) throw invalid(problems);
    const now = this.clock.now();
    if (patch.isGeneralDirector) await this.users.clearGeneralDirector(now);
    const kinds = patch.emailKinds ? ([...new Set([...patch.emailKinds, 'escalation'])] as NotificationKind[]) : undefined;
    await this.users.update(login, { ...patch, ...(kinds ? { emailKinds: kinds } : {}) }, now);
    return (await this.users.find(login))!;
  }

  /**
   * `update`, and when the user is (now) inactive: the open deals they are still the rep
   * of — their tasks are not handed over by deactivation; a manager changes the deals' rep.
   */
  async updateWithWarnings(actor: Actor, login: string, patch: UserPatch): Promise<User & { openDeals?: OpenDealRef[] }> {
    const user = await this.update(actor, login, patch);
    if (patch.active !== false || user.active) return user;
    const openDeals = await this.openDealsOf(login);
    return openDeals.length ? { ...user, openDeals } : user;
  }

  async setPassword(actor: Actor, login: string, input: { currentPassword?: string; newPassword: string }): Promise<void> {
    const self = actor.login === login;
    if (!self && actor.role !== 'admin') throw forbidden();
    const user = await this.users.find(login);
    if (!user) throw notFound('User not found');
    if (input.newPassword.length < MIN_PASSWORD_LENGTH)
      throw invalid([{ field: 'newPassword', message: `Password must have at least ${MIN_PASSWORD_LENGTH} characters` }]);
    if (self) {
      const stored = await this.users.passwordHash(login);
      if (!stored || !input.currentPassword || !(await verifyPassword(stored, input.currentPassword)))
        throw invalid([{ field: 'currentPassword', message: 'Current password is wrong' }]);
    }
    await this.users.setPasswordHash(login, await hashPassword(input.newPassword), this.clock.now());
  }

  async setPasswordTrusted(login: string, password: string): Promise<void> {
    if (password.length < MIN_PASSWORD_LENGTH) throw invalid([{ field: 'password', message: `Password must have at least ${MIN_PASSWORD_LENGTH} characters` }]);
    if (!(await this.users.find(login))) throw notFound('User not found');
    await this.users.setPasswordHash(login, await hashPassword(password), this.clock.now());
  }

  /**
   * The general director for task authorship (spec, block 7): the active user the admin
   * marked, whatever their role in Potok; else the first active user with role `director`.
   */
  async generalDirector(): Promise<User | null> {
    const active = await this.users.list({ active: true });
    const marked = active.find((u) => u.isGeneralDirector);
    if (marked) return marked;
    const directors = active.filter((u) => u.role === 'director').sort((a, b) => a.createdAt - b.createdAt || a.login.localeCompare(b.login));
    return directors[0] ?? null;
  }

}
