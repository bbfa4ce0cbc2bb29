import { describe, expect, it } from 'vitest';
import { previewTemplate, renderTemplate, validateTemplate, type MailTemplate } from '../../../src/connectors/mail/template.renderer.ts';
import { loadShippedTemplates } from '../../../src/connectors/mail/shipped-templates.ts';
import { buildTemplateData } from '../../../src/connectors/mail/template-data.ts';
import { PLACEHOLDER_CATALOGUE, TEMPLATE_TYPES } from '../../../src/connectors/mail/template-catalogue.ts';

const presentation: MailTemplate = {
  type: 'presentation',
  name: 'Презентация',
  subject: '{{company.name}} для {{deal.title}}',
  text: 'Здравствуйте, {{ client.name }}! Ваш ТП: {{rep.name}}, {{rep.phone}}.',
  html: '<p>Здравствуйте, {{client.name}}!</p>',
};

describe('e-mail templates', () => {
  it('given a placeholder that does not exist, when the template is saved, then it is refused naming the placeholder and the field', () => {
    const r = validateTemplate({ ...presentation, text: 'Здравствуйте, {{client.nmae}}!' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ field: 'text', placeholder: 'client.nmae' });
    expect(r.problems[0].message).toContain('unknown placeholder {{client.nmae}}');
  });

  it('given a meeting placeholder in the presentation template, when saved, then it is refused: that template has no meeting', () => {
    const r = validateTemplate({ ...presentation, subject: 'Встреча {{meeting.date}}' });
    expect(!r.ok && r.problems.map((p) => p.placeholder)).toEqual(['meeting.date']);
    expect(validateTemplate({ ...presentation, type: 'meeting_invitation', subject: 'Встреча {{meeting.date}}' }).ok).toBe(true);
  });

  it('given broken braces, a code-like placeholder, a multi-line subject and no text, when saved, then every problem is listed', () => {
    const r = validateTemplate({ ...presentation, subject: 'Тема {{client.name}\nвторая строка', text: '', html: '<p>{{ constructor.constructor("x")() }}</p>' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const fields = r.problems.map((p) => p.field).sort();
    expect(fields).toEqual(['html', 'subject', 'subject', 'text']);
  });

  it('given an unknown template type, when saved, then it is refused listing the known types', () => {
    const r = validateTemplate({ ...presentation, type: 'newsletter' });
    expect(!r.ok && r.problems[0].message).toContain('presentation, meeting_invitation, premises_requirements');
  });

  it('given a client name with HTML, when rendered, then the HTML body escapes it and the text body keeps it as typed', () => {
    const r = renderTemplate(presentation, { client: { name: 'Иван <script>alert(1)</script> & "Ко"' }, company: { name: 'Пивной Дом' }, deal: { title: 'ООО «Ромашка»' } });
    expect(r.html).toBe('<p>Здравствуйте, Иван &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Ко&quot;!</p>');
    expect(r.text).toContain('Иван <script>alert(1)</script> & "Ко"');
    expect(r.subject).toBe('Пивной Дом для ООО «Ромашка»');
  });

  it('given data with a missing value and a value with a newline, when rendered, then the gap is reported and the subject stays one line', () => {
    const r = renderTemplate(presentation, { client: { name: 'Иван' }, company: { name: 'Пивной\nДом' }, deal: { title: 'Ромашка' }, rep: { name: 'Мария' } });
    expect(r.missing).toEqual(['rep.phone']);
    expect(r.subject).toBe('Пивной Дом для Ромашка');
  });

  it('given a template and part of a deal, when previewed, then the deal\'s values are used and samples fill the rest', () => {
    const p = previewTemplate(presentation, { client: { name: 'Пётр' } });
    expect(p.problems).toEqual([]);
    expect(p.rendered?.text).toBe('Здравствуйте, Пётр! Ваш ТП: Мария Смирнова, +7 900 765-43-21.');
  });

  it('given an invalid template, when previewed, then the problems come back instead of a rendering', () => {
    const p = previewTemplate({ ...presentation, text: '{{deal.owner}}' });
    expect(p.rendered).toBeNull();
    expect(p.problems[0].placeholder).toBe('deal.owner');
  });

  it('given the shipped templates, when loaded, then all three are valid Russian templates and use only their own placeholders', async () => {
    const all = await loadShippedTemplates();
    expect(Object.keys(all).sort()).toEqual([...TEMPLATE_TYPES].sort());
    for (const type of TEMPLATE_TYPES) {
      const t = all[type];
      expect(validateTemplate(t).ok).toBe(true);
      expect(t.subject).toMatch(/[А-Яа-я]/);
      expect(t.html).toBeTruthy();
      const names = PLACEHOLDER_CATALOGUE[type].map((p) => p.name);
      for (const m of `${t.subject}${t.text}${t.html}`.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) expect(names).toContain(m[1]);
    }
    expect(all.presentation.attachments).toEqual([expect.objectContaining({ fileId: null, contentType: 'application/pdf' })]);
  });

  it('given a deal with a meeting, when the shipped invitation is rendered, then dates are in Moscow time whatever the machine zone', async () => {
    const all = await loadShippedTemplates();
    const start = Date.UTC(2026, 2, 16, 8, 0);
    const data = buildTemplateData({
      deal: { title: 'ООО «Ромашка»', contactName: 'Иван Петров', email: 'ivan@romashka.example' },
      rep: { name: 'Мария Смирнова', phone: '+7 900 765-43-21', email: 'm@pivo.example' },
      company: { name: 'Пивной Дом' },
      meeting: { start, end: start + 3_600_000, place: 'офис' },
    });
    const r = renderTemplate(all.meeting_invitation, data);
    expect(r.subject).toBe('Приглашение на встречу: коммерческое предложение Пивной Дом, 16 марта 2026 г.');
    expect(r.text).toContain('Когда: 16 марта 2026 г., 11:00–12:00');
    expect(r.missing).toEqual([]);
  });
});
