/**
 * A handler that takes its worker process down on every attempt (a native crash, the OOM
 * killer): each dead attempt must count, so that the job ends in an incident after its
 * retries instead of killing worker after worker forever.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type PotokDatabase } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createRuntime } from '../../src/runtime/index.ts';
import { listJobs } from '../../src/store/job.repository.ts';
import { freshPostgresUrl } from '../support/databases.ts';
import { startWorker } from './crash-harness.ts';

const crashingModel = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="D" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="crashing" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="crash" />
    <bpmn:serviceTask id="crash" name="Crash the worker">
      <bpmn:extensionElements><zeebe:taskDefinition type="r2.crash" retries="2" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="crash" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

async function incidentOf(database: PotokDatabase, instanceId: string) {
  return database.db.selectFrom('incidents').selectAll().where('instance_id', '=', instanceId).executeTakeFirst();
}

const targets: { name: string; url: () => Promise<string | undefined> }[] = [
  { name: 'sqlite', url: async () => undefined },
  { name: 'postgres', url: () => freshPostgresUrl() },
];

for (const target of targets) {
  describe(`a handler that crashes potok worker, on ${target.name}`, () => {
    it('given a job whose handler SIGKILLs its worker, when workers are restarted after each crash, then its 2 attempts are used up and it ends in an incident saying the worker stopped or crashed', async () => {
      const url = await target.url();
      const dir = mkdtempSync(path.join(os.tmpdir(), 'potok-crashing-'));
      const runsFile = path.join(dir, 'runs.log');
      const database = openDatabase(url ? { url } : { dataDir: dir });
      try {
        await migrateToLatest(database);
        const rt = createRuntime({ database });
        await rt.deployments.deployModel(crashingModel, { source: 'admin', actor: 'crash-test' });
        const { instanceId } = await rt.executor.start({ processId: 'crashing' });

        const deadline = Date.now() + 90_000;
        let crashes = 0;
        let survivor: ReturnType<typeof startWorker> | undefined;
        while (!(await incidentOf(database, instanceId)) && Date.now() < deadline) {
          const worker = startWorker(dir, runsFile, url);
          // The job may take the worker down before its "started" line gets out.
          await worker.started.catch(() => {});
          const outcome = await Promise.race([
            worker.exited.then(() => 'crashed' as const),
            (async () => {
              while (!(await incidentOf(database, instanceId)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
              return 'incident' as const;
            })(),
          ]);
          if (outcome === 'crashed') crashes++;
          else survivor = worker;
        }
        survivor?.process.kill('SIGTERM');
        const exitCode = await survivor?.exited;

        const incident = await incidentOf(database, instanceId);
        expect(incident).toMatchObject({ type: 'JOB_NO_RETRIES', element_id: 'crash' });
        expect(incident!.message).toContain("LEASE_EXPIRED: the worker's lease expired (worker stopped or crashed) during attempt 2");
        expect((await listJobs(database.db))[0]).toMatchObject({ status: 'failed', retries: 0, attempts: 2 });
        const runs = existsSync(runsFile) ? readFileSync(runsFile, 'utf8').split('\n').filter(Boolean) : [];
        expect(runs).toHaveLength(2);
        expect(new Set(runs.map((l) => l.split(' ')[1])).size).toBe(2); // two processes died
        expect(crashes).toBe(2);
        expect(exitCode).toBe(0); // the worker that raised the incident is healthy
        expect((await database.db.selectFrom('instances').select('status').where('id', '=', instanceId).executeTakeFirst())!.status).toBe('active');
      } finally {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }, 120_000);
  });
}
