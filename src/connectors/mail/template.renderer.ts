/**
 * A small, safe template language for the admin's e-mail templates: `{{group.field}}`
 * and nothing else — no code, no loops, no helpers — because admins edit templates in
 * the browser and a template must never run code on the server (which eta would).
 * Values are HTML-escaped in HTML bodies and kept on one line in subjects.
 */
import type { FieldProblem } from '../connector.ts';
import {
  allowedPlaceholders,
  isTemplateType,
  PLACEHOLDER_CATALOGUE,
  sampleData,
  type TemplateData,
  type TemplateType,
} from './template-catalogue.ts';

export interface TemplateAttachment {
  /** The file store id of an uploaded file; null until the admin uploads it. */
  readonly fileId: string | null;
  /** The name the client sees. */
  readonly filename: string;
  readonly contentType?: string;
  /** What the admin should upload (shown in the editor). */
  readonly title?: string;
}

export interface MailTemplate {
  readonly type: TemplateType;
  /** Shown in the admin's list, e.g. «Презентация компании». */
  readonly name: string;
  readonly subject: string;
  readonly text: string;
  /** Optional HTML body; without it the mail is plain text. */
  readonly html?: string | null;
  readonly attachments?: readonly TemplateAttachment[];
}

export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string | null;
  /** Placeholders that had no value in the data (rendered as empty). */
  readonly missing: readonly string[];
}

export interface TemplateProblem extends FieldProblem {
  readonly placeholder?: string;
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const NAME = /^[a-z]+\.[A-Za-z]+$/;
const BODY_FIELDS = ['subject', 'text', 'html'] as const;

/** Every placeholder used in a text, in order of first use. */
export function placeholdersIn(text: string): string[] {
  const seen = new Set<string>();
  for (const m of text.matchAll(PLACEHOLDER)) seen.add(m[1]);
  return [...seen];
}

/**
 * Checks a template before it is saved: its type, required parts, and every placeholder
 * against the type's catalogue. Lists every problem, each naming the field and the placeholder.
 */
export function validateTemplate(template: unknown): { ok: true; template: MailTemplate } | { ok: false; problems: TemplateProblem[] } {
  const problems: TemplateProblem[] = [];
  const t = (template ?? {}) as Record<string, unknown>;
  if (!isTemplateType(t.type)) {
    problems.push({ field: 'type', message: `unknown template type ${JSON.stringify(t.type)}; known: ${Object.keys(PLACEHOLDER_CATALOGUE).join(', ')}` });
    return { ok: false, problems };
  }
  const allowed = allowedPlaceholders(t.type);
  if (typeof t.name !== 'string' || !t.name.trim()) problems.push({ field: 'name', message: 'the template needs a name' });
  if (typeof t.subject !== 'string' || !t.subject.trim()) problems.push({ field: 'subject', message: 'the subject is required' });
  if (typeof t.text !== 'string' || !t.text.trim()) problems.push({ field: 'text', message: 'the text body is required' });
  if (t.html !== undefined && t.html !== null && typeof t.html !== 'string') problems.push({ field: 'html', message: 'the HTML body must be text' });

  for (const field of BODY_FIELDS) {
    const value = t[field];
    if (typeof value !== 'string') continue;
    if (field === 'subject' && /[\r\n]/.test(value)) problems.push({ field, message: 'the subject must be one line' });
    for (const name of placeholdersIn(value)) {
      if (!NAME.test(name)) problems.push({ field, placeholder: name, message: `{{${name}}} in ${field} is not a placeholder name (write e.g. {{client.name}})` });
      else if (!allowed.has(name)) problems.push({ field, placeholder: name, message: `unknown placeholder {{${name}}} in ${field}; allowed for ${t.type}: ${[...allowed].join(', ')}` });
    }
    const leftover = value.replace(PLACEHOLDER, '');
    if (leftover.includes('{{') || leftover.includes('}}')) problems.push({ field, message: `unbalanced {{ or }} in ${field}` });
  }

  if (t.attachments !== undefined) {
    if (!Array.isArray(t.attachments)) problems.push({ field: 'attachments', message: 'attachments must be a list' });
    else t.attachments.forEach((a: any, i: number) => {
      if (!a || typeof a.filename !== 'string' || !a.filename.trim()) problems.push({ field: `attachments[${i}].filename`, message: 'each attachment needs a file name' });
      if (a && a.fileId !== null && a.fileId !== undefined && typeof a.fileId !== 'string') problems.push({ field: `attachments[${i}].fileId`, message: 'fileId must be a file id or null' });
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, template: t as unknown as MailTemplate };
}

/** Renders a (validated) template with a deal's data. Unknown data is never evaluated, only looked up. */
export function renderTemplate(template: MailTemplate, data: TemplateData): RenderedMail {
  const missing = new Set<string>();
  const lookup = (name: string): string => {
    const [group, key] = name.split('.');
    // Own properties only: {{constructor.name}} must not reach Object.prototype.
    const values = group !== undefined && Object.hasOwn(data, group) ? data[group] : undefined;
    const v = values && key !== undefined && Object.hasOwn(values, key) ? values[key] : undefined;
    if (v === undefined || v === null || v === '') {
      missing.add(name);
      return '';
    }
    return String(v);
  };
  const fill = (text: string, encode: (s: string) => string) => text.replace(PLACEHOLDER, (_m, name: string) => encode(lookup(name)));
  const subject = fill(template.subject, oneLine).trim();
  const text = fill(template.text, (s) => s);
  const html = template.html ? fill(template.html, escapeHtml) : null;
  return { subject, text, html, missing: [...missing] };
}

/**
 * What the admin's editor shows: the template rendered with a deal's data when given,
 * sample values for the rest, and the validation problems (a preview never throws).
 */
export function previewTemplate(template: unknown, data?: TemplateData): { rendered: RenderedMail | null; problems: TemplateProblem[] } {
  const checked = validateTemplate(template);
  if (!checked.ok) return { rendered: null, problems: checked.problems };
  const samples = sampleData(checked.template.type);
  const merged: Record<string, Record<string, string | number | null | undefined>> = {};
  for (const [group, values] of Object.entries(samples)) merged[group] = { ...values };
  for (const [group, values] of Object.entries(data ?? {})) {
    if (!values) continue;
    for (const [key, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== '') (merged[group] ??= {})[key] = v;
  }
  return { rendered: renderTemplate(checked.template, merged), problems: [] };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
}
