/** The files attached to an e-mail template (the presentation PDF): upload, replace, download, remove; and the warning while one is missing. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api.ts';
import { fmtDateTime } from '../format.ts';

export interface TemplateFile { id: string; name: string; contentType: string; size: number; uploadedBy: string; uploadedAt: string }
export interface TemplateAttachmentState { index: number; filename: string; title: string | null; contentType: string | null; file: TemplateFile | null }
export interface TemplateFilesEntry {
  type: string;
  customised: boolean;
  template: Record<string, unknown>;
  attachments?: TemplateAttachmentState[];
  missingFiles?: { index: number; filename: string; title: string | null }[];
  incomplete?: boolean;
}

const fileUrl = (type: string, index: number) => `/api/admin/templates/${encodeURIComponent(type)}/attachments/${index}/file`;

function fmtSize(bytes: number, lang: string): string {
  const ru = lang.startsWith('ru');
  if (bytes < 1024) return `${bytes} ${ru ? 'Б' : 'B'}`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} ${ru ? 'КБ' : 'KB'}`;
  return `${(bytes / 1024 / 1024).toFixed(1)} ${ru ? 'МБ' : 'MB'}`;
}

/** Shown above the templates while any of them has an attachment without a file. */
export function TemplateFilesWarning({ items }: { items: TemplateFilesEntry[] | undefined }) {
  const { t } = useTranslation();
  const incomplete = (items ?? []).filter((x) => x.incomplete);
  if (!incomplete.length) return null;
  return (
    <div className="warning" role="alert">
      {incomplete.map((x) => (
        <p key={x.type}>
          {t('tplFiles.warning', { template: String(x.template.name ?? x.type), files: (x.missingFiles ?? []).map((m) => `«${m.filename}»`).join(', ') })}
        </p>
      ))}
    </div>
  );
}

/** One row per attachment of the template being edited. `onChanged` gets the template as the server now has it. */
export function TemplateAttachments({ entry, onChanged }: { entry: TemplateFilesEntry; onChanged: (next: TemplateFilesEntry) => void | Promise<void> }) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<{ index: number; message: string } | null>(null);
  const list = entry.attachments ?? [];
  if (!list.length) return null;

  const run = async (index: number, action: () => Promise<TemplateFilesEntry>) => {
    setBusy(index);
    setError(null);
    try {
      await onChanged(await action());
    } catch (err) {
      const e = err as ApiError;
      // The field's message says what is wrong with the file (it repeats the list of allowed types; the summary would say it twice).
      setError({ index, message: e instanceof ApiError ? (e.fields[0]?.message ?? e.message) : String(err) });
    } finally {
      setBusy(null);
    }
  };
  const upload = (index: number, file: File) =>
    run(index, () => {
      const fd = new FormData();
      fd.append('file', file, file.name);
      return api<TemplateFilesEntry>('POST', fileUrl(entry.type, index), fd);
    });
  const remove = (index: number) => {
    if (!window.confirm(t('tplFiles.confirmRemove'))) return;
    void run(index, () => api<TemplateFilesEntry>('DELETE', fileUrl(entry.type, index)));
  };

  return (
    <fieldset className="template-attachments">
      <legend>{t('tplFiles.title')}</legend>
      {list.map((a) => (
        <div key={a.index} className="template-attachment" data-attachment={a.index}>
          <p>
            <strong>{a.filename}</strong>
            {a.title ? <> — {a.title}</> : null}
          </p>
          {a.file ? (
            <p className="ok">
              {t('tplFiles.uploaded')}: <a href={fileUrl(entry.type, a.index)} download>{a.file.name}</a>, {fmtSize(a.file.size, i18n.language)} ({a.file.uploadedBy}, {fmtDateTime(a.file.uploadedAt, i18n.language)})
            </p>
          ) : (
            <p className="warning">{t('tplFiles.missing')}</p>
          )}
          <div className="row">
            <label className="button">
              {busy === a.index ? t('tplFiles.uploading') : a.file ? t('tplFiles.replace') : t('tplFiles.upload')}
              <input
                type="file"
                accept=".pdf,.ppt,.pptx,.odp,.doc,.docx,.odt,.xls,.xlsx,.jpg,.jpeg,.png,.zip,.txt"
                disabled={busy !== null}
                aria-label={`${a.file ? t('tplFiles.replace') : t('tplFiles.upload')}: ${a.filename}`}
                onChange={(e) => {
                  const f = e.target.files?.[0];
                  e.target.value = '';
                  if (f) void upload(a.index, f);
                }}
              />
            </label>
            {a.file && (
              <button type="button" disabled={busy !== null} onClick={() => remove(a.index)}>
                {t('tplFiles.remove')}
              </button>
            )}
          </div>
          {error?.index === a.index && <p className="error" role="alert">{error.message}</p>}
        </div>
      ))}
      <p className="muted">{t('tplFiles.hint')}</p>
    </fieldset>
  );
}
