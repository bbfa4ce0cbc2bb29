/**
 * `npm run bench -- engine [--quick] [--instances N] [--baseline N]`
 *
 * Drives N instances of a 15-element onboarding model with two loops (a call retried
 * after a timer; a parallel fork/join reworked once after approval is refused) through
 * the pure engine core in memory: the benchmark plays the runtime, answering user tasks
 * and jobs and firing timers at once. The same graph, in bpmn-engine's own dialect
 * (property-path conditions on environment variables, PT0S timers, a service function), runs through the npm package
 * `bpmn-engine`. Each model is parsed once and reused. Prints instances/s, element
 * transitions/s, memory, and the ratio.
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Engine } from 'bpmn-engine';
import * as bpmnElements from 'bpmn-elements';
import { BpmnModdle } from 'bpmn-moddle';
import serializer, { TypeResolver } from 'moddle-context-serializer';
import { apply, compileModel, type Command, type CompiledProcess, type EngineEnv, type InstanceState } from '../src/engine/index.ts';
import { createWorkingCalendar } from '../src/calendar/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const models = path.join(here, '..', 'test', 'fixtures', 'bpmn', 'bench');

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
}

// ---------------------------------------------------------------------------
// Potok's pure core
// ---------------------------------------------------------------------------

interface CoreRun { instances: number; seconds: number; transitions: number; cpuSeconds?: number }

/** One instance to its end; returns the number of element activations. */
function runCoreInstance(process: CompiledProcess, env: EngineEnv, id: number): number {
  let state: InstanceState | null = null;
  let transitions = 0;
  let calls = 0;
  let approvals = 0;
  const queue: Command[] = [{ kind: 'start', instanceId: `b${id}`, definitionKey: 'bench:1', variables: { dealId: id } }];
  while (queue.length > 0) {
    const result = apply(process, state, queue.shift()!, env);
    state = result.state;
    for (const effect of result.effects) {
      switch (effect.kind) {
        case 'history':
          if (effect.event.kind === 'element.activated') transitions++;
          break;
        case 'userTask.created': {
          const task = effect.task;
          const variables: Record<string, boolean> = task.elementId === 'call' ? { reached: ++calls >= 2 } : task.elementId === 'approve' ? { approved: ++approvals >= 2 } : {};
          queue.push({ kind: 'completeUserTask', elementInstanceId: task.elementInstanceId, variables });
          break;
        }
        case 'job.created':
          queue.push({ kind: 'completeJob', elementInstanceId: effect.job.elementInstanceId, variables: { requisitesOk: true } });
          break;
        case 'timer.armed':
          queue.push({ kind: 'fireTimer', timerId: effect.timer.id }); // due at once
          break;
        default:
          break;
      }
    }
  }
  if (state?.status !== 'completed') throw new Error(`instance ${id} ended ${state?.status}`);
  return transitions;
}

function runCore(process: CompiledProcess, env: EngineEnv, n: number): CoreRun {
  for (let i = 0; i < 200; i++) runCoreInstance(process, env, i); // warm-up
  const start = performance.now();
  const cpuBefore = globalThis.process.cpuUsage();
  let transitions = 0;
  for (let i = 0; i < n; i++) transitions += runCoreInstance(process, env, i);
  const cpu = globalThis.process.cpuUsage(cpuBefore);
  return { instances: n, seconds: (performance.now() - start) / 1000, transitions, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/** Bytes held per instance waiting at its first user task. */
function coreBytesPerWaiting(process: CompiledProcess, env: EngineEnv, n: number): number {
  gc();
  const before = globalThis.process.memoryUsage().heapUsed;
  const held: InstanceState[] = [];
  for (let i = 0; i < n; i++) held.push(apply(process, null, { kind: 'start', instanceId: `w${i}`, definitionKey: 'bench:1', variables: { dealId: i } }, env).state);
  gc();
  const bytes = (globalThis.process.memoryUsage().heapUsed - before) / n;
  if (held.length !== n) throw new Error('unreachable');
  return bytes;
}

// ---------------------------------------------------------------------------
// bpmn-engine
// ---------------------------------------------------------------------------

async function runBpmnEngineInstance(sourceContext: unknown): Promise<number> {
  const listener = new EventEmitter();
  let calls = 0;
  let approvals = 0;
  let transitions = 0;
  listener.on('activity.start', () => transitions++);
  listener.on('wait', (api: any) => {
    // bpmn-engine expressions are property paths (no operators): the negations are set here.
    if (api.id === 'call') api.environment.variables.retryCall = !(++calls >= 2);
    if (api.id === 'approve') api.environment.variables.rework = !(++approvals >= 2);
    api.signal();
  });
  const engine = new Engine({
    name: 'bench',
    sourceContext,
    services: { checkRequisites: (_ctx: unknown, next: (err: Error | null, result?: unknown) => void) => next(null, { requisitesOk: true }) },
  } as any);
  await new Promise<void>((resolve, reject) => {
    engine.once('end', () => resolve());
    engine.once('error', reject);
    engine.execute({ listener, variables: {} } as any).catch(reject);
  });
  return transitions;
}

async function runBpmnEngine(sourceContext: unknown, n: number, concurrency: number): Promise<CoreRun> {
  for (let i = 0; i < 5; i++) await runBpmnEngineInstance(sourceContext);
  const start = performance.now();
  const cpuBefore = globalThis.process.cpuUsage();
  let transitions = 0;
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) {
      next++;
      const count = await runBpmnEngineInstance(sourceContext);
      transitions += count;
    }
  }));
  const cpu = globalThis.process.cpuUsage(cpuBefore);
  return { instances: n, seconds: (performance.now() - start) / 1000, transitions, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

async function bpmnEngineBytesPerWaiting(sourceContext: unknown, n: number): Promise<number> {
  gc();
  const before = globalThis.process.memoryUsage().heapUsed;
  const held: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const listener = new EventEmitter();
    const engine = new Engine({ name: `w${i}`, sourceContext } as any);
    await new Promise<void>((resolve, reject) => {
      listener.once('wait', () => resolve());
      engine.execute({ listener } as any).catch(reject);
    });
    held.push(engine);
  }
  gc();
  return (globalThis.process.memoryUsage().heapUsed - before) / held.length;
}

// ---------------------------------------------------------------------------

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const quick = args.includes('--quick');
  const n = option(args, '--instances', quick ? 3000 : 30000);
  const baselineN = option(args, '--baseline', quick ? 60 : 300);
  const concurrency = option(args, '--concurrency', 16);

  const compiled = await compileModel(readFileSync(path.join(models, 'onboarding-zeebe.bpmn'), 'utf8'));
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
  const process = compiled.processes[0];
  const env: EngineEnv = { now: Date.UTC(2025, 2, 3, 7), calendar: createWorkingCalendar({ zone: 'Europe/Moscow' }) };

  const moddle = await new BpmnModdle().fromXML(readFileSync(path.join(models, 'onboarding-bpmn-engine.bpmn'), 'utf8'));
  const sourceContext = serializer(moddle as any, TypeResolver(bpmnElements as any));

  const log = (line: string) => globalThis.process.stderr.write(`${line}\n`);
  log(`engine bench: ${n} instances through the pure core, ${baselineN} through bpmn-engine (concurrency ${concurrency})`);

  const peakBefore = globalThis.process.memoryUsage().rss;
  let peakRss = peakBefore;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, globalThis.process.memoryUsage().rss); }, 50);
  const core = runCore(process, env, n);
  peakRss = Math.max(peakRss, globalThis.process.memoryUsage().rss);
  const corePeakRss = peakRss;
  const coreWaiting = coreBytesPerWaiting(process, env, quick ? 2000 : 10000);
  log(`core: ${(core.instances / core.seconds).toFixed(0)} instances/s`);

  const baseline = await runBpmnEngine(sourceContext, baselineN, concurrency);
  const baselineWaiting = await bpmnEngineBytesPerWaiting(sourceContext, quick ? 50 : 200);
  clearInterval(sampler);
  log(`bpmn-engine: ${(baseline.instances / baseline.seconds).toFixed(1)} instances/s`);

  const coreRate = core.instances / core.seconds;
  const baselineRate = baseline.instances / baseline.seconds;
  return {
    benchmark: 'engine',
    quick,
    model: 'test/fixtures/bpmn/bench/onboarding-zeebe.bpmn (15 elements, 2 loops; 25 element activations per instance)',
    core: {
      instances: core.instances,
      seconds: round(core.seconds, 3),
      cpuSeconds: round(core.cpuSeconds ?? 0, 3),
      instancesPerSecond: Math.round(coreRate),
      elementTransitionsPerSecond: Math.round(core.transitions / core.seconds),
      transitionsPerInstance: core.transitions / core.instances,
      peakRssMB: round(corePeakRss / 2 ** 20, 1),
      bytesPerWaitingInstance: Math.round(coreWaiting),
    },
    bpmnEngine: {
      instances: baseline.instances,
      concurrency,
      seconds: round(baseline.seconds, 3),
      cpuSeconds: round(baseline.cpuSeconds ?? 0, 3),
      instancesPerSecond: round(baselineRate, 1),
      elementTransitionsPerSecond: Math.round(baseline.transitions / baseline.seconds),
      bytesPerWaitingInstance: Math.round(baselineWaiting),
    },
    ratio: round(coreRate / baselineRate, 1),
    /** The same per CPU second: bpmn-engine spends most of its wall time waiting for its own timers and the event loop. */
    cpuRatio: round((core.instances / (core.cpuSeconds ?? 1)) / (baseline.instances / (baseline.cpuSeconds ?? 1)), 1),
    memoryRatio: round(baselineWaiting / coreWaiting, 1),
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
