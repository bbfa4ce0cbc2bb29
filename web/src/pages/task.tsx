import { useCallback, useMemo, useRef, useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { taskTitle } from '../i18n.ts';
import { ApiError, get, post, type Deal, type FieldError, type Task } from '../api.ts';
import { ErrorBox, Loading } from '../layout.tsx';
import { fmtDate, fmtDateTime, fmtTime, isoAtOffset, offsetOf, telHref, toLocalInput } from '../format.ts';
import { TaskForm, type TaskFormHandle } from '../form/task-form.tsx';
import { documentUpload } from '../form/document-field.ts';
import { BannedInnNotice, useBannedInnCheck } from '../form/banned-inn-check.tsx';
import { Documents } from './deal-documents.tsx';
import { dropDraft, dropOldDrafts, loadDraft, saveDraft } from '../form/task-draft.ts';
import { useUser } from '../session.tsx';
import { useUsers } from './board.tsx';

/** Tasks that show the deal's documents below the form. */
const REVIEW_TASKS = new Set(['legal_review', 'legal_claim', 'supplement_documents', 'enter_into_1c']);

interface TaskCard {
  task: Task;
  form: { schema: any; values: Record<string, unknown> };
  deal: Deal | null;
  warnings: { code: string; message: string }[];
}

export function DealFacts({ deal }: { deal: Deal }) {
  const { t } = useTranslation();
  return (
    <aside className="card facts" aria-label={t('task.facts')}>
      <h2><Link to={`/deals/${deal.id}`}>№{deal.number} {deal.title}</Link></h2>
      <dl>
        <dt>{t('deal.stage')}</dt><dd>{t(`stages.${deal.stage}`)}</dd>
        <dt>{t('deal.contactName')}</dt><dd>{deal.contactName}</dd>
        <dt>{t('deal.phone')}</dt><dd><a href={telHref(deal.phone)}>{deal.phone}</a></dd>
        <dt>{t('deal.email')}</dt><dd><a href={`mailto:${deal.email}`}>{deal.email}</a></dd>
        {deal.city && <><dt>{t('deal.city')}</dt><dd>{deal.city}</dd></>}
        {deal.premisesAddress && <><dt>{t('deal.premises')}</dt><dd>{deal.premisesAddress}</dd></>}
        {deal.clientType && <><dt>{t('deal.clientType')}</dt><dd>{deal.clientType === 'ip' ? 'ИП' : 'ООО'}</dd></>}
        {deal.comment && <><dt>{t('deal.comment')}</dt><dd>{deal.comment}</dd></>}
      </dl>
    </aside>
  );
}

function Reschedule({ task, place, onDone }: { task: Task; place: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [start, setStart] = useState(toLocalInput(task.plannedAt));
  const [end, setEnd] = useState(toLocalInput(task.dueAt));
  const [where, setWhere] = useState(place);
  const [error, setError] = useState<ApiError | null>(null);
  if (!open) return <button type="button" onClick={() => setOpen(true)}>{t('task.reschedule')}</button>;
  const off = offsetOf(task.dueAt);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await post(`/api/tasks/${task.id}/reschedule`, { start: `${start}:00${off}`, end: `${end}:00${off}`, place: where || null });
      setOpen(false);
      onDone();
    } catch (err) {
      setError(err as ApiError);
    }
  };
  const fe = (f: string) => error?.fields?.find((x) => x.field === f)?.message;
  return (
    <form className="card reschedule" onSubmit={submit} aria-label={t('task.reschedule')}>
      <label>{t('task.start')}<input type="datetime-local" required value={start} onChange={(e) => setStart(e.target.value)} />{fe('start') && <span className="field-error">{fe('start')}</span>}</label>
      <label>{t('task.end')}<input type="datetime-local" required value={end} onChange={(e) => setEnd(e.target.value)} />{fe('end') && <span className="field-error">{fe('end')}</span>}</label>
      <label>{t('task.place')}<input value={where} onChange={(e) => setWhere(e.target.value)} /></label>
      {error && !error.fields.length && <p className="error" role="alert">{error.message}</p>}
      <div className="row"><button type="submit" className="primary">{t('save')}</button><button type="button" onClick={() => setOpen(false)}>{t('cancel')}</button></div>
    </form>
  );
}

export default function TaskPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const q = useQuery({ queryKey: ['task', id], queryFn: () => get<TaskCard>(`/api/tasks/${id}`) });
  const formRef = useRef<TaskFormHandle>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [unplaced, setUnplaced] = useState<FieldError[]>([]);
  const user = useUser();
  const users = useUsers();
  const login = user?.login ?? '';
  const isOpen = q.data?.task.status === 'open';
  // The task's values, with what this person typed before and did not send yet (task-draft.ts).
  const [draftEpoch, setDraftEpoch] = useState(0); // "start over" reloads the form with the task's own values
  const serverValues = useMemo(() => ({ ...(q.data?.form.values ?? {}) }), [q.data]);
  const { values, draftAt } = useMemo(() => {
    const draft = isOpen && id && login && draftEpoch >= 0 ? loadDraft(login, id) : null;
    return { values: draft ? { ...serverValues, ...draft.data } : serverValues, draftAt: draft?.savedAt ?? null };
  }, [serverValues, isOpen, id, login, draftEpoch]);
  const innCheck = useBannedInnCheck(id, q.data?.form.schema, isOpen, formRef);
  // The form's first data after each import is what it was given (form-js fills in empty
  // fields): only changes from there are the person's typing.
  const baseline = useRef<{ of: unknown; data: Record<string, unknown> } | null>(null);
  const onFormData = useCallback(
    (data: Record<string, unknown>) => {
      innCheck.onData(data);
      if (baseline.current?.of !== values) {
        baseline.current = { of: values, data };
        return;
      }
      if (isOpen && id && login) saveDraft(login, id, data, draftAt === null ? baseline.current.data : {});
    },
    [innCheck, isOpen, id, login, values, draftAt],
  );
  if (q.isLoading) return <Loading />;
  if (q.error || !q.data) return <ErrorBox error={q.error ?? t('task.notMine')} />;
  const { task, form, deal, warnings } = q.data;
  documentUpload.dealId = task.dealId;
  // Someone else's task (a manager looking at the rep's call): shown, not worked on here — a manager hands it over instead.
  const mine = !!user && (task.assignee === user.login || (task.assignee === null && task.candidateGroups.includes(user.role)));
  const open = task.status === 'open' && mine;
  const complete = async (confirmBannedInn = false) => {
    const data = formRef.current?.collect();
    setMessage(null);
    setUnplaced([]);
    if (!data) {
      setMessage(t('task.fixErrors'));
      return;
    }
    setBusy(true);
    try {
      await post(`/api/tasks/${task.id}/complete`, { data: confirmBannedInn ? { ...data, confirmBannedInn: true } : data });
      dropDraft(login, task.id);
      dropOldDrafts();
      await qc.invalidateQueries({ queryKey: ['tasks'] });
      navigate('/tasks', { state: { done: task.title } });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'confirmation_required') innCheck.fromRefusal(err.fields);
      else if (err instanceof ApiError && err.fields.length) {
        setUnplaced(formRef.current?.showServerErrors(err.fields) ?? err.fields);
        setMessage(t('task.fixErrors'));
      } else setMessage((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  // The meeting as stored (a place typed into the form is not saved until the task is completed or the meeting moved).
  const place = typeof serverValues.meetingPlace === 'string' ? serverValues.meetingPlace : '';
  return (
    <section className="task-page">
      <p><Link to="/tasks">← {t('task.back')}</Link></p>
      <h1>{taskTitle(task)}</h1>
      <div className="task-head">
        {task.kind && <span className={`kind kind-${task.kind}`}>{t(`tasks.kinds.${task.kind}`, task.kind)}</span>}
        {/* A planned call: its window (e.g. 09:00–15:00 on the 3rd working day), not only the deadline. */}
        {task.kind !== 'meeting' && task.plannedAt && (
          <span>{t('task.planned')}: {fmtDateTime(task.plannedAt, i18n.language)}{task.dueAt && fmtDate(task.dueAt, i18n.language) === fmtDate(task.plannedAt, i18n.language) ? `–${fmtTime(task.dueAt)}` : ''}</span>
        )}
        <span className={task.overdue ? 'overdue-text' : ''}>{t('tasks.due')}: {fmtDateTime(task.dueAt, i18n.language)}{task.overdue && ` · ${t('tasks.overdue')}`}</span>
        {/* A task set in someone's name (the general director's «enter into 1C», spec block 7). */}
        {task.author && <span className="task-author">{t('task.author')}: {users.data?.items.find((u) => u.login === task.author)?.name ?? task.author}</span>}
      </div>
      {task.kind === 'call' && deal && (
        <a className="button call big" href={telHref(deal.phone)}>{t('tasks.call')}: {deal.contactName}, {deal.phone}</a>
      )}
      {task.kind === 'meeting' && (
        <div className="card meeting-info" aria-label={t('tasks.kinds.meeting')}>
          <p><strong>{fmtDate(task.plannedAt, i18n.language)}</strong>, {fmtTime(task.plannedAt)}–{fmtTime(task.dueAt)}{place && <> · {place}</>}</p>
          {task.status === 'open' && (mine || user?.role === 'manager') && <Reschedule task={task} place={place} onDone={() => { setMessage(null); setNote(t('task.rescheduled')); void q.refetch(); }} />}
        </div>
      )}
      {/* A form that shows `bannedInnWarning` itself needs no second copy above it. */}
      {warnings.filter((w) => !(w.code === 'banned_inn' && form.values.bannedInnWarning && JSON.stringify(form.schema ?? '').includes('{{bannedInnWarning}}'))).map((w) => <p key={w.code} className="warning" role="alert">⚠ {w.message}</p>)}
      <div className="task-layout">
        <div className="card">
          {task.status === 'open' && !mine && (
            <p className="muted" role="status">{t('task.heldBy', { name: task.assignee ? (users.data?.items.find((u) => u.login === task.assignee)?.name ?? task.assignee) : t(`roles.${task.candidateGroups[0] ?? ''}`, { defaultValue: task.candidateGroups.join(', ') }) })}</p>
          )}
          {note && <p className="ok" role="status">{note}</p>}
          {open && draftAt !== null && (
            <p className="muted draft-note" role="status">
              {t('task.draftRestored', { at: fmtDateTime(isoAtOffset(draftAt, offsetOf(task.dueAt ?? task.plannedAt ?? task.createdAt)), i18n.language) })}{' '}
              <button type="button" className="link" onClick={() => { dropDraft(login, task.id); setDraftEpoch((n) => n + 1); }}>{t('task.draftDiscard')}</button>
            </p>
          )}
          {form.schema ? <TaskForm ref={formRef} schema={form.schema} values={values} readOnly={!open} onChange={onFormData} companyOffset={offsetOf(task.dueAt ?? task.plannedAt ?? task.createdAt)} /> : null}
          {unplaced.map((e) => <p key={e.field} className="error">{e.field}: {e.message}</p>)}
          {message && <p className="error" role="alert">{message}</p>}
          {open && innCheck.banned && <BannedInnNotice banned={innCheck.banned} busy={busy} onConfirm={() => void complete(true)} />}
          {open && <button type="button" className="primary" disabled={busy} onClick={() => void complete()}>{t('task.complete')}</button>}
        </div>
        {deal && <DealFacts deal={deal} />}
      </div>
      {/* The lawyer reviews with every document in view (spec, block 6); the manager enters the client into 1C from them. */}
      {deal && REVIEW_TASKS.has(task.elementId) && <Documents deal={deal} />}
    </section>
  );
}
