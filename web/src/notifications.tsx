/** The header's notifications: unread count, the latest ones, mark all read (escalations reach the manager here). */
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { get, post } from './api.ts';
import { fmtDateTime } from './format.ts';

interface Note { id: string; kind: string; title: string; body: string | null; dealId: string | null; taskId: string | null; createdAt: string; readAt: string | null }

export function Notifications() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const count = useQuery({ queryKey: ['notes', 'count'], queryFn: () => get<{ count: number }>('/api/notifications/unread-count'), refetchInterval: 30_000 });
  const list = useQuery({ queryKey: ['notes', 'list'], queryFn: () => get<{ items: Note[] }>('/api/notifications?limit=20'), enabled: open });
  const readAll = async () => {
    await post('/api/notifications/read', { all: true });
    await qc.invalidateQueries({ queryKey: ['notes'] });
  };
  // Opening a notification reads it.
  const openNote = (x: Note) => {
    setOpen(false);
    if (!x.readAt) void post('/api/notifications/read', { ids: [x.id] }).then(() => qc.invalidateQueries({ queryKey: ['notes'] }), () => {});
  };
  const n = count.data?.count ?? 0;
  return (
    <div className="notes">
      <button type="button" className="link" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t('notes.title')}{n > 0 && <span className="badge" aria-label={t('notes.unread', { count: n })}>{n}</span>}
      </button>
      {open && (
        <div className="notes-panel" role="dialog" aria-label={t('notes.title')}>
          {list.data?.items.length === 0 && <p className="muted">{t('notes.empty')}</p>}
          <ul className="plain">
            {list.data?.items.map((x) => (
              <li key={x.id} className={x.readAt ? 'muted' : ''}>
                <small>{fmtDateTime(x.createdAt, i18n.language)}</small>{' '}
                {x.taskId ? <Link to={`/tasks/${x.taskId}`} onClick={() => openNote(x)}>{x.title}</Link> : x.dealId ? <Link to={`/deals/${x.dealId}`} onClick={() => openNote(x)}>{x.title}</Link> : x.title}
                {x.body && <div>{x.body}</div>}
              </li>
            ))}
          </ul>
          <div className="row">
            {n > 0 && <button type="button" onClick={() => void readAll()}>{t('notes.readAll')}</button>}
            <button type="button" onClick={() => setOpen(false)}>{t('close')}</button>
          </div>
        </div>
      )}
    </div>
  );
}
