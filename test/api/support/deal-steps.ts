/**
 * Driving a deal through the franchise process over the API, the way the people do it:
 * find the open task in one's inbox, complete it, let timers and jobs run. Shared by the
 * API tests so each of them says only what it checks.
 */
import { expect } from 'vitest';
import type { Caller, Harness } from './api-harness.ts';

export const DAY = 86_400_000;

/** A meeting's answer "held", having taken place the hour before the clock's time (the API refuses "held" before it starts). */
export function heldNow(h: Harness): { meetingHeld: true; meetingAt: string; meetingEnd: string } {
  const now = h.clock.now();
  return { meetingHeld: true, meetingAt: new Date(now - 3_600_000).toISOString(), meetingEnd: new Date(now).toISOString() };
}

/** The open task of a deal with this element id in the caller's "my tasks" (undefined when none). */
export async function taskOf(who: Caller, dealId: string, elementId: string): Promise<any> {
  const mine = await who.get('/api/tasks/mine?limit=200');
  expect(mine.status, mine.raw).toBe(200);
  return mine.body.items.find((t: any) => t.dealId === dealId && t.elementId === elementId && t.status === 'open');
}

/** Completes the caller's open task `elementId` of the deal with `data`; timers and jobs due at the clock's time run before and after. */
export async function step(h: Harness, who: Caller, dealId: string, elementId: string, data: Record<string, unknown>): Promise<void> {
  await h.settle();
  const t = await taskOf(who, dealId, elementId);
  expect(t, elementId).toBeTruthy();
  // A meeting marked held without its time took place just now (not at its planned time, still ahead).
  const body = elementId === 'meeting' && data.meetingHeld === true && data.meetingAt === undefined ? { ...heldNow(h), ...data } : data;
  const r = await who.post(`/api/tasks/${t.id}/complete`, { data: body });
  expect(r.status, `${elementId}: ${JSON.stringify(r.body)}`).toBe(200);
  await h.settle();
}

export interface DealInput {
  readonly title: string;
  readonly contactName?: string;
  readonly phone?: string;
  readonly email?: string;
  readonly city?: string;
}

/** A new deal created by the manager (its process starts at once). */
export async function newDeal(manager: Caller, input: DealInput): Promise<{ id: string; number: number }> {
  const created = await manager.post('/api/deals', { contactName: 'К', phone: '+7 900 000-00-02', email: 'k@example.test', ...input });
  expect(created.status, created.raw).toBe(201);
  return created.body;
}

/**
 * A new deal driven to its upload_documents task: the rep assigned (login `rep`), a
 * meeting held, premises found a week later, client type ООО.
 */
export async function dealAtUpload(h: Harness, people: { manager: Caller; rep: Caller; repLogin?: string }, input: DealInput & { premisesAddress?: string }): Promise<{ id: string; number: number }> {
  const { premisesAddress = 'Адрес', ...fields } = input;
  const deal = await newDeal(people.manager, fields);
  await step(h, people.manager, deal.id, 'assign_rep', { salesRep: people.repLogin ?? 'ivan' });
  await step(h, people.rep, deal.id, 'first_call', { callResult: 'meeting' });
  await step(h, people.rep, deal.id, 'meeting', { meetingHeld: true });
  await h.advance(7 * DAY);
  await step(h, people.rep, deal.id, 'premises_call', { premisesFound: true, premisesAddress });
  await step(h, people.rep, deal.id, 'client_type', { clientType: 'ooo' });
  return deal;
}
