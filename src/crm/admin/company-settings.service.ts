/**
 * Company settings the franchise specification calls configurable:
 * - the working day (office hours), stored over the environment's default
 *   (POTOK_WORKDAY_START / POTOK_WORKDAY_END, else 09:00–18:00); the running calendar is
 *   rebuilt when it changes;
 * - the recall delay (block 4: "a configurable number of working days later", default 4),
 *   which reaches the process as the variable `recallDelayDays` (see
 *   process/company-variables.port.ts).
 */
import { DEFAULT_WORKDAY, workdayProblems, type Workday } from '../../calendar/index.ts';
import type { Clock } from '../clock.ts';
import type { Actor } from '../roles.ts';
import { forbidden, invalid } from '../service-error.ts';
import type { SettingsRepository } from '../settings/settings.repository.ts';
import { isEmailAddress } from '../../connectors/mail/mail-address.ts';
import { isPhoneNumber } from '../phone.ts';
import { withImpliedScheme } from '../../forms/document-field.ts';

const WORKDAY_KEY = 'workday';
const COMPANY_KEY = 'companyProfile';
const RECALL_KEY = 'recallDelayDays';

export const DEFAULT_RECALL_DELAY_DAYS = 4;
export const RECALL_DELAY_MIN = 1;
export const RECALL_DELAY_MAX = 60;

type Env = Readonly<Record<string, string | undefined>>;

export class WorkdayConfigError extends Error {
  override name = 'WorkdayConfigError';
}

/** The default working day from POTOK_WORKDAY_START / POTOK_WORKDAY_END; throws a WorkdayConfigError naming the variable. */
export function workdayFromEnv(env: Env = process.env): Workday {
  const start = env.POTOK_WORKDAY_START?.trim() || DEFAULT_WORKDAY.start;
  const end = env.POTOK_WORKDAY_END?.trim() || DEFAULT_WORKDAY.end;
  const problems = workdayProblems(start, end);
  if (problems.length) {
    const name = (field: string) => (field === 'workdayStart' ? 'POTOK_WORKDAY_START' : 'POTOK_WORKDAY_END');
    throw new WorkdayConfigError(problems.map((p) => `${name(p.field)}: ${p.message}`).join('; '));
  }
  return { start, end };
}

export interface WorkdaySetting {
  readonly workdayStart: string;
  readonly workdayEnd: string;
  /** 'admin': saved in the admin settings; 'default': the environment's (or the built-in) default. */
  readonly source: 'admin' | 'default';
  readonly defaultStart: string;
  readonly defaultEnd: string;
  readonly updatedBy: string | null;
}

interface StoredWorkday {
  readonly start: string;
  readonly end: string;
  readonly updatedBy?: string;
}

interface StoredRecall {
  readonly days: number;
  readonly updatedBy?: string;
}

function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw forbidden();
}

export class CompanySettingsService {
  constructor(
    private readonly settings: SettingsRepository,
    private readonly clock: Clock,
    /** The working day when the admin has saved none (the environment's, see workdayFromEnv). */
    private readonly workdayDefault: Workday = DEFAULT_WORKDAY,
    /** Rebuilds the running calendar; awaited, so the answer comes once new deadlines use the change. */
    private readonly onCalendarChanged: () => void | Promise<void> = () => {},
  ) {}

  /** The working day the calendar uses: the admin's, else the default. A stored value that no longer checks out is ignored. */
  async workday(): Promise<Workday> {
    const stored = await this.settings.get<StoredWorkday>(WORKDAY_KEY);
    if (stored && workdayProblems(stored.start, stored.end).length === 0) return { start: stored.start, end: stored.end };
    return this.workdayDefault;
  }

  async getWorkday(actor: Actor): Promise<WorkdaySetting> {
    requireAdmin(actor);
    return this.workdaySetting();
  }

  async putWorkday(actor: Actor, input: { workdayStart?: unknown; workdayEnd?: unknown }): Promise<WorkdaySetting> {
    requireAdmin(actor);
    const problems = workdayProblems(input.workdayStart, input.workdayEnd);
    if (problems.length) throw invalid(problems, 'The working day was not saved');
    const value: StoredWorkday = { start: input.workdayStart as string, end: input.workdayEnd as string, updatedBy: actor.login };
    await this.settings.set(WORKDAY_KEY, value, this.clock.now());
    await this.onCalendarChanged();
    return this.workdaySetting();
  }

  /** Back to the default working day. */
  async resetWorkday(actor: Actor): Promise<WorkdaySetting> {
    requireAdmin(actor);
    await this.settings.delete(WORKDAY_KEY);
    await this.onCalendarChanged();
    return this.workdaySetting();
  }

  private async workdaySetting(): Promise<WorkdaySetting> {
    const stored = await this.settings.get<StoredWorkday>(WORKDAY_KEY);
    const effective = await this.workday();
    const fromAdmin = !!stored && effective.start === stored.start && effective.end === stored.end;
    return {
      workdayStart: effective.start,
      workdayEnd: effective.end,
      source: fromAdmin ? 'admin' : 'default',
      defaultStart: this.workdayDefault.start,
      defaultEnd: this.workdayDefault.end,
      updatedBy: fromAdmin ? (stored.updatedBy ?? null) : null,
    };
  }

  /** The recall delay in working days (block 4), the admin's or 4. */
  async recallDelayDays(): Promise<number> {
    const stored = await this.settings.get<StoredRecall>(RECALL_KEY);
    const days = stored?.days;
    return Number.isInteger(days) && days! >= RECALL_DELAY_MIN && days! <= RECALL_DELAY_MAX ? days! : DEFAULT_RECALL_DELAY_DAYS;
  }

  async getProcessSettings(actor: Actor): Promise<{ recallDelayDays: number; defaultRecallDelayDays: number }> {
    requireAdmin(actor);
    return { recallDelayDays: await this.recallDelayDays(), defaultRecallDelayDays: DEFAULT_RECALL_DELAY_DAYS };
  }

  async putProcessSettings(actor: Actor, input: { recallDelayDays?: unknown }): Promise<{ recallDelayDays: number; defaultRecallDelayDays: number }> {
    requireAdmin(actor);
    const days = input.recallDelayDays;
    if (typeof days !== 'number' || !Number.isInteger(days) || days < RECALL_DELAY_MIN || days > RECALL_DELAY_MAX) {
      throw invalid([{ field: 'recallDelayDays', message: `recallDelayDays must be a whole number of working days from ${RECALL_DELAY_MIN} to ${RECALL_DELAY_MAX}, got ${JSON.stringify(days ?? null)}` }], 'The process settings were not saved');
    }
    await this.settings.set(RECALL_KEY, { days, updatedBy: actor.login } satisfies StoredRecall, this.clock.now());
    return this.getProcessSettings(actor);
  }

  /** The company as clients see it in e-mails ({{company.name}} …): the admin's, else the environment's (POTOK_COMPANY_*). */
  async companyProfile(env: NodeJS.ProcessEnv = process.env): Promise<CompanyProfile> {
    const stored = await this.settings.get<CompanyProfile & { updatedBy?: string }>(COMPANY_KEY);
    const pick = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
    return {
      name: pick(stored?.name) ?? pick(env.POTOK_COMPANY_NAME) ?? '',
      phone: pick(stored?.phone) ?? pick(env.POTOK_COMPANY_PHONE),
      email: pick(stored?.email) ?? pick(env.POTOK_COMPANY_EMAIL),
      website: pick(stored?.website) ?? pick(env.POTOK_COMPANY_WEBSITE),
    };
  }

  async getCompanyProfile(actor: Actor): Promise<CompanyProfile> {
    requireAdmin(actor);
    return this.companyProfile();
  }

  async putCompanyProfile(actor: Actor, input: { name?: unknown; phone?: unknown; email?: unknown; website?: unknown }): Promise<CompanyProfile> {
    requireAdmin(actor);
    const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
    const value = { name: text(input.name), phone: text(input.phone) || null, email: text(input.email) || null, website: text(input.website) ? withImpliedScheme(text(input.website)) : null };
    const problems: { field: string; message: string }[] = [];
    if (!value.name) problems.push({ field: 'name', message: 'The company name is required: clients see it in every e-mail' });
    if (value.name.length > 200) problems.push({ field: 'name', message: 'The company name must have at most 200 characters' });
    if (value.email && !isEmailAddress(value.email)) problems.push({ field: 'email', message: 'E-mail address is not valid' });
    if (value.phone && !isPhoneNumber(value.phone)) problems.push({ field: 'phone', message: 'Phone number is not valid' });
    if (value.website && !/^https?:\/\/\S+\.\S+$/.test(value.website)) problems.push({ field: 'website', message: 'The website must be an address starting with http:// or https://' });
    if (problems.length) throw invalid(problems, 'The company was not saved');
    await this.settings.set(COMPANY_KEY, { ...value, updatedBy: actor.login }, this.clock.now());
    return this.companyProfile();
  }
}

export interface CompanyProfile {
  /** '' until set here or in POTOK_COMPANY_NAME: e-mails then use the SMTP sender's name. */
  readonly name: string;
  readonly phone: string | null;
  readonly email: string | null;
  readonly website: string | null;
}
