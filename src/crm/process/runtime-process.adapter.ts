/**
 * The CRM's process ports on the durable runtime (src/runtime): deal commands go to the
 * command executor; diagram and admin views read the runtime's tables. Runtime errors
 * become the CRM's typed errors here, so the HTTP edge maps them like any other.
 */
import type { Runtime } from '../../runtime/index.ts';
import { isRuntimeError } from '../../runtime/index.ts';
import { retryFailedJob } from '../../runtime/jobs/index.ts';
import { listOpenIncidents } from '../../store/incident.repository.ts';
import { ServiceError } from '../service-error.ts';
import type { DiagramData, ProcessPort } from './process.port.ts';
import type { ProcessAdminPort, ModelSummary } from './process-admin.port.ts';

export const FRANCHISE_PROCESS_ID = 'franchise_onboarding';

function mapError(err: unknown): never {
  if (isRuntimeError(err)) {
    switch (err.code) {
      case 'NOT_FOUND':
        throw new ServiceError('not_found', 'Not found');
      case 'CONFLICT':
        throw new ServiceError('conflict', 'Someone changed this at the same moment; reload and try again');
      case 'INVALID_STATE':
        throw new ServiceError('conflict', 'This step is no longer open');
      case 'INVALID_INPUT':
        throw new ServiceError('validation', err.message);
      case 'DATABASE_UNAVAILABLE':
        throw new ServiceError('unavailable', 'The database is not available');
      default:
        break;
    }
  }
  throw err;
}

async function guarded<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    return mapError(err);
  }
}

type Vars = Record<string, any>;

/** A change of a task's assignee; its conflicts say what happened (without naming who took it). */
async function assignment(command: () => Promise<unknown>): Promise<void> {
  try {
    await command();
  } catch (err) {
    if (isRuntimeError(err, 'CONFLICT') && err.details.status) throw new ServiceError('conflict', 'The task is already closed');
    if (isRuntimeError(err, 'CONFLICT') && err.details.assignee) throw new ServiceError('conflict', 'Someone else has taken the task');
    mapError(err);
  }
}

export function createRuntimeProcessPort(runtime: Runtime, processId = FRANCHISE_PROCESS_ID): ProcessPort {
  const { executor } = runtime;
  const db = runtime.database.db;
  return {
    startDeal: (dealId, variables, actor) =>
      guarded(async () => {
        try {
          return (await executor.start({ processId, businessKey: dealId, variables: variables as Vars, actor })).instanceId;
        } catch (err) {
          if (isRuntimeError(err, 'NOT_FOUND')) throw new ServiceError('unavailable', 'The franchise process is not deployed');
          throw err;
        }
      }),
    completeTask: (instanceId, elementInstanceId, variables, actor) =>
      guarded(async () => {
        const { completedBy: _ignored, ...vars } = variables as Vars;
        await executor.completeUserTask(`${instanceId}:${elementInstanceId}`, vars, actor);
      }),
    cancel: (instanceId, reason, actor) =>
      guarded(async () => {
        await executor.cancelInstance(instanceId, reason, actor);
      }),
    correlate: (messageName, correlationKey, variables, actor) =>
      guarded(async () => (await executor.correlateMessage(messageName, correlationKey, variables as Vars, actor)).length > 0),
    setVariables: (instanceId, variables, actor) =>
      guarded(async () => {
        await executor.setVariables(instanceId, variables as Vars, actor);
      }),
    claimTask: (taskId, actor) => assignment(() => executor.claimUserTask(taskId, actor)),
    unclaimTask: (taskId, actor) => assignment(() => executor.unclaimUserTask(taskId, actor)),
    reassignTask: (taskId, assignee, actor) => assignment(() => executor.reassignUserTask(taskId, assignee, actor)),
    diagram: async (instanceId): Promise<DiagramData | null> => {
      const instance = await db.selectFrom('instances').selectAll().where('id', '=', instanceId).executeTakeFirst();
      if (!instance) return null;
      const xml = await runtime.deployments.getXml(instance.definition_key);
      const active = await db.selectFrom('element_instances').select('element_id').where('instance_id', '=', instanceId).execute();
      const done = await db.selectFrom('history').select('element_id').distinct().where('instance_id', '=', instanceId).where('kind', '=', 'element.completed').execute();
      const incidents = await listOpenIncidents(db, instanceId);
      return {
        xml,
        definitionKey: instance.definition_key,
        status: instance.status,
        activeElements: [...new Set(active.map((r) => r.element_id as string))],
        completedElements: done.map((r) => r.element_id as string).filter(Boolean),
        incidents: incidents.map((i: any) => ({ id: i.id, elementId: i.elementId, message: i.message, createdAt: Number(i.createdAt) })),
      };
    },
  };
}

export function createRuntimeAdminPort(runtime: Runtime): ProcessAdminPort {
  const db = runtime.database.db;
  const summaries = async (): Promise<ModelSummary[]> => {
    const [defs, versions, running] = await Promise.all([
      runtime.deployments.listDefinitions(),
      runtime.deployments.newInstanceVersions(),
      db.selectFrom('instances').select(['definition_key', (eb) => eb.fn.countAll().as('n')]).where('status', '=', 'active').groupBy('definition_key').execute(),
    ]);
    const chosen = new Set(versions.map((v) => v.definitionKey));
    const counts = new Map(running.map((r: any) => [r.definition_key as string, Number(r.n)]));
    return defs.map((d) => ({
      definitionKey: d.key,
      processId: d.processId,
      version: d.version,
      name: d.name ?? null,
      source: d.source,
      deployedAt: Number(d.deployedAt),
      deployedBy: d.deployedBy ?? null,
      isDefault: chosen.has(d.key),
      runningInstances: counts.get(d.key) ?? 0,
    }));
  };
  return {
    listModels: summaries,
    newInstanceVersions: () => runtime.deployments.newInstanceVersions(),
    async chooseVersion(processId, definitionKey, actor) {
      try {
        return await runtime.deployments.chooseDefault({ processId, definitionKey, actor });
      } catch (err) {
        if (isRuntimeError(err, 'NOT_FOUND')) {
          if (err.details.field === 'definitionKey') throw new ServiceError('not_found', `No version '${definitionKey}' is deployed`, [{ field: 'definitionKey', message: 'No such version is deployed' }]);
          throw new ServiceError('not_found', `No process '${processId}' is deployed`);
        }
        if (isRuntimeError(err, 'INVALID_INPUT') && err.details.field === 'definitionKey') {
          throw new ServiceError('bad_request', `'${definitionKey}' is not a version of the process '${processId}'`, [{ field: 'definitionKey', message: `a version of the process '${String(err.details.processId)}', not of '${processId}'` }]);
        }
        return mapError(err);
      }
    },
    async modelXml(key) {
      try {
        return await runtime.deployments.getXml(key);
      } catch (err) {
        if (isRuntimeError(err, 'NOT_FOUND')) return null;
        throw err;
      }
    },
    async deploy(xml, actor) {
      try {
        const deployed = await runtime.deployments.deployModel(xml, { source: 'admin', actor });
        const all = await summaries();
        return { ok: true, deployed: all.filter((m) => deployed.some((d) => d.key === m.definitionKey)), unchanged: deployed.every((d) => !d.created) };
      } catch (err) {
        if (isRuntimeError(err, 'MODEL_INVALID')) {
          const problems = ((err as any).problems ?? []) as any[];
          return { ok: false, problems: problems.map((p) => ({ code: p.code, elementId: p.elementId ?? null, message: p.message, ...(p.line ? { line: p.line } : {}) })) };
        }
        throw err;
      }
    },
    async listIncidents() {
      const rows = await listOpenIncidents(db);
      return rows.map((i: any) => ({ id: i.id, instanceId: i.instanceId, businessKey: i.businessKey ?? null, elementId: i.elementId, type: i.type, message: i.message, createdAt: Number(i.createdAt) }));
    },
    async retryIncident(id, actor) {
      try {
        await runtime.executor.resolveIncident(id, actor);
        return true;
      } catch (err) {
        if (isRuntimeError(err, 'NOT_FOUND')) return false;
        if (isRuntimeError(err, 'INVALID_STATE')) throw new ServiceError('conflict', 'The incident was already resolved');
        throw err;
      }
    },
    async instancesAt(definitionKey, elementId, page) {
      let q = db.selectFrom('instances').where('definition_key', '=', definitionKey).where('status', '=', 'active');
      if (elementId) q = q.where((eb) => eb.exists(eb.selectFrom('element_instances').select('element_id').whereRef('element_instances.instance_id', '=', 'instances.id').where('element_instances.element_id', '=', elementId)));
      const [rows, total] = await Promise.all([
        q.select(['id', 'business_key', 'started_at']).orderBy('started_at', 'desc').offset(page.offset).limit(page.limit).execute(),
        q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
      ]);
      const ids = rows.map((r: any) => r.id);
      const elements = ids.length ? await db.selectFrom('element_instances').select(['instance_id', 'element_id', 'element_type']).where('instance_id', 'in', ids).execute() : [];
      return {
        items: rows.map((r: any) => ({
          instanceId: r.id,
          businessKey: r.business_key ?? null,
          elementIds: elements.filter((e: any) => e.instance_id === r.id && e.element_type !== 'process' && e.element_type !== 'subProcess').map((e: any) => e.element_id),
          startedAt: Number(r.started_at),
        })),
        total: Number((total as any).n),
      };
    },
  };
}

export { retryFailedJob };
