/**
 * `potok instances [--process ID] [--status S] [--limit N]`: lists process instances
 * with their open tasks and incidents (times in the company's zone, POTOK_TZ).
 */
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { listInstances } from '../../store/instance.repository.ts';
import { listUserTasks } from '../../store/user-task.repository.ts';
import { listOpenIncidents } from '../../store/incident.repository.ts';
import { BadInputError, EXIT_FAILURE, EXIT_OK } from '../main.ts';
import type { SetExitCode } from './index.ts';
import { addDatabaseOptions, openMigratedDatabase, type DatabaseOptions } from './migrate.command.ts';

interface InstancesOptions extends DatabaseOptions {
  process?: string;
  status?: string;
  limit?: string;
  json?: boolean;
}

const STATUSES = ['active', 'completed', 'terminated', 'cancelled'] as const;

export function registerInstancesCommand(program: Command, setExitCode: SetExitCode): void {
  addDatabaseOptions(
    program
      .command('instances')
      .description('list process instances with their open tasks and incidents')
      .option('--process <id>', 'only instances of this BPMN process id')
      .option('--status <status>', `only instances in this status (${STATUSES.join(', ')})`)
      .option('--limit <n>', 'at most this many, newest first (default 50)')
      .option('--json', 'print JSON'),
  ).action(async (options: InstancesOptions) => {
    if (options.status && !(STATUSES as readonly string[]).includes(options.status)) throw new BadInputError(`--status must be one of ${STATUSES.join(', ')}, got "${options.status}"`);
    if (options.limit !== undefined && !/^\d+$/.test(options.limit)) throw new BadInputError(`--limit must be a whole number, got "${options.limit}"`);
    const database = await openMigratedDatabase(options);
    if (!database) return setExitCode(EXIT_FAILURE);
    try {
      const zone = process.env.POTOK_TZ ?? 'Europe/Moscow';
      const iso = (ms: number | null) => (ms === null ? null : DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true }));
      const instances = await listInstances(database.db, { processId: options.process, status: options.status as any, limit: Number(options.limit ?? 50) });
      const rows = [];
      for (const i of instances) {
        const tasks = await listUserTasks(database.db, { instanceId: i.id, status: 'open' });
        const incidents = await listOpenIncidents(database.db, i.id);
        rows.push({
          id: i.id, process: i.processId, definition: i.definitionKey, businessKey: i.businessKey, status: i.status, version: i.version,
          startedAt: iso(i.startedAt), endedAt: iso(i.endedAt),
          openTasks: tasks.map((t) => ({ id: t.id, title: t.title, assignee: t.assignee, dueAt: iso(t.dueAt) })),
          incidents: incidents.map((x) => ({ id: x.id, element: x.elementId, type: x.type, message: x.message })),
        });
      }
      if (options.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      else if (rows.length === 0) process.stdout.write('no instances\n');
      else {
        for (const r of rows) {
          process.stdout.write(`${r.id}  ${r.definition}  ${r.status}  ${r.businessKey ?? '-'}  started ${r.startedAt}${r.endedAt ? `  ended ${r.endedAt}` : ''}\n`);
          for (const t of r.openTasks) process.stdout.write(`    task ${t.title}${t.assignee ? ` → ${t.assignee}` : ''}${t.dueAt ? ` (due ${t.dueAt})` : ''}\n`);
          for (const x of r.incidents) process.stdout.write(`    INCIDENT ${x.id} at ${x.element}: ${x.message}\n`);
        }
      }
      setExitCode(EXIT_OK);
    } finally {
      await database.close().catch(() => {});
    }
  });
}
