/**
 * Drives one instance through the pure engine the way the runtime will: keeps the
 * state, collects every effect, and offers the commands by element id.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { apply, compileModel, type Command, type CompiledProcess, type Effect, type EngineEnv, type InstanceState, type Json, type Variables, type Wait } from '../../../src/engine/index.ts';
import { weekdayCalendar } from './weekday-calendar.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/bpmn');

export function fixtureXml(name: string): string {
  return readFileSync(path.join(fixtures, name), 'utf8');
}

export async function compileFixture(name: string): Promise<CompiledProcess> {
  const result = await compileModel(fixtureXml(name));
  if (!result.ok) throw new Error(`${name} refused:\n${result.problems.map((p) => `${p.elementId} (${p.elementType}): ${p.message}`).join('\n')}`);
  return result.processes[0];
}

/** 2025-03-03 (a Monday) 10:00 Moscow. */
export const MONDAY_10 = DateTime.fromISO('2025-03-03T10:00:00', { zone: 'Europe/Moscow' }).toMillis();

export class Driver {
  state: InstanceState | null = null;
  now: number;
  /** Effects of the last command. */
  effects: readonly Effect[] = [];
  /** Every effect since start. */
  readonly allEffects: Effect[] = [];
  feelFunctions: EngineEnv['feelFunctions'];

  constructor(readonly process: CompiledProcess, now = MONDAY_10) {
    this.now = now;
  }

  static async of(fixture: string, variables?: Variables, now?: number): Promise<Driver> {
    const driver = new Driver(await compileFixture(fixture), now);
    driver.run({ kind: 'start', instanceId: 'i1', definitionKey: `${driver.process.id}:1`, variables });
    return driver;
  }

  run(command: Command): this {
    const env: EngineEnv = { now: this.now, calendar: weekdayCalendar, ...(this.feelFunctions ? { feelFunctions: this.feelFunctions } : {}) };
    const result = apply(this.process, this.state, command, env);
    this.state = result.state;
    this.effects = result.effects;
    this.allEffects.push(...result.effects);
    return this;
  }

  get s(): InstanceState {
    if (!this.state) throw new Error('not started');
    return this.state;
  }

  get status(): InstanceState['status'] {
    return this.s.status;
  }

  /** Element ids currently holding a token, sorted (containers included). */
  active(): string[] {
    return Object.values(this.s.elements).map((e) => e.elementId).sort();
  }

  instanceOf(elementId: string): string {
    const found = Object.values(this.s.elements).filter((e) => e.elementId === elementId);
    if (found.length !== 1) throw new Error(`expected one live instance of ${elementId}, found ${found.length} (live: ${this.active().join(', ')})`);
    return found[0].id;
  }

  completeTask(elementId: string, variables?: Variables): this {
    return this.run({ kind: 'completeUserTask', elementInstanceId: this.instanceOf(elementId), variables });
  }

  completeJob(elementId: string, variables?: Variables): this {
    return this.run({ kind: 'completeJob', elementInstanceId: this.instanceOf(elementId), variables });
  }

  timers(): Extract<Wait, { kind: 'timer' }>[] {
    return Object.values(this.s.waits).filter((w): w is Extract<Wait, { kind: 'timer' }> => w.kind === 'timer');
  }

  timer(elementId: string): Extract<Wait, { kind: 'timer' }> {
    const found = this.timers().filter((t) => t.elementId === elementId);
    if (found.length !== 1) throw new Error(`expected one timer for ${elementId}, found ${found.length}`);
    return found[0];
  }

  /** Advances the clock to the timer's due time and fires it. */
  fire(elementId: string): this {
    const timer = this.timer(elementId);
    this.now = Math.max(this.now, timer.dueAt);
    return this.run({ kind: 'fireTimer', timerId: timer.id });
  }

  message(elementId: string): Extract<Wait, { kind: 'message' }> {
    const found = Object.values(this.s.waits).filter((w): w is Extract<Wait, { kind: 'message' }> => w.kind === 'message' && w.elementId === elementId);
    if (found.length !== 1) throw new Error(`expected one subscription for ${elementId}, found ${found.length}`);
    return found[0];
  }

  correlate(elementId: string, variables?: Variables): this {
    return this.run({ kind: 'correlateMessage', waitId: this.message(elementId).id, variables });
  }

  /** Variables of the process scope. */
  vars(): Readonly<Record<string, Json>> {
    const root = Object.entries(this.s.variables).find(([id]) => !this.s.elements[id] || this.s.elements[id].scopeId === null);
    return root ? root[1] : {};
  }

  of<K extends Effect['kind']>(kind: K, effects: readonly Effect[] = this.effects): Extract<Effect, { kind: K }>[] {
    return effects.filter((e): e is Extract<Effect, { kind: K }> => e.kind === kind);
  }

  incidents() {
    return Object.values(this.s.incidents);
  }
}
