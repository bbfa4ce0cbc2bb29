/**
 * Deals are found by more of what people type: ё as е («елка» finds «Ёлка»), the phone
 * as digits with and without the country code (79053334455, 9053334455), and the
 * number as «№12». The search column of every deal is written again in that form.
 *
 * Frozen in time: its own copy of the rule (today's code may change it again).
 */
import type { Kysely } from 'kysely';

const norm = (text: string) => text.toLowerCase().replace(/ё/g, 'е');

function phoneDigits(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length === 11 && (digits[0] === '7' || digits[0] === '8') ? `${digits} ${digits.slice(1)}` : digits;
}

function searchText(d: { number: number; title: string; contact_name: string; phone: string; email: string; city: string | null }): string {
  return norm([d.number, `№${d.number}`, d.title, d.contact_name, d.phone, phoneDigits(d.phone), d.email, d.city ?? ''].join(' '));
}

export async function up(db: Kysely<any>): Promise<void> {
  const BATCH = 1000;
  for (let after = ''; ; ) {
    const rows = await db.selectFrom('deals').select(['id', 'number', 'title', 'contact_name', 'phone', 'email', 'city']).where('id', '>', after).orderBy('id').limit(BATCH).execute();
    if (rows.length === 0) return;
    for (const r of rows) await db.updateTable('deals').set({ search_text: searchText({ ...r, number: Number(r.number) }) }).where('id', '=', r.id).execute();
    after = rows[rows.length - 1]!.id;
  }
}
