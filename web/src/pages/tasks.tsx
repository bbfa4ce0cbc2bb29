import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { taskTitle } from '../i18n.ts';
import { get, post, type Page, type Task } from '../api.ts';
import { ErrorBox, Loading } from '../layout.tsx';
import { fmtDateTime, telHref } from '../format.ts';

/** Overdue first, then by due time (the API sorts so too; kept here for the merged group list). */
export function byUrgency(a: Task, b: Task): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  const da = a.dueAt ? Date.parse(a.dueAt) : Infinity;
  const db = b.dueAt ? Date.parse(b.dueAt) : Infinity;
  return da - db;
}

export function TaskRow({ task, action }: { task: Task; action?: React.ReactNode }) {
  const { t, i18n } = useTranslation();
  return (
    <li className={`task ${task.overdue ? 'overdue' : ''}`} data-element={task.elementId}>
      <div className="task-main">
        <Link to={`/tasks/${task.id}`} className="task-title">{taskTitle(task)}</Link>
        <div className="task-meta">
          {task.kind && <span className={`kind kind-${task.kind}`}>{t(`tasks.kinds.${task.kind}`, task.kind)}</span>}
          {task.deal && <span>{task.deal.title}</span>}
          {task.deal?.city && <span className="muted">{task.deal.city}</span>}
        </div>
        <div className="task-meta">
          {task.kind === 'meeting' && task.plannedAt && <span>{t('tasks.planned')}: {fmtDateTime(task.plannedAt, i18n.language)}</span>}
          <span className={task.overdue ? 'due overdue-text' : 'due'}>
            {t('tasks.due')}: {fmtDateTime(task.dueAt, i18n.language)}
            {task.overdue && ` · ${t('tasks.overdue')}`}
          </span>
        </div>
      </div>
      <div className="task-actions">
        {task.kind === 'call' && task.deal?.phone && (
          <a className="button call" href={telHref(task.deal.phone)} aria-label={`${t('tasks.call')} ${task.deal.phone}`}>
            {task.deal.phone}
          </a>
        )}
        {action}
      </div>
    </li>
  );
}

export function TasksPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const mine = useQuery({ queryKey: ['tasks', 'mine'], queryFn: () => get<Page<Task>>('/api/tasks/mine?limit=200'), refetchInterval: 15_000 });
  const group = useQuery({ queryKey: ['tasks', 'group'], queryFn: () => get<Page<Task>>('/api/tasks/group?limit=200'), refetchInterval: 15_000 });
  const claim = async (task: Task) => {
    await post(`/api/tasks/${task.id}/claim`);
    await qc.invalidateQueries({ queryKey: ['tasks'] });
    navigate(`/tasks/${task.id}`);
  };
  if (mine.isLoading) return <Loading />;
  const items = [...(mine.data?.items ?? [])].sort(byUrgency);
  const groupItems = [...(group.data?.items ?? [])].sort(byUrgency);
  return (
    <section>
      <h1>{t('tasks.title')}</h1>
      <ErrorBox error={mine.error} />
      {items.length === 0 ? <p className="muted">{t('tasks.empty')}</p> : (
        <ul className="tasks" aria-label={t('tasks.title')}>
          {items.map((task) => <TaskRow key={task.id} task={task} />)}
        </ul>
      )}
      {groupItems.length > 0 && (
        <>
          <h2>{t('tasks.group')}</h2>
          <ul className="tasks" aria-label={t('tasks.group')}>
            {groupItems.map((task) => (
              <TaskRow key={task.id} task={task} action={<button type="button" onClick={() => void claim(task)}>{t('tasks.take')}</button>} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
