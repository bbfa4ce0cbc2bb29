/** A deal's documents (links and uploaded files, every version) with preview and download: the deal card and the lawyer's task show them. */
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fileBlobUrl, get, type Deal } from '../api.ts';
import { fmtDateTime } from '../format.ts';

export interface FileInfo { id: string; docKey: string | null; version: number; name: string; contentType: string; size: number; createdAt: string; url: string; uploadedBy: string }

export const DOC_LABELS: Record<string, string> = {
  passport: 'Паспорт', inn_certificate: 'Свидетельство ИНН', egrip_record: 'Лист записи ЕГРИП', egrip_extract: 'Выписка из ЕГРИП', bank_card: 'Карточка банковских реквизитов',
  premises_lease: 'Договор аренды / право собственности', charter: 'Устав', egrul_record: 'Лист записи ЕГРЮЛ', inn_kpp_certificate: 'Свидетельство ИНН/КПП',
  director_decision: 'Решение о назначении директора', director_order: 'Приказ о вступлении директора', egrul_extract: 'Выписка из ЕГРЮЛ', director_passport: 'Паспорт директора',
};


function Preview({ file, onClose }: { file: FileInfo; onClose: () => void }) {
  const { t } = useTranslation();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let url: string | null = null;
    void fileBlobUrl(file.url).then((u) => { url = u; setSrc(u); });
    return () => { if (url) URL.revokeObjectURL(url); };
  }, [file.url]);
  return (
    <div className="preview" role="dialog" aria-label={file.name}>
      <div className="row">
        <strong>{file.name}</strong><span className="spacer" />
        {/* Phones' browsers often show nothing for a PDF in a frame: open it in the phone's own viewer. */}
        {src && !file.contentType.startsWith('image/') && <a className="button" href={src} target="_blank" rel="noopener" download={file.name}>{t('deal.openFile')}</a>}
        <button type="button" onClick={onClose} autoFocus>{t('close')}</button>
      </div>
      {!src ? <p className="muted">{t('loading')}</p> : file.contentType.startsWith('image/') ? <img src={src} alt={file.name} /> : <iframe src={src} title={file.name} />}
    </div>
  );
}

export function Documents({ deal }: { deal: Deal }) {
  const { t, i18n } = useTranslation();
  const files = useQuery({ queryKey: ['files', deal.id], queryFn: () => get<{ items: FileInfo[] }>(`/api/deals/${deal.id}/files`) });
  const [preview, setPreview] = useState<FileInfo | null>(null);
  const docs = Object.entries(deal.documents ?? {});
  // Titles of the document keys as the document sets name them (an admin may add keys); the built-in list until they come.
  const labelsQ = useQuery({ queryKey: ['document-labels'], queryFn: () => get<{ labels: Record<string, string> }>('/api/document-labels'), staleTime: 300_000 });
  const labelOf = (key: string) => labelsQ.data?.labels[key] ?? DOC_LABELS[key] ?? key;
  const byId = new Map((files.data?.items ?? []).map((f) => [f.id, f]));
  const previewable = (f: FileInfo) => f.contentType.startsWith('image/') || f.contentType === 'application/pdf';
  const download = async (f: FileInfo) => {
    const u = await fileBlobUrl(f.url);
    const a = document.createElement('a');
    a.href = u; a.download = f.name; a.click();
    setTimeout(() => URL.revokeObjectURL(u), 10_000);
  };
  const fileLine = (f: FileInfo) => (
    <>
      {f.name}{f.docKey && <span className="muted"> v{f.version}</span>}{' '}
      {previewable(f) && <button type="button" className="link" onClick={() => setPreview(f)}>{t('deal.preview')}</button>}{' '}
      <button type="button" className="link" onClick={() => void download(f)}>{t('deal.download')}</button>
    </>
  );
  const listed = new Set(docs.map(([, v]) => v?.fileId).filter(Boolean));
  const others = (files.data?.items ?? []).filter((f) => !listed.has(f.id));
  return (
    <section className="card">
      <h2>{t('deal.documents')}</h2>
      {docs.length === 0 && others.length === 0 && <p className="muted">{t('deal.noDocs')}</p>}
      <ul className="docs">
        {docs.map(([key, v]) => (
          <li key={key} data-doc-key={key}>
            <span className="doc-key">{labelOf(key)}</span>:{' '}
            {v?.url ? <a href={v.url} target="_blank" rel="noreferrer noopener">{v.url}</a> : v?.fileId && byId.get(v.fileId) ? fileLine(byId.get(v.fileId)!) : v?.fileId}
          </li>
        ))}
      </ul>
      {/* Files not (or no longer) given as a document: earlier versions, files uploaded for a form never sent. */}
      {others.length > 0 && (
        <details className="older-files">
          <summary>{t('deal.olderFiles', { count: others.length })}</summary>
          <ul className="docs">
            {others.map((f) => (
              <li key={f.id}>
                <span className="doc-key">{f.docKey ? labelOf(f.docKey) : t('deal.otherFile')}</span>: {fileLine(f)}{' '}
                <span className="muted">· {fmtDateTime(f.createdAt, i18n.language)}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {preview && <Preview file={preview} onClose={() => setPreview(null)} />}
    </section>
  );
}
