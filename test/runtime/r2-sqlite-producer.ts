/**
 * A second process writing to a SQLite file (the `serve` side) while a test drains it
 * (the `worker` side): enqueues N outbox jobs and N timers, one transaction each.
 * Usage: node --import tsx r2-sqlite-producer.ts DATA_DIR N DUE_AT
 */
import { openDatabase } from '../../src/store/database.ts';
import { enqueueOutbox } from '../../src/store/job.repository.ts';
import { insertTimer } from '../../src/store/timer.repository.ts';

const [dir, n, dueAt] = process.argv.slice(2);
const database = openDatabase({ dataDir: dir! });
const at = Number(dueAt);
for (let i = 0; i < Number(n); i++) {
  await database.db.transaction().execute(async (trx) => {
    await enqueueOutbox(trx, { type: 'mail', payload: { i }, idempotencyKey: `k${i}`, now: at });
    await insertTimer(trx, { instanceId: `i${i}`, timerId: 't', elementId: 'e', elementInstanceId: '1', dueAt: at, createdAt: at });
  });
}
await database.close();
