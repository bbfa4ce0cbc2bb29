/**
 * `potok serve --demo`: demo users with the password "demo" (too short for real users,
 * on purpose) and a few deals at different stages, driven through the same services a
 * person uses. Runs only on an empty database.
 */
import { hashPassword } from '../crm/users/password.ts';
import type { Actor } from '../crm/roles.ts';
import type { Potok } from './potok-server.ts';

const USERS = [
  { login: 'admin', name: 'Администратор Демо', role: 'admin' },
  { login: 'manager', name: 'Мария Менеджерова', role: 'manager' },
  { login: 'rep', name: 'Иван Представителев', role: 'sales_rep' },
  { login: 'lawyer', name: 'Елена Юристова', role: 'lawyer' },
  { login: 'director', name: 'Дмитрий Директоров', role: 'director' },
] as const;

const DEALS = [
  { title: 'ООО «Пенная гавань»', contactName: 'Сергей Пивоваров', phone: '+7 916 111-22-33', email: 'sergey@example.ru', city: 'Москва', source: 'сайт', steps: 0 },
  { title: 'ИП Хмелёва А. В.', contactName: 'Анна Хмелёва', phone: '+7 921 222-33-44', email: 'anna@example.ru', city: 'Санкт-Петербург', source: 'выставка', steps: 1 },
  { title: 'ООО «Солод и Ко»', contactName: 'Олег Солодов', phone: '+7 905 333-44-55', email: 'oleg@example.ru', city: 'Казань', source: 'звонок', steps: 2 },
] as const;

/** Seeds once; returns false when the database already has users. */
export async function seedDemo(potok: Potok): Promise<boolean> {
  const { crm } = potok;
  if ((await crm.repositories.users.count()) > 0) return false;
  const hash = await hashPassword('demo');
  for (const u of USERS) {
    await crm.users.createTrusted({ login: u.login, name: u.name, role: u.role, email: `${u.login}@demo.potok`, isGeneralDirector: u.role === 'director' });
    await crm.repositories.users.setPasswordHash(u.login, hash, crm.clock.now());
  }
  const manager: Actor = { login: 'manager', name: USERS[1].name, role: 'manager' };
  const rep: Actor = { login: 'rep', name: USERS[2].name, role: 'sales_rep' };
  for (const d of DEALS) {
    const { steps, ...fields } = d;
    const deal = await crm.deals.create(manager, fields);
    if (steps >= 1) {
      const assign = (await crm.tasks.mine(manager, { offset: 0, limit: 50 })).items.find((t) => t.dealId === deal.id && t.elementId === 'assign_rep');
      if (assign) await crm.tasks.complete(manager, assign.id, { salesRep: 'rep' });
    }
    if (steps >= 2) {
      const call = (await crm.tasks.mine(rep, { offset: 0, limit: 50 })).items.find((t) => t.dealId === deal.id && t.elementId === 'first_call');
      if (call) await crm.tasks.complete(rep, call.id, { callResult: 'meeting' });
    }
  }
  return true;
}
