/**
 * The shipped franchise model's structure: it parses cleanly in the Camunda 8 dialect,
 * keeps every id of the spec's contract table with the right BPMN type, carries the
 * conventions the CRM relies on (stages, kinds, forms, assignees, job types) and has a
 * complete diagram, so that it opens in bpmn-js and Camunda Modeler as drawn.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import zeebeSchema from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { evaluate } from '@bpmn-io/feelin';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const modelPath = path.join(root, 'processes/franchise-onboarding.bpmn');
const xml = readFileSync(modelPath, 'utf8');

// bpmn-moddle 10 ships no types for its main entry; the test only walks plain objects.
type El = Record<string, any>;
let definitions: El;
let warnings: unknown[];
let processEl: El;
const byId = new Map<string, El>();

function walk(container: El, parent: El | null): void {
  for (const el of (container.flowElements ?? []) as El[]) {
    el.$container = parent;
    byId.set(el.id, el);
    if (el.$type === 'bpmn:SubProcess') walk(el, el);
  }
}
const ext = (el: El, type: string): El[] => ((el.extensionElements?.values ?? []) as El[]).filter((v) => v.$type === type);
const one = (el: El, type: string): El | undefined => ext(el, type)[0];
function propsOf(el: El): Record<string, string> {
  const p = one(el, 'zeebe:Properties');
  return Object.fromEntries(((p?.properties ?? []) as El[]).map((x) => [x.name, x.value]));
}
function headersOf(el: El): Record<string, string> {
  const h = one(el, 'zeebe:TaskHeaders');
  return Object.fromEntries(((h?.values ?? []) as El[]).map((x) => [x.key, x.value]));
}
const el = (id: string): El => {
  const e = byId.get(id);
  if (!e) throw new Error(`no element ${id}`);
  return e;
};

beforeAll(async () => {
  const spec = 'bpmn-moddle';
  const { BpmnModdle } = (await import(spec)) as { BpmnModdle: new (p: Record<string, unknown>) => { fromXML(x: string): Promise<{ rootElement: El; warnings: unknown[] }> } };
  const moddle = new BpmnModdle({ zeebe: zeebeSchema as unknown as Record<string, unknown> });
  const parsed = await moddle.fromXML(xml);
  definitions = parsed.rootElement;
  warnings = parsed.warnings;
  processEl = (definitions.rootElements as El[]).find((e) => e.$type === 'bpmn:Process')!;
  walk(processEl, null);
});

describe('the shipped franchise model', () => {
  it('given the file, when parsed with bpmn-moddle and the zeebe extensions, then there is not a single warning', () => {
    expect(warnings.map((w) => String((w as El).message))).toEqual([]);
  });

  it('is a Camunda 8.6 model with one executable process franchise_onboarding', () => {
    expect(definitions.$attrs['xmlns:zeebe']).toBe('http://camunda.org/schema/zeebe/1.0');
    expect(definitions.$attrs['modeler:executionPlatform']).toBe('Camunda Cloud');
    expect(definitions.$attrs['modeler:executionPlatformVersion']).toMatch(/^8\.6/);
    const processes = (definitions.rootElements as El[]).filter((e) => e.$type === 'bpmn:Process');
    expect(processes.map((p) => [p.id, p.isExecutable])).toEqual([['franchise_onboarding', true]]);
  });

  it('keeps every id of the contract table with its BPMN type', () => {
    const expected: Record<string, string> = {
      assign_rep: 'bpmn:UserTask', first_call: 'bpmn:UserTask', send_presentation: 'bpmn:SendTask', decision_call: 'bpmn:UserTask',
      meeting: 'bpmn:UserTask', send_meeting_invitation: 'bpmn:SendTask', send_premises_requirements: 'bpmn:SendTask',
      premises_call: 'bpmn:UserTask', client_type: 'bpmn:UserTask', upload_documents: 'bpmn:UserTask', legal_review: 'bpmn:UserTask',
      legal_claim: 'bpmn:UserTask', supplement_documents: 'bpmn:UserTask', create_counterparty_1c: 'bpmn:ServiceTask',
      enter_into_1c: 'bpmn:UserTask', wait_presentation: 'bpmn:IntermediateCatchEvent', wait_decision_call: 'bpmn:IntermediateCatchEvent',
      wait_premises_call: 'bpmn:IntermediateCatchEvent', wait_recall: 'bpmn:IntermediateCatchEvent', first_call_overdue: 'bpmn:BoundaryEvent',
      block_assign_rep: 'bpmn:SubProcess', block_considering: 'bpmn:SubProcess', block_meeting: 'bpmn:SubProcess',
      block_premises: 'bpmn:SubProcess', block_documents: 'bpmn:SubProcess', block_legal_review: 'bpmn:SubProcess', block_onboarding: 'bpmn:SubProcess',
    };
    const actual = Object.fromEntries(Object.keys(expected).map((id) => [id, byId.get(id)?.$type]));
    expect(actual).toEqual(expected);
  });

  it('uses only elements of the coverage list', () => {
    const allowed = new Set([
      'bpmn:SubProcess', 'bpmn:StartEvent', 'bpmn:EndEvent', 'bpmn:UserTask', 'bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:ExclusiveGateway',
      'bpmn:ParallelGateway', 'bpmn:EventBasedGateway', 'bpmn:IntermediateCatchEvent', 'bpmn:BoundaryEvent', 'bpmn:SequenceFlow',
    ]);
    const outside = [...byId.values()].filter((e) => !allowed.has(e.$type)).map((e) => `${e.id} ${e.$type}`);
    expect(outside).toEqual([]);
    const starts = [...byId.values()].filter((e) => e.$type === 'bpmn:StartEvent');
    expect(starts.every((s) => (s.eventDefinitions ?? []).length === 0)).toBe(true);
  });

  it('puts the seven blocks on the main path in order, each with its stage', () => {
    const blocks = ['block_assign_rep', 'block_considering', 'block_meeting', 'block_premises', 'block_documents', 'block_legal_review', 'block_onboarding'];
    expect(blocks.map((b) => [b, propsOf(el(b)).stage, el(b).$container])).toEqual([
      ['block_assign_rep', 'new', null], ['block_considering', 'considering', null], ['block_meeting', 'meeting', null],
      ['block_premises', 'premises', null], ['block_documents', 'documents', null], ['block_legal_review', 'legal_review', null],
      ['block_onboarding', 'onboarding', null],
    ]);
    expect(propsOf(el('first_call')).stage).toBe('first_call');
  });

  it('places each contract element in its block', () => {
    const where: Record<string, string> = {
      assign_rep: 'block_assign_rep', first_call: 'block_assign_rep', first_call_overdue: 'block_assign_rep',
      wait_presentation: 'block_considering', send_presentation: 'block_considering', wait_decision_call: 'block_considering', decision_call: 'block_considering',
      meeting: 'block_meeting', send_meeting_invitation: 'block_meeting',
      send_premises_requirements: 'block_premises', wait_premises_call: 'block_premises', premises_call: 'block_premises', wait_recall: 'block_premises',
      client_type: 'block_documents', upload_documents: 'block_documents',
      legal_review: 'block_legal_review', legal_claim: 'block_legal_review', supplement_documents: 'block_legal_review',
      create_counterparty_1c: 'block_onboarding', enter_into_1c: 'block_onboarding',
    };
    const actual = Object.fromEntries(Object.keys(where).map((id) => [id, el(id).$container?.id]));
    expect(actual).toEqual(where);
  });

  it('gives every user task the userTask marker, a form named after it, an assignment and a kind', () => {
    const tasks = [...byId.values()].filter((e) => e.$type === 'bpmn:UserTask');
    expect(tasks.length).toBe(11);
    const summary = Object.fromEntries(tasks.map((t) => {
      const a = one(t, 'zeebe:AssignmentDefinition');
      return [t.id, {
        marker: ext(t, 'zeebe:UserTask').length === 1,
        formId: one(t, 'zeebe:FormDefinition')?.formId,
        who: a?.assignee ?? `group:${a?.candidateGroups}`,
        kind: propsOf(t).kind,
      }];
    }));
    const task = (who: string, kind: string, id: string) => [id, { marker: true, formId: id, who, kind }];
    expect(summary).toEqual(Object.fromEntries([
      task('=owner', 'todo', 'assign_rep'), task('=salesRep', 'call', 'first_call'), task('=salesRep', 'call', 'decision_call'),
      task('=salesRep', 'meeting', 'meeting'), task('=salesRep', 'call', 'premises_call'), task('=salesRep', 'todo', 'client_type'),
      task('=salesRep', 'todo', 'upload_documents'), task('group:lawyer', 'approval', 'legal_review'), task('=legalReviewer', 'todo', 'legal_claim'),
      task('=owner', 'todo', 'supplement_documents'), task('=owner', 'todo', 'enter_into_1c'),
    ]));
  });

  it('schedules calls and meetings with working-time FEEL, and escalates the first call once at its due time', () => {
    const schedule = (id: string) => {
      const s = one(el(id), 'zeebe:TaskSchedule');
      return { due: s?.dueDate, followUp: s?.followUpDate };
    };
    expect(schedule('first_call')).toEqual({ due: '=add working minutes(now(), 30)', followUp: undefined });
    expect(schedule('decision_call')).toEqual({ due: '=at time(add working days(now(), 3), "15:00")', followUp: '=at time(add working days(now(), 3), "09:00")' });
    expect(schedule('meeting')).toEqual({ due: '=date and time(meetingEnd)', followUp: '=date and time(meetingAt)' });
    expect(schedule('premises_call')).toEqual({ due: '=end of working day(now())', followUp: undefined });

    const overdue = el('first_call_overdue');
    expect(overdue.cancelActivity).toBe(false);
    expect(overdue.attachedToRef.id).toBe('first_call');
    expect(overdue.eventDefinitions[0].timeDate.body).toBe(schedule('first_call').due);
    const notify = overdue.outgoing[0].targetRef;
    expect(notify.$type).toBe('bpmn:ServiceTask');
    expect(one(notify, 'zeebe:TaskDefinition')?.type).toBe('potok.notify');
    expect(headersOf(notify)).toMatchObject({ kind: 'task_overdue', escalation: 'true' });
    expect(notify.outgoing[0].targetRef.$type).toBe('bpmn:EndEvent');
  });

  it('waits with timers whose dates follow the spec', () => {
    const timeDate = (id: string) => el(id).eventDefinitions[0].timeDate?.body;
    expect({
      wait_presentation: timeDate('wait_presentation'),
      wait_decision_call: timeDate('wait_decision_call'),
      wait_premises_call: timeDate('wait_premises_call'),
      wait_recall: timeDate('wait_recall'),
    }).toEqual({
      wait_presentation: '=add working days(now(), 2)',
      wait_decision_call: '=next working day(now())',
      wait_premises_call: '=start of working day(add working days(now(), 4))',
      wait_recall: '=start of working day(add working days(now(), get or else(recallDelayDays, 4)))',
    });
  });

  it('sends the client e-mails as email.send jobs with the spec templates', () => {
    const mail = (id: string) => ({ type: one(el(id), 'zeebe:TaskDefinition')?.type, template: headersOf(el(id)).template });
    expect(['send_presentation', 'send_meeting_invitation', 'send_meeting_update', 'send_premises_requirements'].map(mail)).toEqual([
      { type: 'email.send', template: 'presentation' }, { type: 'email.send', template: 'meeting_invitation' },
      { type: 'email.send', template: 'meeting_invitation' }, { type: 'email.send', template: 'premises_requirements' },
    ]);
  });

  it('re-sends the invitation when the meeting is rescheduled, correlated by the deal id, without ending the meeting', () => {
    const b = el('meeting_rescheduled');
    expect([b.$type, b.cancelActivity, b.attachedToRef.id]).toEqual(['bpmn:BoundaryEvent', false, 'meeting']);
    const message = b.eventDefinitions[0].messageRef;
    expect(message.name).toBe('meeting_rescheduled');
    expect(one(message, 'zeebe:Subscription')?.correlationKey).toBe('=dealId');
    expect(b.outgoing[0].targetRef.id).toBe('send_meeting_update');
  });

  it('routes the lawyer decision four ways and loops the claim back to the review', () => {
    const out = (id: string) => Object.fromEntries((el(id).outgoing as El[]).map((f) => [f.conditionExpression?.body ?? 'default', f.targetRef.id]));
    expect(out('gw_legal_decision')).toEqual({
      '=legalDecision = "approve_more_docs"': 'legal_claim',
      '=list contains(["approve", "approve_return", "ban"], legalDecision)': 'block_legal_review_end',
    });
    expect(el('legal_claim').outgoing[0].targetRef.id).toBe('supplement_documents');
    expect(el('supplement_documents').outgoing[0].targetRef.id).toBe('gw_review_merge');
    expect(out('gw_legal_outcome')).toEqual({
      '=legalDecision = "approve"': 'block_onboarding',
      '=legalDecision = "approve_return"': 'gw_documents_merge',
      '=legalDecision = "ban"': 'ban_client',
    });
    expect(el('gw_documents_merge').outgoing[0].targetRef.id).toBe('block_documents');
    const inputs = (one(el('legal_review'), 'zeebe:IoMapping')?.inputParameters ?? []) as El[];
    expect(Object.fromEntries(inputs.map((i) => [i.target, i.source]))).toEqual({ legalDecision: '=null', legalComment: '=null' });
    const outputs = (one(el('legal_review'), 'zeebe:IoMapping')?.outputParameters ?? []) as El[];
    expect(Object.fromEntries(outputs.map((o) => [o.target, o.source]))).toEqual({
      legalDecision: '=legalDecision', legalComment: '=legalComment', legalReviewer: '=completedBy',
    });
    expect(one(el('ban_client'), 'zeebe:TaskDefinition')?.type).toBe('potok.crm.banInn');
  });

  it('creates the 1C counterparty only when configured, and always reaches the manual task', () => {
    expect(one(el('prepare_onboarding'), 'zeebe:TaskDefinition')?.type).toBe('potok.onboarding.prepare');
    const gw = el('gw_onec_configured');
    expect(gw.default.targetRef.id).toBe('gw_enter_merge');
    expect(one(el('create_counterparty_1c'), 'zeebe:TaskDefinition')?.type).toBe('onec.createCounterparty');
    expect(headersOf(el('create_counterparty_1c'))).toMatchObject({ 'potok.errorOnFinalFailure': 'ONEC_FAILED', 'potok.errorVariable': 'onecError' });
    const failed = el('create_counterparty_1c_failed');
    expect([failed.attachedToRef.id, failed.eventDefinitions[0].errorRef.errorCode, failed.outgoing[0].targetRef.id]).toEqual([
      'create_counterparty_1c', 'ONEC_FAILED', 'gw_enter_merge',
    ]);
    expect(el('gw_enter_merge').outgoing[0].targetRef.id).toBe('enter_into_1c');
    expect(propsOf(el('enter_into_1c')).author).toBe('=director');
  });

  it('ends in won, lost/declined or lost/banned, each end event saying so', () => {
    const ends = (processEl.flowElements as El[]).filter((e) => e.$type === 'bpmn:EndEvent');
    expect(Object.fromEntries(ends.map((e) => [e.id, propsOf(e)]))).toEqual({
      end_lost_declined: { outcome: 'lost', reason: 'declined' },
      end_lost_banned: { outcome: 'lost', reason: 'banned' },
      end_won: { outcome: 'won' },
    });
  });

  it('writes every FEEL expression as valid FEEL, without backticks, and every condition as a comparison', () => {
    const expressions: { where: string; expr: string }[] = [];
    const feel = (where: string, v: unknown) => {
      if (typeof v === 'string' && v.startsWith('=')) expressions.push({ where, expr: v.slice(1) });
    };
    const fn = () => null;
    const feelContext = {
      'add working days': fn, 'add working minutes': fn, 'next working day': fn, 'start of working day': fn,
      'end of working day': fn, 'at time': fn, 'get or else': fn,
    };
    const visit = (node: unknown, where: string) => {
      if (!node || typeof node !== 'object') return;
      const o = node as El;
      if (o.$type === 'bpmn:FormalExpression') feel(where, o.body);
      for (const [k, v] of Object.entries(o)) {
        if (k.startsWith('$') || k === 'flowElements' || k === 'incoming' || k === 'outgoing' || k === 'sourceRef' || k === 'targetRef' || k === 'attachedToRef' || k === 'default' || k === 'errorRef' || k === 'messageRef') continue;
        if (typeof v === 'string') feel(`${where}.${k}`, v);
        else if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${where}.${k}[${i}]`));
        else visit(v, `${where}.${k}`);
      }
    };
    for (const e of byId.values()) visit(e, e.id);
    for (const m of (definitions.rootElements as El[]).filter((r) => r.$type === 'bpmn:Message')) visit(m, m.id);
    expect(expressions.length).toBeGreaterThan(30);
    const bad = expressions.filter(({ expr }) => {
      if (expr.includes('`')) return true;
      // Unknown variables only warn; a syntax error throws. Multi-word function names parse
      // only when the context names them, as the engine's context does.
      try { evaluate(expr, feelContext); return false; } catch { return true; }
    });
    expect(bad).toEqual([]);
    const conditions = [...byId.values()].filter((e) => e.conditionExpression).map((e) => e.conditionExpression.body as string);
    expect(conditions.every((c) => /^=(.+ = .+|list contains\(.+\))$/.test(c))).toBe(true);
  });

  it('draws every flow node as a shape and every flow as an edge, with blocks expanded and no two shapes of one scope overlapping', () => {
    const plane = definitions.diagrams[0].plane;
    expect(plane.bpmnElement.id).toBe('franchise_onboarding');
    const shapes = new Map<string, El>();
    const edges = new Map<string, El>();
    for (const d of plane.planeElement as El[]) {
      if (d.$type === 'bpmndi:BPMNShape') shapes.set(d.bpmnElement.id, d);
      else edges.set(d.bpmnElement.id, d);
    }
    const nodes = [...byId.values()].filter((e) => e.$type !== 'bpmn:SequenceFlow');
    const flows = [...byId.values()].filter((e) => e.$type === 'bpmn:SequenceFlow');
    expect(nodes.filter((n) => !shapes.has(n.id)).map((n) => n.id)).toEqual([]);
    expect(flows.filter((f) => !edges.has(f.id) || edges.get(f.id)!.waypoint.length < 2).map((f) => f.id)).toEqual([]);
    expect(nodes.filter((n) => n.$type === 'bpmn:SubProcess' && shapes.get(n.id)!.isExpanded !== true).map((n) => n.id)).toEqual([]);

    const box = (id: string) => shapes.get(id)!.bounds as { x: number; y: number; width: number; height: number };
    const inside = (a: ReturnType<typeof box>, b: ReturnType<typeof box>) =>
      a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
    const overlap = (a: ReturnType<typeof box>, b: ReturnType<typeof box>) =>
      a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    // Every element lies inside its block's box.
    expect(nodes.filter((n) => n.$container && !inside(box(n.id), box(n.$container.id))).map((n) => n.id)).toEqual([]);
    // Shapes of one scope do not overlap (a boundary event sits on its task's edge by design).
    const clashes: string[] = [];
    const plain = nodes.filter((n) => n.$type !== 'bpmn:BoundaryEvent');
    for (let i = 0; i < plain.length; i++) {
      for (let j = i + 1; j < plain.length; j++) {
        const [a, b] = [plain[i], plain[j]];
        const nested = a.$container?.id === b.id || b.$container?.id === a.id;
        if (!nested && overlap(box(a.id), box(b.id))) clashes.push(`${a.id} × ${b.id}`);
      }
    }
    expect(clashes).toEqual([]);
    // Boundary events sit on the edge of the task they are attached to.
    for (const b of nodes.filter((n) => n.$type === 'bpmn:BoundaryEvent')) {
      const e = box(b.id);
      const t = box(b.attachedToRef.id);
      const [cx, cy] = [e.x + e.width / 2, e.y + e.height / 2];
      const onEdge = (cx >= t.x && cx <= t.x + t.width && (cy === t.y || cy === t.y + t.height)) || (cy >= t.y && cy <= t.y + t.height && (cx === t.x || cx === t.x + t.width));
      expect(onEdge, b.id).toBe(true);
    }
    // Edges start on their source's box and end on their target's box.
    const touches = (p: { x: number; y: number }, r: ReturnType<typeof box>) =>
      p.x >= r.x - 1 && p.x <= r.x + r.width + 1 && p.y >= r.y - 1 && p.y <= r.y + r.height + 1;
    const loose = flows.filter((f) => {
      const w = edges.get(f.id)!.waypoint as { x: number; y: number }[];
      return !touches(w[0], box(f.sourceRef.id)) || !touches(w[w.length - 1], box(f.targetRef.id));
    });
    expect(loose.map((f) => f.id)).toEqual([]);
    // No edge runs through a shape other than its own ends (blocks aside: edges live in them).
    const through: string[] = [];
    for (const f of flows) {
      const w = edges.get(f.id)!.waypoint as { x: number; y: number }[];
      const ends = new Set([f.sourceRef.id, f.targetRef.id, f.sourceRef.attachedToRef?.id]);
      for (const n of nodes.filter((x) => x.$type !== 'bpmn:SubProcess' && !ends.has(x.id))) {
        const r = box(n.id);
        const hit = w.some((p, i) => {
          if (i === 0) return false;
          const q = w[i - 1];
          const [x1, x2, y1, y2] = [Math.min(p.x, q.x), Math.max(p.x, q.x), Math.min(p.y, q.y), Math.max(p.y, q.y)];
          return x1 < r.x + r.width - 1 && x2 > r.x + 1 && y1 < r.y + r.height - 1 && y2 > r.y + 1;
        });
        if (hit) through.push(`${f.id} through ${n.id}`);
      }
    }
    expect(through).toEqual([]);
    // Labels placed by hand cover no shape.
    const labelled = [...shapes.entries()].filter(([, d]) => d.label?.bounds);
    expect(labelled.length).toBeGreaterThan(0);
    const covering = labelled.flatMap(([id, d]) =>
      nodes.filter((n) => n.$type !== 'bpmn:SubProcess' && overlap(d.label.bounds, box(n.id))).map((n) => `${id} label × ${n.id}`));
    expect(covering).toEqual([]);
    // Every edge is drawn with horizontal and vertical segments only.
    const diagonal = flows.filter((f) => {
      const w = edges.get(f.id)!.waypoint as { x: number; y: number }[];
      return w.some((p, i) => i > 0 && p.x !== w[i - 1].x && p.y !== w[i - 1].y);
    });
    expect(diagonal.map((f) => f.id)).toEqual([]);
  });
});
