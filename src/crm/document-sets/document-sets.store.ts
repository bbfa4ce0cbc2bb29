/**
 * The document sets in effect: the admin's version stored in the settings table, else
 * the shipped processes/document-sets.json. Every version is kept with the moment it
 * took effect, so a task's form is built from the sets in effect when the task was
 * created: an open task keeps the documents it showed, the next task gets the change.
 *
 * Nothing is cached across calls except the shipped file: every Potok process (serve,
 * worker, several servers on one PostgreSQL) reads the one stored row, so a change is
 * seen everywhere at once without a restart or a cross-process cache invalidation.
 */
import { loadDocumentSetsFile } from './document-sets.loader.ts';
import { parseDocumentSets } from './document-sets.validator.ts';
import type { DocumentSets } from './document-sets.types.ts';

export const DOCUMENT_SETS_SETTING = 'document_sets';
/** Old versions kept for tasks still open on them; admins change the sets rarely. */
export const KEPT_VERSIONS = 200;

/** One saved version; `sets: null` = back to the shipped default (the admin's reset). */
export interface DocumentSetsVersion {
  readonly since: number;
  readonly by: string;
  readonly sets: DocumentSets | null;
}

interface StoredDocumentSets {
  readonly versions: readonly DocumentSetsVersion[];
}

export interface EffectiveDocumentSets {
  /** `admin`: an admin's version; `shipped`: processes/document-sets.json. */
  readonly source: 'admin' | 'shipped';
  readonly sets: DocumentSets;
  /** Who saved or reset last, and when (null if nobody ever did). */
  readonly updatedBy: string | null;
  readonly updatedAt: number | null;
}

/** The part of the settings repository this store uses. */
export interface SettingsPort {
  get<T>(key: string): Promise<T | null>;
  set(key: string, value: unknown, now: number): Promise<void>;
}

let shippedCache: Promise<DocumentSets> | undefined;
/** The shipped file changes only with a new Potok release, i.e. a restart. */
export const shippedDocumentSets = (): Promise<DocumentSets> => (shippedCache ??= loadDocumentSetsFile());

export class DocumentSetsStore {
  constructor(
    private readonly settings: SettingsPort,
    private readonly shipped: () => Promise<DocumentSets> = shippedDocumentSets,
  ) {}

  private async versions(): Promise<readonly DocumentSetsVersion[]> {
    const stored = await this.settings.get<StoredDocumentSets>(DOCUMENT_SETS_SETTING);
    return Array.isArray(stored?.versions) ? stored.versions : [];
  }

  /** A stored version's sets, re-checked: a row edited by hand that no longer validates falls back to the shipped sets. */
  private async setsOf(version: DocumentSetsVersion | undefined): Promise<{ sets: DocumentSets; admin: boolean }> {
    if (version?.sets) {
      const checked = parseDocumentSets(version.sets);
      if (checked.ok) return { sets: checked.sets, admin: true };
    }
    return { sets: await this.shipped(), admin: false };
  }

  /** The sets new tasks get now, with where they come from. */
  async current(): Promise<EffectiveDocumentSets> {
    const versions = await this.versions();
    const last = versions.at(-1);
    const { sets, admin } = await this.setsOf(last);
    return { source: admin ? 'admin' : 'shipped', sets, updatedBy: last?.by ?? null, updatedAt: last?.since ?? null };
  }

  /** The sets in effect at `time` (a task's creation): the last version saved at or before it. */
  async at(time: number): Promise<DocumentSets> {
    const versions = await this.versions();
    let found: DocumentSetsVersion | undefined;
    for (const v of versions) if (v.since <= time) found = v;
    return (await this.setsOf(found)).sets;
  }

  /**
   * Every document key ever in a set with its title (the latest title wins): a deal keeps
   * documents under keys of the sets in effect when they were asked for.
   */
  async labels(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    const add = (sets: DocumentSets) => {
      for (const spec of [...sets.ip, ...sets.ooo]) out[spec.key] = spec.label;
    };
    add(await this.shipped());
    for (const v of await this.versions()) {
      const checked = v.sets ? parseDocumentSets(v.sets) : null;
      if (checked?.ok) add(checked.sets);
    }
    const current = await this.current();
    add(current.sets);
    return out;
  }

  /** Appends a version (already validated); `null` returns to the shipped sets. */
  async save(sets: DocumentSets | null, by: string, now: number): Promise<void> {
    const versions = [...(await this.versions()), { since: now, by, sets }];
    await this.settings.set(DOCUMENT_SETS_SETTING, { versions: versions.slice(-KEPT_VERSIONS) } satisfies StoredDocumentSets, now);
  }
}
