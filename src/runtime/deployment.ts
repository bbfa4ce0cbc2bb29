/**
 * Deploying BPMN models: compile (refusing a bad model with every problem the engine
 * found), store the XML with its checksum as a new version when it changed, and keep
 * the compiled graph of every definition in a cache, by definition key.
 *
 * Versioning rules:
 *   - an identical model is not deployed twice. Models are compared by a canonical form
 *     (model-checksum.ts), so the editor re-serialising an unchanged model (entities,
 *     attribute order, indentation) is not a new version; a moved shape is. The XML is
 *     stored as deployed; the stored model is compared by the canonical checksum of its
 *     stored XML (rows deployed before the canonical form hold a raw-text checksum);
 *   - a shipped model deploys a new version only when it differs from the last SHIPPED
 *     version (an admin's edits in between do not make the shipped file "new");
 *   - new instances start on the process default. It is either an admin's choice or
 *     the rule's:
 *       an admin's choice: deploying a version (the editor, `potok deploy` without
 *       --shipped) or picking any deployed version (chooseDefault, also an older one or
 *       a shipped one). It stays until an admin chooses again; a shipped model deployed
 *       at a later start is stored but never replaces it;
 *       the rule's: no admin has chosen, so the latest shipped version is the default
 *       and each new shipped version replaces it;
 *     the row records who chose (`chosen_by`: a login; null for the rule — older rows
 *     say 'system', a reserved login) and when;
 *   - running instances stay on the definition they started on.
 */
import type { Kysely } from 'kysely';
import type { CompileResult, CompiledProcess } from '../engine/index.ts';
import type { PotokDatabase } from '../store/database.ts';
import {
  definitionKey, findDefinition, findProcessDefault, insertDefinition, insertProcessDefaultIfMissing, latestDefinition, listDefinitions, listProcessDefaults,
  replaceProcessDefault, setProcessDefault,
  type DefinitionRow, type DefinitionSource, type DefinitionSummary, type ProcessDefaultRow,
} from '../store/definition.repository.ts';
import type { Clock } from './clock.ts';
import { RuntimeError, invalidInput, notFound, toRuntimeError } from './errors.ts';
import { modelChecksum } from './model-checksum.ts';

/** What shipped deployments recorded as the chooser before the rule recorded none (a reserved login). */
const SYSTEM_LOGIN = 'system';

export type CompileModelFn = (xml: string, options?: { readonly stored?: boolean }) => Promise<CompileResult<CompiledProcess>>;

export interface DeployOptions {
  readonly source: DefinitionSource;
  /** Who deployed (a login), recorded with the definition. */
  readonly actor?: string | null;
}

export interface DeployedProcess {
  readonly key: string;
  readonly processId: string;
  readonly version: number;
  readonly name: string | null;
  readonly checksum: string;
  readonly source: DefinitionSource;
  /** false: an identical model was already deployed, and that definition is returned. */
  readonly created: boolean;
  /** Whether new instances of the process now start on this definition. */
  readonly isDefault: boolean;
}

/** Which definition new instances of a process start on, and why. */
export interface NewInstanceVersion {
  readonly processId: string;
  readonly definitionKey: string;
  readonly version: number;
  /** 'admin': an admin deployed or picked it; 'rule': nobody chose, the latest shipped (or latest) version. */
  readonly chosen: 'admin' | 'rule';
  /** The admin's login; null for the rule. */
  readonly chosenBy: string | null;
  /** When it became the default; null when no default was ever recorded (the latest version is used). */
  readonly chosenAt: number | null;
}

export interface CompiledDefinition {
  readonly definition: Omit<DefinitionRow, 'xml'>;
  readonly process: CompiledProcess;
}

/** The checksum a model is stored and compared by: of its canonical form, not its raw text. */
export function checksumOf(xml: string): string {
  return modelChecksum(xml);
}

export class DeploymentService {
  readonly #database: PotokDatabase;
  readonly #clock: Clock;
  readonly #compile: CompileModelFn;
  readonly #cache = new Map<string, Promise<CompiledDefinition>>();

  constructor(deps: { database: PotokDatabase; clock: Clock; compileModel: CompileModelFn }) {
    this.#database = deps.database;
    this.#clock = deps.clock;
    this.#compile = deps.compileModel;
  }

  /** Deploys every executable process of a model; throws MODEL_INVALID with the engine's problems. */
  async deployModel(xml: string, options: DeployOptions): Promise<DeployedProcess[]> {
    const compiled = await this.#compile(xml);
    if (!compiled.ok) {
      const first = compiled.problems[0];
      throw new RuntimeError('MODEL_INVALID', `the model was refused: ${compiled.problems.length} problem(s)${first ? `, first: ${first.elementId ? `${first.elementId}: ` : ''}${first.message}` : ''}`, { problems: compiled.problems });
    }
    const checksum = checksumOf(xml);
    const deployed: DeployedProcess[] = [];
    for (const process of compiled.processes) {
      // Two nodes deploying the shipped model at once: the loser of the unique
      // (process_id, version) race retries once and then finds the identical model.
      let attempt = 0;
      for (;;) {
        try {
          const result = await this.#database.db.transaction().execute((trx) => this.#deployProcess(trx, xml, checksum, process, options));
          deployed.push(result);
          if (result.created) this.#cache.set(result.key, Promise.resolve({ definition: { key: result.key, processId: result.processId, version: result.version, name: result.name, checksum, source: result.source, deployedAt: this.#clock.now(), deployedBy: options.actor ?? null }, process }));
          break;
        } catch (err) {
          if (attempt++ === 0 && isUniqueViolation(err)) continue;
          throw toRuntimeError(err);
        }
      }
    }
    return deployed;
  }

  /** The newest version of the process whose model is this one (by canonical checksum), or null. */
  async #versionWithModel(trx: Kysely<any>, processId: string, checksum: string): Promise<DefinitionRow | null> {
    const versions = (await listDefinitions(trx, processId)).sort((a, b) => b.version - a.version);
    // Rows stored with the canonical checksum match without reading their XML.
    const stored = versions.find((v) => v.checksum === checksum);
    if (stored) return findDefinition(trx, stored.key);
    // Older rows hold a raw-text checksum: compare their XML's canonical form.
    for (const v of versions) {
      const row = await findDefinition(trx, v.key);
      if (row && sameModel(row, checksum)) return row;
    }
    return null;
  }

  async #deployProcess(trx: Kysely<any>, xml: string, checksum: string, process: CompiledProcess, options: DeployOptions): Promise<DeployedProcess> {
    const now = this.#clock.now();
    const actor = options.actor ?? null;
    const latest = await latestDefinition(trx, process.id);
    // A shipped model is compared with the latest shipped version; an admin's with every
    // version (an admin re-deploying an older version from the editor gets that version back).
    const comparedWith = options.source === 'shipped' ? await latestDefinition(trx, process.id, 'shipped') : await this.#versionWithModel(trx, process.id, checksum);
    const current = await findProcessDefault(trx, process.id);

    if (comparedWith && sameModel(comparedWith, checksum)) {
      // Deploying the same model again. An admin doing so chooses it for new instances.
      let isDefault = current?.definitionKey === comparedWith.key;
      if (options.source === 'admin' && !isDefault) {
        await setProcessDefault(trx, { processId: process.id, definitionKey: comparedWith.key, chosenBy: actor, chosenAt: now });
        isDefault = true;
      }
      return { ...summary(comparedWith), created: false, isDefault };
    }

    const version = (latest?.version ?? 0) + 1;
    const row: DefinitionRow = {
      key: definitionKey(process.id, version),
      processId: process.id,
      version,
      name: process.name || null,
      xml,
      checksum,
      source: options.source,
      deployedAt: now,
      deployedBy: actor,
    };
    await insertDefinition(trx, row);
    let isDefault: boolean;
    if (options.source === 'admin') {
      await setProcessDefault(trx, { processId: process.id, definitionKey: row.key, chosenBy: actor, chosenAt: now });
      isDefault = true;
    } else {
      // A shipped version takes over only the rule's default. Compare-and-set: an admin
      // choosing at this moment on another node keeps their choice.
      const next: ProcessDefaultRow = { processId: process.id, definitionKey: row.key, chosenBy: null, chosenAt: now };
      if (!current) isDefault = await insertProcessDefaultIfMissing(trx, next);
      else isDefault = isRuleChoice(current, (await findDefinition(trx, current.definitionKey))?.source) && (await replaceProcessDefault(trx, current, next));
    }
    return { ...summary(row), created: true, isDefault };
  }

  /** The compiled graph of a stored definition (cached). `db` may be the caller's transaction. */
  getCompiled(key: string, db: Kysely<any> = this.#database.db): Promise<CompiledDefinition> {
    let entry = this.#cache.get(key);
    if (!entry) {
      entry = this.#load(key, db);
      this.#cache.set(key, entry);
      entry.catch(() => this.#cache.delete(key));
    }
    return entry;
  }

  async #load(key: string, db: Kysely<any>): Promise<CompiledDefinition> {
    const row = await findDefinition(db, key);
    if (!row) throw notFound(`no process definition '${key}' is deployed`, { definitionKey: key });
    // `stored`: checks added after this definition was deployed must not lock its instances out.
    const compiled = await this.#compile(row.xml, { stored: true });
    const process = compiled.ok ? compiled.processes.find((p) => p.id === row.processId) : undefined;
    if (!compiled.ok || !process) {
      throw new RuntimeError('MODEL_INVALID', `the stored definition '${key}' no longer compiles`, { problems: compiled.ok ? [] : compiled.problems, retryable: false });
    }
    const { xml: _xml, ...definition } = row;
    return { definition, process };
  }

  /** The definition new instances of a process start on: its default, else its latest version. */
  async definitionForNewInstances(processId: string, db: Kysely<any> = this.#database.db): Promise<string> {
    const chosen = await findProcessDefault(db, processId);
    if (chosen) return chosen.definitionKey;
    const latest = await latestDefinition(db, processId);
    if (!latest) throw notFound(`no process '${processId}' is deployed`, { processId });
    return latest.key;
  }

  /**
   * An admin chooses which deployed definition new instances of a process start on (any
   * version of it: older, shipped or their own). Running instances are not touched.
   * NOT_FOUND for an unknown process or definition; INVALID_INPUT (`field`:
   * 'definitionKey') for a definition of another process.
   */
  async chooseDefault(choice: { processId: string; definitionKey: string; actor: string }): Promise<NewInstanceVersion> {
    const db = this.#database.db;
    if (!choice.actor || choice.actor === SYSTEM_LOGIN) throw invalidInput('an admin choice records the login of the admin who made it', { field: 'actor' });
    if (!(await latestDefinition(db, choice.processId))) throw notFound(`no process '${choice.processId}' is deployed`, { processId: choice.processId });
    const row = await findDefinition(db, choice.definitionKey);
    if (!row) throw notFound(`no process definition '${choice.definitionKey}' is deployed`, { definitionKey: choice.definitionKey, field: 'definitionKey' });
    if (row.processId !== choice.processId) {
      throw invalidInput(`'${row.key}' is a version of the process '${row.processId}', not of '${choice.processId}'`, { field: 'definitionKey', processId: row.processId });
    }
    const chosenAt = this.#clock.now();
    await setProcessDefault(db, { processId: row.processId, definitionKey: row.key, chosenBy: choice.actor, chosenAt });
    return { processId: row.processId, definitionKey: row.key, version: row.version, chosen: 'admin', chosenBy: choice.actor, chosenAt };
  }

  /** For every deployed process: the definition new instances start on, who chose it and when. */
  async newInstanceVersions(db: Kysely<any> = this.#database.db): Promise<NewInstanceVersion[]> {
    const definitions = await listDefinitions(db);
    const byKey = new Map(definitions.map((d) => [d.key, d]));
    const defaults = new Map((await listProcessDefaults(db)).map((d) => [d.processId, d]));
    const latest = new Map<string, DefinitionSummary>();
    for (const d of definitions) if ((latest.get(d.processId)?.version ?? 0) < d.version) latest.set(d.processId, d);
    return [...latest.values()].map((last) => {
      const chosen = defaults.get(last.processId);
      const definition = chosen ? byKey.get(chosen.definitionKey) : undefined;
      if (!chosen || !definition) return { processId: last.processId, definitionKey: last.key, version: last.version, chosen: 'rule', chosenBy: null, chosenAt: null };
      const rule = isRuleChoice(chosen, definition.source);
      return { processId: last.processId, definitionKey: definition.key, version: definition.version, chosen: rule ? 'rule' : 'admin', chosenBy: rule ? null : chosen.chosenBy, chosenAt: chosen.chosenAt };
    });
  }

  listDefinitions(processId?: string): Promise<DefinitionSummary[]> {
    return listDefinitions(this.#database.db, processId);
  }

  async getXml(key: string): Promise<string> {
    const row = await findDefinition(this.#database.db, key);
    if (!row) throw notFound(`no process definition '${key}' is deployed`, { definitionKey: key });
    return row.xml;
  }
}

/** Whether a stored definition is the model with this canonical checksum (older rows store a raw-text checksum). */
function sameModel(stored: DefinitionRow, checksum: string): boolean {
  return stored.checksum === checksum || checksumOf(stored.xml) === checksum;
}

/** The rule's default, which a new shipped version may replace: a shipped version no admin chose. */
function isRuleChoice(current: ProcessDefaultRow, source: DefinitionSource | undefined): boolean {
  return source === 'shipped' && (current.chosenBy === null || current.chosenBy === SYSTEM_LOGIN);
}

function summary(row: DefinitionRow): Omit<DeployedProcess, 'created' | 'isDefault'> {
  return { key: row.key, processId: row.processId, version: row.version, name: row.name, checksum: row.checksum, source: row.source };
}

function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
