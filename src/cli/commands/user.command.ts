/**
 * `potok user add --login L --name N --role R [--email E] [--phone P] [--general-director] [--password-stdin]`
 * `potok user password --login L --password-stdin`
 * `potok user update --login L [--name N] [--role R] [--email E] [--phone P] [--general-director | --no-general-director] [--deactivate | --activate]`
 * `potok user list`
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { openDatabase } from '../../store/database.ts';
import { migrateToLatest } from '../../store/migrate.ts';
import { UserRepository } from '../../crm/users/user.repository.ts';
import { UserService } from '../../crm/users/user.service.ts';
import { ServiceError } from '../../crm/service-error.ts';
import { systemClock } from '../../crm/clock.ts';
import { SYSTEM_ACTOR } from '../../crm/roles.ts';
import { openDealsOfRep } from '../../crm/deals/sales-rep.service.ts';
import { BadInputError, EXIT_OK } from '../main.ts';
import type { SetExitCode } from './index.ts';

interface DbFlags {
  databaseUrl?: string;
  dataDir?: string;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** `existing`: the command needs an installation (list, update, password): a wrong --data-dir is said, not created. */
async function withUsers<T>(flags: DbFlags, body: (users: UserService, repo: UserRepository) => Promise<T>, { existing = true } = {}): Promise<T> {
  const url = flags.databaseUrl ?? process.env.DATABASE_URL;
  const dataDir = flags.dataDir ?? process.env.POTOK_DATA_DIR ?? './data';
  if (existing && !url && !existsSync(path.join(dataDir, 'potok.db'))) {
    throw new BadInputError(`there is no Potok database in ${path.resolve(dataDir)} (no potok.db): check --data-dir / POTOK_DATA_DIR, or DATABASE_URL`);
  }
  const database = openDatabase({ url, dataDir });
  try {
    await migrateToLatest(database);
    const repo = new UserRepository(database.db);
    return await body(new UserService(repo, systemClock, (login) => openDealsOfRep(database.db, login)), repo);
  } catch (err) {
    if (err instanceof ServiceError) {
      const detail = err.fields?.map((f) => `${f.field}: ${f.message}`).join('; ');
      throw new BadInputError(detail ? `${err.message}: ${detail}` : err.message);
    }
    throw err;
  } finally {
    await database.close();
  }
}

export function registerUserCommand(program: Command, setExitCode: SetExitCode): void {
  const user = program.command('user').description('manage users (admin, manager, sales_rep, lawyer, director)');
  const dbOptions = (c: Command) =>
    c.option('--database-url <url>', 'postgres://… (env DATABASE_URL; default: SQLite in the data directory)').option('--data-dir <dir>', 'data directory (env POTOK_DATA_DIR; default ./data)');

  dbOptions(
    user
      .command('add')
      .description('create a user; the password is read from stdin with --password-stdin')
      .requiredOption('--login <login>', 'login (lower-case latin letters, digits, . _ -)')
      .requiredOption('--name <name>', 'full name')
      .requiredOption('--role <role>', 'admin | manager | sales_rep | lawyer | director')
      .option('--email <email>', 'e-mail address (notifications)')
      .option('--phone <phone>', 'phone number')
      .option('--general-director', 'mark as the general director (author of the 1C task)')
      .option('--password-stdin', 'read the password from standard input'),
  ).action(async (o: DbFlags & { login: string; name: string; role: string; email?: string; phone?: string; generalDirector?: boolean; passwordStdin?: boolean }) => {
    const password = o.passwordStdin ? await readStdin() : null;
    const created = await withUsers(o, (users) =>
      users.createTrusted({ login: o.login, name: o.name, role: o.role, email: o.email ?? null, phone: o.phone ?? null, password, isGeneralDirector: !!o.generalDirector }),
      { existing: false },
    );
    process.stdout.write(`created ${created.login} (${created.role})${password ? '' : ' without a password: set one with `potok user password --login ' + created.login + ' --password-stdin`'}\n`);
    setExitCode(EXIT_OK);
  });

  dbOptions(user.command('password').description("set a user's password from stdin").requiredOption('--login <login>', 'login').option('--password-stdin', 'read the password from standard input')).action(
    async (o: DbFlags & { login: string; passwordStdin?: boolean }) => {
      if (!o.passwordStdin) throw new BadInputError('give the password on standard input with --password-stdin');
      const password = await readStdin();
      await withUsers(o, (users) => users.setPasswordTrusted(o.login, password));
      process.stdout.write(`password of ${o.login} set\n`);
      setExitCode(EXIT_OK);
    },
  );

  dbOptions(
    user
      .command('update')
      .description("change a user: name, role, contacts, the general director's mark, active or not (an inactive user cannot log in)")
      .requiredOption('--login <login>', 'login of the user to change')
      .option('--name <name>', 'full name')
      .option('--role <role>', 'admin | manager | sales_rep | lawyer | director')
      .option('--email <email>', 'e-mail address ("" removes it)')
      .option('--phone <phone>', 'phone number ("" removes it)')
      .option('--general-director', 'mark as the general director (the mark moves from whoever had it)')
      .option('--no-general-director', "remove the general director's mark")
      .option('--deactivate', 'deactivate: the user can no longer log in; their deals and tasks stay as they are')
      .option('--activate', 'activate again'),
  ).action(
    async (o: DbFlags & { login: string; name?: string; role?: string; email?: string; phone?: string; generalDirector?: boolean; deactivate?: boolean; activate?: boolean }) => {
      if (o.deactivate && o.activate) throw new BadInputError('give either --deactivate or --activate, not both');
      const patch = {
        ...(o.name !== undefined ? { name: o.name } : {}),
        ...(o.role !== undefined ? { role: o.role } : {}),
        ...(o.email !== undefined ? { email: o.email.trim() || null } : {}),
        ...(o.phone !== undefined ? { phone: o.phone.trim() || null } : {}),
        ...(o.generalDirector !== undefined ? { isGeneralDirector: o.generalDirector } : {}),
        ...(o.deactivate ? { active: false } : o.activate ? { active: true } : {}),
      };
      if (Object.keys(patch).length === 0) throw new BadInputError('nothing to change: give at least one of --name, --role, --email, --phone, --general-director, --no-general-director, --deactivate, --activate');
      const updated = await withUsers(o, (users) => users.updateWithWarnings(SYSTEM_ACTOR, o.login, patch as Parameters<UserService['update']>[2]));
      process.stdout.write(
        `updated ${updated.login}: ${updated.role}, ${updated.active ? 'active' : 'inactive'}${updated.isGeneralDirector ? ', general director' : ''}\n`,
      );
      for (const deal of updated.openDeals ?? []) {
        process.stdout.write(`  still the rep of open deal №${deal.number} «${deal.title}» (${deal.stage}): a manager should change its rep\n`);
      }
      setExitCode(EXIT_OK);
    },
  );

  dbOptions(user.command('list').description('list users')).action(async (o: DbFlags) => {
    const list = await withUsers(o, (_u, repo) => repo.list());
    for (const u of list) process.stdout.write(`${u.login}\t${u.role}\t${u.active ? 'active' : 'inactive'}\t${u.name}${u.email ? `\t${u.email}` : ''}\n`);
    setExitCode(EXIT_OK);
  });
}
