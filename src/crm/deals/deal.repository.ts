import { sql, type Kysely } from 'kysely';
import { randomUUID } from 'node:crypto';
import { fromJsonOrNull, toJsonOrNull } from '../../store/json.ts';
import type { Deal, Stage } from './deal.types.ts';

const COLUMN: Record<string, string> = {
  title: 'title',
  contactName: 'contact_name',
  phone: 'phone',
  email: 'email',
  city: 'city',
  source: 'source',
  comment: 'comment',
  owner: 'owner',
  salesRep: 'sales_rep',
  clientType: 'client_type',
  premisesAddress: 'premises_address',
  onecRef: 'onec_ref',
  instanceId: 'instance_id',
};

export function toDeal(r: any): Deal {
  return {
    id: r.id,
    number: Number(r.number),
    title: r.title,
    contactName: r.contact_name,
    phone: r.phone,
    email: r.email,
    city: r.city ?? null,
    source: r.source ?? null,
    comment: r.comment ?? null,
    owner: r.owner,
    salesRep: r.sales_rep ?? null,
    stage: r.stage,
    lostReason: r.lost_reason ?? null,
    lostComment: r.lost_comment ?? null,
    instanceId: r.instance_id ?? null,
    clientType: r.client_type ?? null,
    premisesAddress: r.premises_address ?? null,
    requisites: fromJsonOrNull(r.requisites) as any,
    documents: fromJsonOrNull(r.documents) as any,
    onecRef: r.onec_ref ?? null,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    stageChangedAt: Number(r.stage_changed_at),
    closedAt: r.closed_at === null || r.closed_at === undefined ? null : Number(r.closed_at),
  };
}

/** Lower case with ё as е: «Ёлка» is found as «елка» and the other way round. */
export function normaliseSearch(text: string): string {
  return text.toLowerCase().replace(/ё/g, 'е');
}

/** The phone's digits, and without the country code (+7 / 8) as people type it: 79053334455 9053334455. */
function phoneDigits(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length === 11 && (digits[0] === '7' || digits[0] === '8') ? `${digits} ${digits.slice(1)}` : digits;
}

/** What a deal is found by: its number (also as №N), names, phone (also as digits), e-mail, city. */
export function searchText(d: Pick<Deal, 'number' | 'title' | 'contactName' | 'phone' | 'email' | 'city'>): string {
  return normaliseSearch([d.number, `№${d.number}`, d.title, d.contactName, d.phone, phoneDigits(d.phone), d.email, d.city ?? ''].join(' '));
}

/**
 * The text a search looks for: normalised like searchText; a query that is a phone number
 * (digits with +, spaces, dashes, brackets) is looked for as its digits, without a leading
 * 7/8 country code; «№ 12» is «№12».
 */
export function searchNeedle(query: string): string {
  const q = query.trim();
  if (/^[+\d\s()-]+$/.test(q) && (q.match(/\d/g) ?? []).length >= 5) {
    const digits = q.replace(/\D/g, '');
    return digits.length === 11 && (digits[0] === '7' || digits[0] === '8') ? digits.slice(1) : digits;
  }
  return normaliseSearch(q.replace(/№\s+/g, '№'));
}

export interface DealFilter {
  readonly stage?: Stage;
  readonly owner?: string;
  readonly salesRep?: string;
  readonly overdueAt?: number; // only deals with an open task due before this instant
  readonly q?: string;
  /** Role scoping decided by the service. */
  readonly onlyRep?: string;
  readonly onlyLawyer?: string;
}

export class DealRepository {
  constructor(private readonly db: Kysely<any>) {}

  async insert(deal: Omit<Deal, 'number'>, trx: Kysely<any> = this.db): Promise<Deal> {
    // The human deal number: max + 1 under the insert's transaction; a race on
    // PostgreSQL hits the unique index and the caller retries.
    const max = await trx.selectFrom('deals').select((eb) => eb.fn.max('number').as('m')).executeTakeFirst();
    const number = Number(max?.m ?? 0) + 1;
    const row = {
      id: deal.id,
      number,
      title: deal.title,
      contact_name: deal.contactName,
      phone: deal.phone,
      email: deal.email,
      city: deal.city,
      source: deal.source,
      comment: deal.comment,
      owner: deal.owner,
      sales_rep: deal.salesRep,
      stage: deal.stage,
      lost_reason: null,
      lost_comment: null,
      instance_id: deal.instanceId,
      client_type: null,
      premises_address: null,
      requisites: null,
      documents: null,
      onec_ref: null,
      search_text: searchText({ ...deal, number }),
      created_at: deal.createdAt,
      updated_at: deal.updatedAt,
      stage_changed_at: deal.stageChangedAt,
      closed_at: null,
    };
    await trx.insertInto('deals').values(row).execute();
    await trx.insertInto('deal_stages').values({ id: randomUUID(), deal_id: deal.id, stage: deal.stage, entered_at: deal.createdAt, left_at: null, sales_rep: deal.salesRep }).execute();
    return toDeal(row);
  }

  async find(id: string, db: Kysely<any> = this.db): Promise<Deal | null> {
    const r = await db.selectFrom('deals').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toDeal(r) : null;
  }

  async findByInstance(instanceId: string, db: Kysely<any> = this.db): Promise<Deal | null> {
    const r = await db.selectFrom('deals').selectAll().where('instance_id', '=', instanceId).executeTakeFirst();
    return r ? toDeal(r) : null;
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('deal_stages').where('deal_id', '=', id).execute();
    await this.db.deleteFrom('timeline').where('deal_id', '=', id).execute();
    await this.db.deleteFrom('deals').where('id', '=', id).execute();
  }

  /** Sets plain fields (camelCase names); keeps the search text current. */
  async setFields(id: string, fields: Record<string, unknown>, now: number, db: Kysely<any> = this.db): Promise<void> {
    const values: Record<string, unknown> = { updated_at: now };
    for (const [k, v] of Object.entries(fields)) {
      if (k === 'requisites' || k === 'documents') values[k] = toJsonOrNull(v);
      else if (COLUMN[k]) values[COLUMN[k]] = v;
    }
    await db.updateTable('deals').set(values).where('id', '=', id).execute();
    if (['title', 'contactName', 'phone', 'email', 'city'].some((k) => k in fields)) {
      const d = await this.find(id, db);
      if (d) await db.updateTable('deals').set({ search_text: searchText(d) }).where('id', '=', id).execute();
    }
  }

  /** Moves the deal to a stage and keeps the stage history (for the funnel reports). */
  async setStage(id: string, stage: Stage, now: number, db: Kysely<any>, closing?: { lostReason: string | null; lostComment: string | null }): Promise<void> {
    const values: Record<string, unknown> = { stage, stage_changed_at: now, updated_at: now };
    if (closing) {
      values.lost_reason = closing.lostReason;
      values.lost_comment = closing.lostComment;
      values.closed_at = now;
    }
    await db.updateTable('deals').set(values).where('id', '=', id).execute();
    await db.updateTable('deal_stages').set({ left_at: now }).where('deal_id', '=', id).where('left_at', 'is', null).execute();
    const rep = await db.selectFrom('deals').select('sales_rep').where('id', '=', id).executeTakeFirst();
    await db.insertInto('deal_stages').values({ id: randomUUID(), deal_id: id, stage, entered_at: now, left_at: closing ? now : null, sales_rep: rep?.sales_rep ?? null }).execute();
  }

  private filtered(filter: DealFilter) {
    let q = this.db.selectFrom('deals');
    if (filter.stage) q = q.where('stage', '=', filter.stage);
    if (filter.owner) q = q.where('owner', '=', filter.owner);
    if (filter.salesRep) q = q.where('sales_rep', '=', filter.salesRep);
    if (filter.onlyRep) q = q.where('sales_rep', '=', filter.onlyRep);
    if (filter.onlyLawyer) {
      const lawyer = filter.onlyLawyer;
      q = q.where((eb) =>
        eb.or([
          eb('stage', '=', 'legal_review'),
          eb.exists(
            eb
              .selectFrom('user_tasks')
              .select('user_tasks.id')
              .whereRef('user_tasks.business_key', '=', 'deals.id')
              .where((t) => t.or([t.and([t('user_tasks.assignee', '=', lawyer), t('user_tasks.status', '=', 'open')]), t('user_tasks.completed_by', '=', lawyer)])),
          ),
        ]),
      );
    }
    if (filter.overdueAt !== undefined) {
      const at = filter.overdueAt;
      q = q.where((eb) =>
        eb.exists(eb.selectFrom('user_tasks').select('user_tasks.id').whereRef('user_tasks.business_key', '=', 'deals.id').where('user_tasks.status', '=', 'open').where('user_tasks.due_at', '<', at)),
      );
    }
    if (filter.q) {
      const like = `%${searchNeedle(filter.q).replace(/[\\%_]/g, (c) => '\\' + c)}%`;
      q = q.where(sql<boolean>`search_text like ${like} escape '\\'`);
    }
    return q;
  }

  async list(filter: DealFilter, page: { offset: number; limit: number }): Promise<{ items: Deal[]; total: number }> {
    const base = this.filtered(filter);
    const [rows, total] = await Promise.all([
      base.selectAll().orderBy('updated_at', 'desc').orderBy('id').offset(page.offset).limit(page.limit).execute(),
      base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toDeal), total: Number(total.n) };
  }

  async countByStage(filter: DealFilter): Promise<Map<string, number>> {
    const rows = await this.filtered(filter).select(['stage', (eb) => eb.fn.countAll().as('n')]).groupBy('stage').execute();
    return new Map(rows.map((r: any) => [r.stage, Number(r.n)]));
  }
}
