/**
 * What the admin screens need from the runtime: models (list, deploy with every problem
 * listed, choose the version new deals start on), incidents (list, retry) and instances
 * of a model by element.
 */
export interface ModelSummary {
  readonly definitionKey: string;
  readonly processId: string;
  readonly version: number;
  readonly name: string | null;
  readonly source: 'shipped' | 'admin';
  readonly deployedAt: number;
  readonly deployedBy: string | null;
  /** New instances of the process start on this version. */
  readonly isDefault: boolean;
  /** Active instances on this version. */
  readonly runningInstances: number;
}

/** Which version new instances of a process start on, and whether an admin chose it. */
export interface ProcessVersionChoice {
  readonly processId: string;
  readonly definitionKey: string;
  readonly version: number;
  readonly chosen: 'admin' | 'rule';
  readonly chosenBy: string | null;
  readonly chosenAt: number | null;
}

export interface ModelProblemInfo {
  readonly code: string;
  readonly elementId: string | null;
  readonly message: string;
  readonly line?: number;
}

export interface IncidentInfo {
  readonly id: string;
  readonly instanceId: string;
  readonly businessKey: string | null;
  readonly elementId: string;
  readonly type: string;
  readonly message: string;
  readonly createdAt: number;
}

export interface ProcessAdminPort {
  listModels(): Promise<ModelSummary[]>;
  /** Per deployed process: the version new instances start on. */
  newInstanceVersions(): Promise<ProcessVersionChoice[]>;
  /** not_found: unknown process or version; bad_request (field definitionKey): a version of another process. */
  chooseVersion(processId: string, definitionKey: string, actor: string): Promise<ProcessVersionChoice>;
  modelXml(definitionKey: string): Promise<string | null>;
  /** `unchanged`: every process of the model was already deployed identically (compared by canonical form); `deployed` lists those existing versions. */
  deploy(xml: string, actor: string): Promise<{ ok: true; deployed: ModelSummary[]; unchanged: boolean } | { ok: false; problems: ModelProblemInfo[] }>;
  listIncidents(): Promise<IncidentInfo[]>;
  retryIncident(incidentId: string, actor: string): Promise<boolean>;
  instancesAt(definitionKey: string, elementId: string | null, page: { offset: number; limit: number }): Promise<{ items: { instanceId: string; businessKey: string | null; elementIds: string[]; startedAt: number }[]; total: number }>;
}
