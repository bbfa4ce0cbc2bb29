import type { Kysely } from 'kysely';

/** An entry of the banned list as a task may show it: no other deal's id, title or client. */
export interface BannedInn {
  readonly inn: string;
  readonly comment: string | null;
  /** The number (№) of the deal the lawyer banned, when it is known. */
  readonly dealNumber: number | null;
  readonly createdAt: number;
}

/** Reads the banned list (rows written by the `potok.crm.banInn` job after a «Запрет на работу»). */
export class BannedInnRepository {
  constructor(private readonly db: Kysely<any>) {}

  async find(inn: string): Promise<BannedInn | null> {
    const row = await this.db
      .selectFrom('banned_inns as b')
      .leftJoin('deals as d', 'd.id', 'b.deal_id')
      .select(['b.inn', 'b.comment', 'b.created_at', 'd.number'])
      .where('b.inn', '=', inn)
      .executeTakeFirst();
    if (!row) return null;
    return { inn: row.inn, comment: row.comment ?? null, dealNumber: row.number == null ? null : Number(row.number), createdAt: Number(row.created_at) };
  }
}
