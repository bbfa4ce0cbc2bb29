/**
 * The admin's settings: SMTP and 1C connections (secrets are stored, never returned:
 * an empty password on save keeps the stored one), e-mail templates (stored over the
 * shipped ones, validated and previewed with the connectors' functions), the company
 * calendar (day corrections, xmlcalendar import) and the list of sent e-mails.
 */
import type { Kysely } from 'kysely';
import { parseXmlCalendar, validateDayCorrection, CalendarError, type DayCorrection, type YearCalendarData, type YearNorm } from '../../calendar/index.ts';
import { resolveSmtpConfig, validateSmtpConfig } from '../../connectors/mail/smtp-config.ts';
import { resolveOneCConfig, validateOneCConfig } from '../../connectors/onec/onec-config.ts';
import { checkSmtp } from '../../connectors/mail/smtp-check.ts';
import { checkConnection } from '../../connectors/onec/onec-check.ts';
import { TEMPLATE_TYPES, isTemplateType, sampleData } from '../../connectors/mail/template-catalogue.ts';
import { previewTemplate, validateTemplate, type MailTemplate } from '../../connectors/mail/template.renderer.ts';
import { loadShippedTemplates } from '../../connectors/mail/shipped-templates.ts';
import { fromJson, fromJsonOrNull, toJson } from '../../store/json.ts';
import type { Clock } from '../clock.ts';
import type { Actor } from '../roles.ts';
import { forbidden, invalid, notFound, ServiceError } from '../service-error.ts';
import type { SettingsRepository } from '../settings/settings.repository.ts';
import { maskSecrets } from './secret-mask.ts';

const SECRET_KEYS = ['password'];

function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw forbidden();
}

/** A stored connection without its secrets, plus which secrets are set. */
function redacted(stored: Record<string, unknown> | null): { settings: Record<string, unknown> | null; secretsSet: string[] } {
  if (!stored) return { settings: null, secretsSet: [] };
  const settings: Record<string, unknown> = {};
  const secretsSet: string[] = [];
  for (const [k, v] of Object.entries(stored)) {
    if (SECRET_KEYS.includes(k)) {
      if (v) secretsSet.push(k);
    } else settings[k] = v;
  }
  return { settings, secretsSet };
}

export class AdminSettingsService {
  constructor(
    private readonly db: Kysely<any>,
    private readonly settings: SettingsRepository,
    private readonly clock: Clock,
    /** Called after the stored calendar changed, so the running system uses it at once. */
    private readonly onCalendarChanged: () => void = () => {},
  ) {}

  async getConnection(actor: Actor, kind: 'smtp' | 'onec') {
    requireAdmin(actor);
    return redacted(await this.settings.get<Record<string, unknown>>(kind));
  }

  async putConnection(actor: Actor, kind: 'smtp' | 'onec', input: Record<string, unknown>) {
    requireAdmin(actor);
    const stored = (await this.settings.get<Record<string, unknown>>(kind)) ?? {};
    const merged: Record<string, unknown> = { ...input };
    for (const k of SECRET_KEYS) if ((merged[k] === undefined || merged[k] === '' || merged[k] === null) && stored[k]) merged[k] = stored[k];
    const checked = kind === 'smtp' ? validateSmtpConfig(merged) : validateOneCConfig(merged);
    if (!checked.ok) throw invalid(checked.problems.map((p) => ({ field: p.field, message: p.message })));
    await this.settings.set(kind, merged, this.clock.now());
    return redacted(merged);
  }

  /**
   * The "test" button: checks the connection the jobs would use (the body's settings over
   * the stored ones, else the environment). The answer never carries a secret.
   */
  async testConnection(actor: Actor, kind: 'smtp' | 'onec', input: Record<string, unknown> | null) {
    requireAdmin(actor);
    const stored = await this.settings.get<Record<string, unknown>>(kind);
    let candidate: Record<string, unknown> | null = stored;
    if (input && Object.keys(input).length > 0) {
      candidate = { ...input };
      for (const k of SECRET_KEYS) if ((candidate[k] === undefined || candidate[k] === '' || candidate[k] === null) && stored?.[k]) candidate[k] = stored[k];
    }
    const resolved = kind === 'smtp' ? resolveSmtpConfig(candidate as any, process.env) : resolveOneCConfig(candidate as any, process.env);
    if (!resolved) return { ok: false, configured: false, message: kind === 'smtp' ? 'SMTP не настроен' : '1С не настроена' };
    if (!resolved.ok) throw invalid(resolved.problems.map((p) => ({ field: p.field, message: p.message })));
    const secrets = [resolved.config.password].filter((x): x is string => typeof x === 'string' && x.length > 0);
    // Each string of the answer on its own (never the JSON text: a secret like `"` or `:` would break it).
    const scrub = (v: unknown): Record<string, unknown> => JSON.parse(JSON.stringify(v), (_k, x: unknown) => (typeof x === 'string' ? maskSecrets(x, secrets) : x)) as Record<string, unknown>;
    const signal = AbortSignal.timeout(15_000);
    if (kind === 'smtp') {
      const r = await checkSmtp(resolved.config as any, { signal });
      return scrub(r.ok ? { ok: true, configured: true, message: r.message } : { ok: false, configured: true, message: r.error.message, error: r.error });
    }
    const r = await checkConnection(resolved.config as any, { signal });
    return scrub({ ok: r.usable, configured: true, ...r });
  }

  async deleteConnection(actor: Actor, kind: 'smtp' | 'onec') {
    requireAdmin(actor);
    await this.settings.delete(kind);
  }

  // --- templates -------------------------------------------------------------

  private async storedTemplate(type: string): Promise<MailTemplate | null> {
    const r = await this.db.selectFrom('email_templates').selectAll().where('key', '=', type).executeTakeFirst();
    return r ? (fromJson<MailTemplate>(r.body) as MailTemplate) : null;
  }

  async listTemplates(actor: Actor) {
    requireAdmin(actor);
    const shipped = await loadShippedTemplates();
    return Promise.all(TEMPLATE_TYPES.map(async (type) => {
      const stored = await this.storedTemplate(type);
      return { type, customised: !!stored, template: (stored ?? shipped[type]) as unknown as Record<string, unknown> };
    }));
  }

  /** The template the e-mail job uses: the admin's version, else the shipped one. */
  async effectiveTemplate(type: string): Promise<MailTemplate | null> {
    if (!isTemplateType(type)) return null;
    return (await this.storedTemplate(type)) ?? (await loadShippedTemplates())[type];
  }

  async putTemplate(actor: Actor, type: string, template: Record<string, unknown>) {
    requireAdmin(actor);
    if (!isTemplateType(type)) throw notFound('No such template');
    const checked = validateTemplate({ ...template, type });
    if (!checked.ok) throw invalid(checked.problems.map((p) => ({ field: p.field, message: p.message })));
    const now = this.clock.now();
    const body = toJson(checked.template);
    await this.db
      .insertInto('email_templates')
      .values({ key: type, subject: checked.template.subject, body, updated_by: actor.login, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ subject: checked.template.subject, body, updated_by: actor.login, updated_at: now }))
      .execute();
    return { type, customised: true, template: checked.template as unknown as Record<string, unknown> };
  }

  async previewTemplate(actor: Actor, type: string, template: Record<string, unknown> | null) {
    requireAdmin(actor);
    if (!isTemplateType(type)) throw notFound('No such template');
    const t = template ? { ...template, type } : await this.effectiveTemplate(type);
    const { rendered, problems } = previewTemplate(t, sampleData(type));
    return { rendered: rendered as unknown as Record<string, unknown> | null, problems: problems.map((p) => ({ field: p.field, message: p.message })) };
  }

  // --- calendar ----------------------------------------------------------------

  #calendar: (() => Promise<unknown>) | null = null;

  /** The running calendar (install-crm): the year view shows what deadlines are computed with. */
  useCalendar(calendar: () => Promise<unknown>): void {
    this.#calendar = calendar;
  }

  /** A year as the running calendar counts it: days off, shortened and working weekend days (corrections included), norms. */
  async yearView(actor: Actor, year: number): Promise<YearNorm> {
    requireAdmin(actor);
    if (!Number.isInteger(year) || year < 1900 || year > 2200) throw invalid([{ field: 'year', message: 'The year must be between 1900 and 2200' }]);
    const calendar = (await this.#calendar?.()) as { yearNorm?: (year: number) => YearNorm } | undefined;
    if (!calendar?.yearNorm) throw new ServiceError('unavailable', 'The calendar is not available');
    return calendar.yearNorm(year);
  }

  async calendar(actor: Actor) {
    requireAdmin(actor);
    const corrections = await this.corrections();
    const years = await this.db.selectFrom('calendar_years').select(['year', 'updated_at', 'updated_by']).orderBy('year').execute();
    return { corrections, importedYears: years.map((y: any) => ({ year: Number(y.year), updatedBy: y.updated_by ?? null, updatedAt: Number(y.updated_at) })) };
  }

  async corrections(): Promise<DayCorrection[]> {
    const rows = await this.db.selectFrom('calendar_corrections').selectAll().orderBy('date').execute();
    return rows.map((r: any) => ({ date: r.date, kind: r.kind, ...(r.note ? { note: r.note } : {}) }));
  }

  async importedYears(): Promise<YearCalendarData[]> {
    const rows = await this.db.selectFrom('calendar_years').selectAll().orderBy('year').execute();
    return rows.map((r: any) => fromJsonOrNull<YearCalendarData>(r.data)!).filter(Boolean);
  }

  async putCorrection(actor: Actor, input: unknown): Promise<DayCorrection> {
    requireAdmin(actor);
    let c: DayCorrection;
    try {
      c = validateDayCorrection(input);
    } catch (err) {
      if (err instanceof CalendarError) throw invalid([{ field: /kind/.test(err.message) ? 'kind' : /note/.test(err.message) ? 'note' : 'date', message: err.message }]);
      throw err;
    }
    const now = this.clock.now();
    await this.db
      .insertInto('calendar_corrections')
      .values({ date: c.date, kind: c.kind, note: c.note ?? null, updated_by: actor.login, updated_at: now })
      .onConflict((oc) => oc.column('date').doUpdateSet({ kind: c.kind, note: c.note ?? null, updated_by: actor.login, updated_at: now }))
      .execute();
    this.onCalendarChanged();
    return c;
  }

  async deleteCorrection(actor: Actor, date: string): Promise<void> {
    requireAdmin(actor);
    const r = await this.db.deleteFrom('calendar_corrections').where('date', '=', date).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw notFound('No correction for this date');
    this.onCalendarChanged();
  }

  /** Imports one year in xmlcalendar format; a bad file is refused with line and reason, the stored calendar unchanged. */
  async importXml(actor: Actor, xml: string, expectedYear?: number) {
    requireAdmin(actor);
    const result = parseXmlCalendar(xml, { ...(expectedYear ? { expectedYear } : {}), source: 'xmlcalendar import' });
    if (!result.ok) {
      // One field per line (the API keeps one message per field): a file on one line has all its problems in it.
      const byLine = new Map<number, string[]>();
      for (const e of result.errors) byLine.set(e.line, [...(byLine.get(e.line) ?? []), e.reason]);
      throw new ServiceError('validation', 'The calendar file was not imported', [...byLine].map(([line, reasons]) => ({ field: `line ${line}`, message: reasons.join('; ') })));
    }
    const now = this.clock.now();
    const data = toJson(result.data);
    await this.db
      .insertInto('calendar_years')
      .values({ year: result.data.year, data, updated_by: actor.login, updated_at: now })
      .onConflict((oc) => oc.column('year').doUpdateSet({ data, updated_by: actor.login, updated_at: now }))
      .execute();
    this.onCalendarChanged();
    return { year: result.data.year, daysOff: result.data.daysOff.length, shortenedDays: result.data.shortenedDays.length, workingWeekendDays: result.data.workingWeekendDays.length };
  }

  // --- sent e-mails --------------------------------------------------------------

  async sentEmails(actor: Actor, page: { offset: number; limit: number }) {
    requireAdmin(actor);
    const q = this.db.selectFrom('jobs').where('type', '=', 'email.send');
    const [rows, total] = await Promise.all([
      q.select(['id', 'instance_id', 'element_id', 'status', 'payload', 'result', 'last_error', 'attempts', 'created_at', 'updated_at']).orderBy('created_at', 'desc').orderBy('id').offset(page.offset).limit(page.limit).execute(),
      q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      items: rows.map((r: any) => {
        const payload = fromJsonOrNull<Record<string, any>>(r.payload) ?? {};
        const result = fromJsonOrNull<Record<string, any>>(r.result) ?? {};
        const mail = result.mail ?? {};
        const to = mail.to ?? payload.to ?? null;
        const status = result.status === 'not_configured' ? 'not_configured' : r.status;
        return {
          id: r.id,
          instanceId: r.instance_id ?? null,
          elementId: r.element_id ?? null,
          status,
          to: Array.isArray(to) ? to.map(String).join(', ') : to === null ? null : String(typeof to === 'object' ? (to.address ?? JSON.stringify(to)) : to),
          subject: mail.subject ?? payload.subject ?? null,
          // An earlier attempt's error is history once the e-mail went out (or waits for SMTP settings).
          error: status === 'failed' || status === 'ready' || status === 'running' ? (r.last_error ?? null) : null,
          attempts: Number(r.attempts),
          createdAt: Number(r.created_at),
          updatedAt: Number(r.updated_at),
        };
      }),
      total: Number((total as any).n),
    };
  }
}
