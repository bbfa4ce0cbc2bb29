import { randomUUID } from 'node:crypto';
import { isPhoneNumber } from '../phone.ts';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Actor } from '../roles.ts';
import { ServiceError, conflict, forbidden, invalid, notFound, type FieldMessage } from '../service-error.ts';
import type { ProcessPort } from '../process/process.port.ts';
import type { TaskRepository } from '../tasks/task.repository.ts';
import type { TimelineRepository } from '../timeline/timeline.repository.ts';
import type { UserRepository } from '../users/user.repository.ts';
import { canCancelDeal, canCreateDeal, canEditDeal, canSeeDeal } from './deal-access.ts';
import type { DealFilter, DealRepository } from './deal.repository.ts';
import { EDITABLE_FIELDS, OPEN_STAGES, STAGES, type Deal, type DealPatch, type Stage } from './deal.types.ts';

export interface NewDeal {
  readonly title: string;
  readonly contactName: string;
  readonly phone: string;
  readonly email: string;
  readonly city?: string | null;
  readonly source?: string | null;
  readonly comment?: string | null;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const REQUIRED: Record<string, string> = { title: 'Client name', contactName: 'Contact person', phone: 'Phone', email: 'E-mail' };
/** Deal fields the process reads as variables; an edit is passed on to the running instance. */
const PROCESS_FIELDS: Record<string, string> = { title: 'title', contactName: 'contactName', phone: 'phone', email: 'email', city: 'city', source: 'source', comment: 'comment', owner: 'owner' };

function checkFields(input: Record<string, unknown>, requireAll: boolean): FieldMessage[] {
  const problems: FieldMessage[] = [];
  for (const [field, label] of Object.entries(REQUIRED)) {
    const v = input[field];
    if ((requireAll || v !== undefined) && (typeof v !== 'string' || !v.trim())) problems.push({ field, message: `${label} is required` });
  }
  if (typeof input.email === 'string' && input.email.trim() && !EMAIL_RE.test(input.email.trim())) problems.push({ field: 'email', message: 'E-mail address is not valid' });
  if (typeof input.phone === 'string' && input.phone.trim() && !isPhoneNumber(input.phone)) problems.push({ field: 'phone', message: 'Phone number is not valid' });
  for (const [k, v] of Object.entries(input)) if (typeof v === 'string' && v.length > (k === 'comment' ? 5000 : 300)) problems.push({ field: k, message: 'Too long' });
  return problems;
}

const clean = (v: string | null | undefined): string | null => (v === undefined || v === null || !v.trim() ? null : v.trim());

export interface DealListQuery {
  readonly stage?: string;
  readonly owner?: string;
  readonly salesRep?: string;
  readonly overdue?: boolean;
  readonly q?: string;
  readonly offset: number;
  readonly limit: number;
}

export class DealService {
  constructor(
    private readonly db: Kysely<any>,
    private readonly deals: DealRepository,
    private readonly tasks: TaskRepository,
    private readonly timeline: TimelineRepository,
    private readonly users: UserRepository,
    private readonly process: ProcessPort,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, input: NewDeal): Promise<Deal> {
    if (!canCreateDeal(actor)) throw forbidden();
    const problems = checkFields(input as any, true);
    if (problems.length) throw invalid(problems);
    const now = this.clock.now();
    const id = randomUUID();
    const fields = {
      title: input.title.trim(),
      contactName: input.contactName.trim(),
      phone: input.phone.trim(),
      email: input.email.trim(),
      city: clean(input.city),
      source: clean(input.source),
      comment: clean(input.comment),
    };
    let deal: Deal | undefined;
    for (let attempt = 0; !deal; attempt++) {
      try {
        deal = await this.db.transaction().execute(async (trx) => {
          const d = await this.deals.insert(
            { id, ...fields, owner: actor.login, salesRep: null, stage: 'new', lostReason: null, lostComment: null, instanceId: null, clientType: null, premisesAddress: null, requisites: null, documents: null, onecRef: null, createdAt: now, updatedAt: now, stageChangedAt: now, closedAt: null },
            trx,
          );
          await this.timeline.add({ dealId: id, at: now, kind: 'deal_created', actor: actor.login, data: { title: fields.title } }, trx);
          return d;
        });
      } catch (err) {
        // Two deals numbered at once on PostgreSQL: the unique index refuses one; try again.
        if (attempt >= 4 || !/unique|duplicate/i.test(String((err as Error).message))) throw err;
      }
    }
    try {
      const instanceId = await this.process.startDeal(id, { dealId: id, owner: actor.login, ...fields }, actor.login);
      await this.deals.setFields(id, { instanceId }, now);
    } catch (err) {
      await this.deals.delete(id);
      if (err instanceof ServiceError) throw err;
      throw new ServiceError('unavailable', 'The process could not be started; the deal was not created');
    }
    return (await this.deals.find(id))!;
  }

  /** The deal, if the actor may see it (403 otherwise, 404 when unknown). */
  async get(actor: Actor, id: string): Promise<Deal> {
    const deal = await this.deals.find(id);
    if (!deal) throw notFound('Deal not found');
    const lawyerHasTask = actor.role === 'lawyer' ? await this.tasks.hasWorkedOn(id, actor.login) : false;
    if (!canSeeDeal(actor, deal, { lawyerHasTask })) throw forbidden();
    return deal;
  }

  async list(actor: Actor, query: DealListQuery): Promise<{ items: Deal[]; total: number }> {
    return this.deals.list(this.scope(actor, query), { offset: query.offset, limit: query.limit });
  }

  async board(actor: Actor, query: Omit<DealListQuery, 'offset' | 'limit' | 'stage'> & { perStage: number }) {
    const filter = this.scope(actor, { ...query, offset: 0, limit: 0 });
    const counts = await this.deals.countByStage(filter);
    const columns = await Promise.all(
      STAGES.map(async (stage) => ({
        stage,
        total: counts.get(stage) ?? 0,
        deals: (counts.get(stage) ?? 0) > 0 ? (await this.deals.list({ ...filter, stage }, { offset: 0, limit: query.perStage })).items : [],
      })),
    );
    return columns;
  }

  private scope(actor: Actor, query: DealListQuery): DealFilter {
    const problems: FieldMessage[] = [];
    if (query.stage && !(STAGES as readonly string[]).includes(query.stage)) problems.push({ field: 'stage', message: `Stage must be one of ${STAGES.join(', ')}` });
    if (problems.length) throw invalid(problems);
    const filter: DealFilter = {
      ...(query.stage ? { stage: query.stage as Stage } : {}),
      ...(query.owner ? { owner: query.owner } : {}),
      ...(query.salesRep ? { salesRep: query.salesRep } : {}),
      ...(query.overdue ? { overdueAt: this.clock.now() } : {}),
      ...(query.q?.trim() ? { q: query.q.trim() } : {}),
    };
    if (actor.role === 'sales_rep') return { ...filter, onlyRep: actor.login };
    if (actor.role === 'lawyer') return { ...filter, onlyLawyer: actor.login };
    return filter;
  }

  async update(actor: Actor, id: string, patch: DealPatch): Promise<Deal> {
    const deal = await this.get(actor, id);
    if (!canEditDeal(actor, deal)) throw forbidden();
    if (deal.stage === 'won' || deal.stage === 'lost') throw conflict('A closed deal cannot be changed');
    const unknown = Object.keys(patch).filter((k) => !(EDITABLE_FIELDS as readonly string[]).includes(k));
    const problems = checkFields(patch as any, false);
    for (const k of unknown) problems.push({ field: k, message: 'This field cannot be changed here' });
    if (patch.owner !== undefined) {
      // Who may hand a deal over is a permission (403), not a field's value.
      if (actor.role !== 'manager') throw forbidden();
      {
        const owner = patch.owner ? await this.users.find(patch.owner) : null;
        if (!owner || !owner.active || owner.role !== 'manager') problems.push({ field: 'owner', message: 'The owner must be an active manager' });
      }
    }
    if (problems.length) throw invalid(problems);
    const now = this.clock.now();
    const changes: { field: string; old: unknown; new: unknown }[] = [];
    const values: Record<string, unknown> = {};
    for (const [field, raw] of Object.entries(patch)) {
      const value = field in REQUIRED || field === 'owner' ? (raw as string).trim() : clean(raw as string | null);
      const old = (deal as any)[field] ?? null;
      if (old !== value) {
        values[field] = value;
        changes.push({ field, old, new: value });
      }
    }
    if (changes.length === 0) return deal;
    await this.db.transaction().execute(async (trx) => {
      await this.deals.setFields(id, values, now, trx);
      for (const c of changes) await this.timeline.add({ dealId: id, at: now, kind: 'field_changed', actor: actor.login, data: c }, trx);
    });
    const processVars: Record<string, unknown> = {};
    for (const c of changes) if (PROCESS_FIELDS[c.field]) processVars[PROCESS_FIELDS[c.field]!] = c.new;
    if (deal.instanceId && Object.keys(processVars).length) {
      // The process e-mails the client: it must use the corrected address from now on.
      await this.process.setVariables(deal.instanceId, processVars, actor.login).catch(() => undefined);
    }
    return (await this.deals.find(id))!;
  }

  async cancel(actor: Actor, id: string, reason: string): Promise<Deal> {
    const deal = await this.get(actor, id);
    if (!canCancelDeal(actor)) throw forbidden();
    if (!reason?.trim()) throw invalid([{ field: 'reason', message: 'Reason is required' }]);
    if (!(OPEN_STAGES as readonly string[]).includes(deal.stage)) throw conflict('The deal is already finished and cannot be cancelled');
    if (deal.instanceId) await this.process.cancel(deal.instanceId, reason.trim(), actor.login);
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const current = (await this.deals.find(id, trx))!;
      if (current.stage === 'won' || current.stage === 'lost') return;
      // The open tasks ended with the instance (and are on the timeline, from the effect listener).
      await this.deals.setStage(id, 'lost', now, trx, { lostReason: 'cancelled', lostComment: reason.trim() });
      await this.timeline.add({ dealId: id, at: now, kind: 'deal_lost', actor: actor.login, data: { reason: 'cancelled', comment: reason.trim(), onecRef: current.onecRef } }, trx);
    });
    return (await this.deals.find(id))!;
  }

  async timelineOf(actor: Actor, id: string, page: { offset: number; limit: number }) {
    await this.get(actor, id);
    return this.timeline.list(id, page);
  }

  async comment(actor: Actor, id: string, text: string): Promise<void> {
    await this.get(actor, id);
    if (!text?.trim()) throw invalid([{ field: 'text', message: 'Comment is empty' }]);
    if (text.length > 5000) throw invalid([{ field: 'text', message: 'Too long' }]);
    await this.timeline.add({ dealId: id, at: this.clock.now(), kind: 'comment', actor: actor.login, data: { text: text.trim() } });
  }

  /** The process diagram of the deal: model XML, active and completed elements, incidents. */
  async diagram(actor: Actor, id: string) {
    const deal = await this.get(actor, id);
    if (!deal.instanceId) throw notFound('The deal has no process');
    const data = await this.process.diagram(deal.instanceId);
    if (!data) throw notFound('The deal has no process');
    return data;
  }

  async tasksOf(actor: Actor, id: string) {
    await this.get(actor, id);
    return this.tasks.ofDeal(id);
  }
}
