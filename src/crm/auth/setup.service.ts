/**
 * First start: while there are no users, the server prints a one-time setup token in
 * its log; whoever presents it may create the first admin, once. Only the token's hash
 * is stored, so it cannot be read back from the database.
 */
import type { Clock } from '../clock.ts';
import { ServiceError } from '../service-error.ts';
import type { SettingsRepository } from '../settings/settings.repository.ts';
import type { UserRepository } from '../users/user.repository.ts';
import type { UserService } from '../users/user.service.ts';
import type { User } from '../users/user.types.ts';
import { randomToken, sameSecret, sha256 } from './auth.service.ts';

const KEY = 'setup_token_hash';

export class SetupService {
  constructor(
    private readonly users: UserRepository,
    private readonly userService: UserService,
    private readonly settings: SettingsRepository,
    private readonly clock: Clock,
  ) {}

  async needed(): Promise<boolean> {
    return (await this.users.count()) === 0;
  }

  /** A fresh token when there are no users (printed by `serve`), else null. */
  async issueToken(): Promise<string | null> {
    if (!(await this.needed())) return null;
    const token = randomToken();
    await this.settings.set(KEY, sha256(token), this.clock.now());
    return token;
  }

  async createAdmin(token: string, input: { login: string; name: string; password: string; email?: string | null }): Promise<User> {
    if (!(await this.needed())) throw new ServiceError('conflict', 'Potok is already set up');
    const stored = await this.settings.get<string>(KEY);
    if (!stored || !sameSecret(stored, sha256(token))) throw new ServiceError('forbidden', 'The setup token is not valid');
    if (!input.password) throw new ServiceError('validation', 'Some fields are not valid', [{ field: 'password', message: 'Password is required' }]);
    const user = await this.userService.createTrusted({ ...input, role: 'admin' });
    await this.settings.delete(KEY);
    return user;
  }
}
