import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createRuntime } from '../../src/runtime/index.ts';
import { enqueueOutbox } from '../../src/store/job.repository.ts';
import { freshPostgresUrl } from '../support/databases.ts';
import { startWorker } from './crash-harness.ts';

const HEAD = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="D" targetNamespace="http://bpmn.io/schema/bpmn">`;
const timerOnly = `${HEAD}
  <bpmn:process id="waitonly" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <bpmn:intermediateCatchEvent id="wait">
      <bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1S</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

// Sizes kept small for the suite (the machine has 2 cores); POTOK_MULTI_NODE_SCALE=5 for a bigger run.
const SCALE = Number(process.env.POTOK_MULTI_NODE_SCALE ?? 1);
const TIMERS = 300 * SCALE;
const JOBS = 1_500 * SCALE;

describe('several potok worker processes on one PostgreSQL', () => {
  it('given hundreds of due timers and thousands of due jobs, when three potok worker processes run at once, then each timer fires once and each job runs once', async () => {
    const url = await freshPostgresUrl();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'potok-multi-'));
    const runsFile = path.join(dir, 'runs.log');
    const database = openDatabase({ url });
    try {
      await migrateToLatest(database);
      const rt = createRuntime({ database });
      await rt.deployments.deployModel(timerOnly, { source: 'admin' });
      const ids: string[] = [];
      for (let i = 0; i < TIMERS; i++) ids.push((await rt.executor.start({ processId: 'waitonly' })).instanceId);
      await database.db.transaction().execute(async (trx) => {
        for (let i = 0; i < JOBS; i++) await enqueueOutbox(trx, { type: 'r2.outbox', payload: { i }, idempotencyKey: `job-${i}`, now: 0 });
      });
      const workers = [startWorker(dir, runsFile, url), startWorker(dir, runsFile, url), startWorker(dir, runsFile, url)];
      await Promise.all(workers.map((w) => w.started));
      const deadline = Date.now() + 120_000;
      const done = async () => {
        const open = await database.db.selectFrom('instances').select('id').where('status', '=', 'active').execute();
        const jobs = await database.db.selectFrom('jobs').select('id').where('status', '!=', 'completed').execute();
        return open.length === 0 && jobs.length === 0;
      };
      while (!(await done()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      for (const w of workers) w.process.kill('SIGTERM');
      const codes = await Promise.all(workers.map((w) => w.exited));

      const fired = await database.db.selectFrom('history').select('instance_id').where('kind', '=', 'timer.fired').execute();
      const lines = existsSync(runsFile) ? readFileSync(runsFile, 'utf8').split('\n').filter(Boolean) : [];
      const runs = lines.map((l) => l.split(' ')[0]);
      const pids = new Set(lines.map((l) => l.split(' ')[1]));
      expect(codes).toEqual([0, 0, 0]);
      expect(fired).toHaveLength(TIMERS);
      expect(new Set(fired.map((r: any) => r.instance_id)).size).toBe(TIMERS);
      expect((await database.db.selectFrom('timers').select('id').execute()).length).toBe(0);
      expect(runs).toHaveLength(JOBS);
      expect(new Set(runs).size).toBe(JOBS);
      expect(pids.size).toBeGreaterThan(1); // the work was shared
    } finally {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
