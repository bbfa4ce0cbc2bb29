/**
 * What the admin screens need from the runtime: models (list, deploy with every problem
 * listed), incidents (list, retry) and instances of a model by element.
 */
export interface ModelSummary {
  readonly definitionKey: string;
  readonly processId: string;
  readonly version: number;
  readonly name: string | null;
  readonly deployedAt: number;
  readonly deployedBy: string | null;
  readonly isDefault: boolean;
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
  modelXml(definitionKey: string): Promise<string | null>;
  deploy(xml: string, actor: string): Promise<{ ok: true; deployed: ModelSummary[] } | { ok: false; problems: ModelProblemInfo[] }>;
  listIncidents(): Promise<IncidentInfo[]>;
  retryIncident(incidentId: string, actor: string): Promise<boolean>;
  instancesAt(definitionKey: string, elementId: string | null, page: { offset: number; limit: number }): Promise<{ items: { instanceId: string; businessKey: string | null; elementIds: string[]; startedAt: number }[]; total: number }>;
}
