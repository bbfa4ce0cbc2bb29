/**
 * The director's funnel: deals reaching each stage, conversion between consecutive
 * stages, median time in stage in working days (the company calendar), outcomes and
 * overdue tasks per person. Period = deals created in [from, to); rep = the deal's rep.
 */
import type { Kysely } from 'kysely';
import type { WorkingCalendar } from '../../calendar/index.ts';
import type { Clock } from '../clock.ts';
import type { Actor } from '../roles.ts';
import { forbidden } from '../service-error.ts';
import type { TaskRepository } from '../tasks/task.repository.ts';
import type { UserRepository } from '../users/user.repository.ts';
import { STAGES } from '../deals/deal.types.ts';

/** The main path of the funnel (`considering` is a side branch, reported but not chained). */
export const FUNNEL: readonly string[] = ['new', 'first_call', 'meeting', 'premises', 'documents', 'legal_review', 'onboarding', 'won'];

export interface ReportQuery {
  readonly from?: number;
  readonly to?: number;
  readonly rep?: string;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export class ReportService {
  constructor(
    private readonly db: Kysely<any>,
    private readonly users: UserRepository,
    private readonly tasks: TaskRepository,
    private readonly clock: Clock,
    private readonly zone: string,
    private calendar: () => Promise<WorkingCalendar> = async () => (await import('../../calendar/index.ts')).createWorkingCalendar({ zone: this.zone }),
  ) {}

  useCalendar(calendar: () => Promise<WorkingCalendar>): void {
    this.calendar = calendar;
  }

  async funnel(actor: Actor, q: ReportQuery) {
    if (actor.role !== 'director') throw forbidden();
    const now = this.clock.now();
    let stages = this.db.selectFrom('deal_stages').innerJoin('deals', 'deals.id', 'deal_stages.deal_id');
    if (q.from !== undefined) stages = stages.where('deals.created_at', '>=', q.from);
    if (q.to !== undefined) stages = stages.where('deals.created_at', '<', q.to);
    if (q.rep) stages = stages.where('deals.sales_rep', '=', q.rep);
    const reachedRows = await stages.select(['deal_stages.stage', (eb) => eb.fn.count('deal_stages.deal_id').distinct().as('n')]).groupBy('deal_stages.stage').execute();
    const reached = new Map(reachedRows.map((r: any) => [r.stage, Number(r.n)]));
    const reaching = STAGES.map((stage) => ({ stage, deals: reached.get(stage) ?? 0 }));
    const conversion = FUNNEL.slice(1).map((to, i) => {
      const from = FUNNEL[i]!;
      const a = reached.get(from) ?? 0;
      const b = reached.get(to) ?? 0;
      return { from, to, rate: a > 0 ? Math.round((b / a) * 1000) / 1000 : null };
    });

    const calendar = await this.calendar();
    const durations = await stages.select(['deal_stages.stage', 'deal_stages.entered_at', 'deal_stages.left_at']).where('deal_stages.stage', 'not in', ['won', 'lost']).execute();
    const byStage = new Map<string, number[]>();
    for (const r of durations as any[]) {
      const end = r.left_at === null ? now : Number(r.left_at);
      // A working day is 9 working hours in the office-hours calendar.
      const days = calendar.workingMinutesBetween(Number(r.entered_at), end) / 540;
      (byStage.get(r.stage) ?? byStage.set(r.stage, []).get(r.stage)!).push(Math.max(0, days));
    }
    const timeInStage = STAGES.filter((s) => s !== 'won' && s !== 'lost').map((stage) => {
      const m = median(byStage.get(stage) ?? []);
      return { stage, medianWorkingDays: m === null ? null : Math.round(m * 100) / 100, samples: (byStage.get(stage) ?? []).length };
    });

    let outcomesQ = this.db.selectFrom('deals').where('stage', 'in', ['won', 'lost']);
    if (q.from !== undefined) outcomesQ = outcomesQ.where('created_at', '>=', q.from);
    if (q.to !== undefined) outcomesQ = outcomesQ.where('created_at', '<', q.to);
    if (q.rep) outcomesQ = outcomesQ.where('sales_rep', '=', q.rep);
    const outcomeRows = await outcomesQ.select(['stage', 'lost_reason', (eb) => eb.fn.countAll().as('n')]).groupBy(['stage', 'lost_reason']).execute();
    const won = outcomeRows.filter((r: any) => r.stage === 'won').reduce((s: number, r: any) => s + Number(r.n), 0);
    const lostByReason = outcomeRows.filter((r: any) => r.stage === 'lost').map((r: any) => ({ reason: r.lost_reason ?? 'unknown', deals: Number(r.n) }));

    const overdue = await this.tasks.overdueByAssignee(now, q.rep, { ...(q.from !== undefined ? { from: q.from } : {}), ...(q.to !== undefined ? { to: q.to } : {}) });
    const names = await this.users.findMany(overdue.map((o) => o.login));
    return {
      reaching,
      conversion,
      timeInStage,
      outcomes: { won, lost: lostByReason.reduce((s, r) => s + r.deals, 0), lostByReason },
      overdueTasks: overdue.map((o) => ({ login: o.login, name: names.get(o.login)?.name ?? o.login, count: o.count })),
    };
  }
}
