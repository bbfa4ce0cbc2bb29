/**
 * Tells each person, once, that a task of theirs is overdue (in the app; by e-mail if
 * they chose `task_overdue`). `potok serve` runs it every minute; the first-call
 * escalation to the manager is the process's own job (potok.notify), not this.
 * The "told" flag is user_tasks.overdue_notified, the CRM's own column of the runtime's row.
 */
import type { Kysely } from 'kysely';
import type { Notifier } from '../notifications/notifier.ts';

export async function notifyOverdueTasks(db: Kysely<any>, notifier: Notifier, now: number, batch = 200): Promise<number> {
  // A range on user_tasks_open_due (open tasks by due time, the flag in the index).
  const rows = await db
    .selectFrom('user_tasks as t')
    .leftJoin('deals as d', 'd.id', 't.business_key')
    .select(['t.id', 't.title', 't.assignee', 'd.id as deal_id', 'd.number as deal_number', 'd.title as deal_title'])
    .where('t.status', '=', 'open')
    .where('t.due_at', '<', now)
    .where('t.overdue_notified', '=', 0)
    .where('t.assignee', 'is not', null)
    .orderBy('t.due_at')
    .limit(batch)
    .execute();
  for (const r of rows) {
    await db.transaction().execute(async (trx) => {
      const claimed = await trx.updateTable('user_tasks').set({ overdue_notified: 1 }).where('id', '=', r.id).where('overdue_notified', '=', 0).executeTakeFirst();
      // Another process got there first.
      if (Number(claimed.numUpdatedRows) === 0) return;
      await notifier.notify(trx, { login: r.assignee, kind: 'task_overdue', title: `Просрочена задача: ${r.title}${r.deal_id ? ` (сделка №${Number(r.deal_number)} «${r.deal_title}»)` : ''}`, dealId: r.deal_id ?? null, taskId: r.id, dedupeKey: `overdue:${r.id}` }, now);
    });
  }
  return rows.length;
}
