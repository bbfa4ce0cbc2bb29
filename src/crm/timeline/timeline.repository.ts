import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { fromJson, toJson } from '../../store/json.ts';

/** What a deal's timeline shows; `data` carries the kind's details. */
export type TimelineKind =
  | 'deal_created'
  | 'stage_changed'
  | 'field_changed'
  | 'task_created'
  | 'task_completed'
  | 'task_cancelled'
  | 'task_claimed'
  | 'task_unclaimed'
  | 'task_reassigned'
  | 'sales_rep_changed'
  | 'meeting_rescheduled'
  | 'email_sent'
  | 'email_not_sent'
  | 'legal_decision'
  | 'legal_claim'
  | 'banned_inn_confirmed'
  | 'comment'
  | 'document_uploaded'
  | 'onec_created'
  | 'deal_won'
  | 'deal_lost'
  | 'incident';

export interface TimelineEntry {
  readonly id: string;
  readonly dealId: string;
  readonly at: number;
  readonly kind: TimelineKind;
  readonly actor: string | null;
  readonly data: Record<string, unknown>;
}

let seq = 0;

export class TimelineRepository {
  constructor(private readonly db: Kysely<any>) {}

  async add(entry: Omit<TimelineEntry, 'id'>, db: Kysely<any> = this.db): Promise<void> {
    // `seq` orders entries written in the same millisecond (one transaction writes several).
    seq = (seq + 1) % 1_000_000_000;
    await db
      .insertInto('timeline')
      .values({ id: randomUUID(), deal_id: entry.dealId, at: entry.at, seq, kind: entry.kind, actor: entry.actor, data: toJson(entry.data) })
      .execute();
  }

  async list(dealId: string, page: { offset: number; limit: number }): Promise<{ items: TimelineEntry[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.db.selectFrom('timeline').selectAll().where('deal_id', '=', dealId).orderBy('at', 'desc').orderBy('seq', 'desc').offset(page.offset).limit(page.limit).execute(),
      this.db.selectFrom('timeline').select((eb) => eb.fn.countAll().as('n')).where('deal_id', '=', dealId).executeTakeFirstOrThrow(),
    ]);
    return {
      items: rows.map((r) => ({ id: r.id, dealId: r.deal_id, at: Number(r.at), kind: r.kind, actor: r.actor ?? null, data: fromJson(r.data) as Record<string, unknown> })),
      total: Number(total.n),
    };
  }
}
