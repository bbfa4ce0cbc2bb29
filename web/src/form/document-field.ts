/**
 * form-js renderer for Potok's `potok-document` field: a link to a cloud store OR a file
 * uploaded through the documents API. The file input has no `capture`, so a phone offers
 * the camera or its files (a PDF or Word file already on it), and accepts what the
 * server's upload policy accepts. The value
 * is `{ url }` or `{ fileId }`, exactly what the server validates (src/forms/document-field.ts).
 * form-js renders with preact, so this component is written with preact's `h`.
 */
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { DOCUMENT_FIELD_CONFIG } from '../../../src/forms/document-field.ts';
import { ApiError, api, fileBlobUrl } from '../api.ts';
import i18n from '../i18n.ts';
import { DEFAULT_ACCEPT } from './upload-accept.ts';

/** Which deal uploads go to; set by the task page before the form renders. */
export const documentUpload: { dealId: string | null } = { dealId: null };

let acceptLoad: Promise<string> | null = null;
/** The server's accept list, asked once per page load (an operator may change the allowed types). */
function loadAccept(): Promise<string> {
  acceptLoad ??= api<{ accept: string }>('GET', '/api/uploads/policy').then(
    (p) => p.accept || DEFAULT_ACCEPT,
    () => {
      acceptLoad = null;
      return DEFAULT_ACCEPT;
    },
  );
  return acceptLoad;
}

type DocValue = { url?: string; fileId?: string } | null;

type DealFile = { id: string; name: string; url: string };
const dealFiles = new Map<string, Promise<DealFile[]>>();
/** A deal's uploaded files, asked once per deal (again after an upload): a pre-filled document shows its file's name. */
function filesOfDeal(dealId: string, fresh = false): Promise<DealFile[]> {
  if (fresh || !dealFiles.has(dealId)) {
    dealFiles.set(dealId, api<{ items: DealFile[] }>('GET', `/api/deals/${dealId}/files`).then((r) => r.items, () => (dealFiles.delete(dealId), [])));
  }
  return dealFiles.get(dealId)!;
}

interface Props {
  field: { id: string; key: string; label?: string; validate?: { required?: boolean }; description?: string };
  value: DocValue;
  errors?: string[];
  domId: string;
  disabled?: boolean;
  readonly?: boolean;
  onChange: (u: { field: unknown; value: DocValue }) => void;
  onBlur?: () => void;
  onFocus?: () => void;
}

export function DocumentField(props: Props) {
  const { field, value, errors = [], domId, disabled, readonly } = props;
  const t = (k: string) => i18n.t(k);
  const [mode, setMode] = useState<'link' | 'file'>(value && value.fileId ? 'file' : 'link');
  const [busy, setBusy] = useState(false);
  const [fileName, setFileName] = useState<string | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [accept, setAccept] = useState(DEFAULT_ACCEPT);
  useEffect(() => {
    let live = true;
    void loadAccept().then((a) => live && setAccept(a));
    return () => {
      live = false;
    };
  }, []);
  const [fileUrl, setFileUrl] = useState<string | null>(null);
  // A file given before (the task pre-filled, a restored draft): its name and a way to open it.
  useEffect(() => {
    const id = value?.fileId;
    const dealId = documentUpload.dealId;
    if (!id || !dealId) return;
    let live = true;
    void filesOfDeal(dealId).then((files) => {
      const f = files.find((x) => x.id === id);
      if (live && f) {
        setFileName(f.name);
        setFileUrl(f.url);
      }
    });
    return () => {
      live = false;
    };
  }, [value?.fileId]);
  const open = async () => {
    if (!fileUrl) return;
    const u = await fileBlobUrl(fileUrl);
    window.open(u, '_blank', 'noopener');
    setTimeout(() => URL.revokeObjectURL(u), 60_000);
  };
  const set = (v: DocValue) => props.onChange({ field, value: v });
  const allErrors = uploadError ? [...errors, uploadError] : errors;
  const errorId = `${domId}-error`;
  const upload = async (file: File) => {
    if (!documentUpload.dealId) return;
    setBusy(true);
    setUploadError(null);
    try {
      const fd = new FormData();
      fd.append('file', file, file.name);
      const info = await api<{ id: string; name: string }>('POST', `/api/deals/${documentUpload.dealId}/files?docKey=${encodeURIComponent(field.key)}`, fd);
      setFileName(info.name);
      void filesOfDeal(documentUpload.dealId, true);
      set({ fileId: info.id });
    } catch (err) {
      setUploadError(err instanceof ApiError ? (err.fields[0]?.message ?? err.message) : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const required = !!field.validate?.required;
  const locked = disabled || readonly;
  return h('div', { class: `potok-doc fjs-form-field ${allErrors.length ? 'fjs-has-errors' : ''}`, 'data-doc-key': field.key }, [
    h('label', { class: 'fjs-form-field-label', for: `${domId}-url` }, [field.label ?? field.key, required ? h('span', { class: 'fjs-asterix' }, ' *') : null]),
    h('div', { class: 'potok-doc-modes', role: 'radiogroup', 'aria-label': field.label ?? field.key }, [
      h('label', { class: 'potok-doc-mode' }, [
        h('input', { type: 'radio', name: `${domId}-mode`, checked: mode === 'link', disabled: locked, onChange: () => setMode('link') }),
        ' ',
        t('doc.link'),
      ]),
      h('label', { class: 'potok-doc-mode' }, [
        h('input', { type: 'radio', name: `${domId}-mode`, checked: mode === 'file', disabled: locked, onChange: () => setMode('file') }),
        ' ',
        t('doc.file'),
      ]),
    ]),
    mode === 'link'
      ? h('input', {
          id: `${domId}-url`,
          class: 'fjs-input',
          type: 'url',
          inputMode: 'url',
          placeholder: t('doc.linkPlaceholder'),
          value: value?.url ?? '',
          disabled: locked,
          'aria-invalid': allErrors.length > 0,
          'aria-describedby': allErrors.length ? errorId : undefined,
          onInput: (e: Event) => set({ url: (e.target as HTMLInputElement).value }),
          onBlur: props.onBlur,
          onFocus: props.onFocus,
        })
      : h('div', { class: 'potok-doc-file' }, [
          h('input', {
            id: `${domId}-url`,
            type: 'file',
            accept,
            disabled: locked || busy,
            'aria-label': `${field.label ?? field.key}: ${t('doc.choose')}`,
            'aria-invalid': allErrors.length > 0,
            onChange: (e: Event) => {
              const f = (e.target as HTMLInputElement).files?.[0];
              if (f) void upload(f);
            },
          }),
          busy ? h('span', { class: 'muted', role: 'status' }, t('doc.uploading')) : null,
          !busy && value?.fileId
            ? h('span', { class: 'potok-doc-done' }, [
                `✓ ${t('doc.uploaded')}`,
                fileName ? `: ${fileName} ` : '',
                fileUrl ? h('button', { type: 'button', class: 'link', onClick: () => void open() }, t('doc.open')) : null,
              ])
            : null,
        ]),
    allErrors.length ? h('div', { class: 'fjs-form-field-error', id: errorId, role: 'alert' }, allErrors.map((e) => h('span', {}, e))) : null,
  ]);
}

(DocumentField as any).config = { ...DOCUMENT_FIELD_CONFIG };

class PotokFormFields {
  static $inject = ['formFields'];
  constructor(formFields: { register: (type: string, c: unknown) => void }) {
    formFields.register('potok-document', DocumentField);
  }
}

/** A form-js module: pass in `additionalModules`. */
export const potokFormModule = { __init__: ['potokFormFields'], potokFormFields: ['type', PotokFormFields] };
