/**
 * Checkpoints the SQLite write-ahead log from a worker thread with its own connection.
 *
 * SQLite's automatic checkpoint runs inside the COMMIT that crosses the WAL's size limit:
 * that commit copies every changed page back into the database file and waits for the
 * file to reach the disk (synchronous=NORMAL syncs at checkpoints), which made every
 * ~50th command wait milliseconds. A PASSIVE checkpoint on another connection does the
 * same work beside the writers (WAL mode lets writers go on during a checkpoint). The
 * automatic checkpoint stays as a safety net, at a higher limit, for when this thread
 * cannot keep up or is not running (another process, a crash of the thread).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Pages in the WAL before a commit checkpoints by itself (SQLite's default is 1,000). */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
db.pragma('synchronous = NORMAL');
let failures = 0;
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    failures = 0;
  } catch (err) {
    // Busy (another checkpoint running) or an I/O error: the writers' automatic checkpoint still bounds the WAL.
    if (++failures === 10) parentPort.postMessage({ warning: String(err && err.message || err) });
  }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  try { db.close(); } catch {}
  parentPort.close();
});
`;

export interface SqliteCheckpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, options: { intervalMs?: number; onWarning?: (message: string) => void } = {}): SqliteCheckpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, module: createRequire(import.meta.url).resolve('better-sqlite3'), intervalMs: options.intervalMs ?? 100 },
  });
  // The process may exit without stopping it (a CLI command that forgets close()).
  worker.unref();
  worker.on('message', (m: { warning?: string }) => {
    if (m.warning) options.onWarning?.(`WAL checkpoints keep failing: ${m.warning}`);
  });
  worker.on('error', (err) => options.onWarning?.(`WAL checkpoint thread stopped: ${err.message}`));
  let stopped: Promise<void> | null = null;
  return {
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        // Keep the process alive until the thread has closed its connection.
        worker.ref();
        worker.postMessage('stop');
        // A thread that does not answer is ended.
        setTimeout(() => void worker.terminate(), 2_000).unref();
      });
      return stopped;
    },
  };
}
