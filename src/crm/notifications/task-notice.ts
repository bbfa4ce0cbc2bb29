/** The title of a "new task" notification: the task and the deal it belongs to, so that five alike tell apart. */
export function newTaskTitle(taskTitle: string, deal: { number: number; title: string } | null | undefined): string {
  return deal ? `Новая задача: ${taskTitle} — сделка №${deal.number} «${deal.title}»` : `Новая задача: ${taskTitle}`;
}
