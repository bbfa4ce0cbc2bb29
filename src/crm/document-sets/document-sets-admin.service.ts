/**
 * The admin's "Documents" page: read the document sets in effect, save a new version
 * (checked as a whole: nothing is stored if one entry is wrong), go back to the shipped
 * default. Admins only. Every field error names its path in the request body, e.g.
 * `sets.ooo[3].key`.
 */
import type { Clock } from '../clock.ts';
import type { Actor } from '../roles.ts';
import { forbidden, invalid } from '../service-error.ts';
import { parseDocumentSets } from './document-sets.validator.ts';
import type { DocumentSetsStore, EffectiveDocumentSets } from './document-sets.store.ts';
import type { DocumentSets } from './document-sets.types.ts';

export interface DocumentSetsView extends EffectiveDocumentSets {
  /** The shipped sets, for the page's "reset" preview. */
  readonly defaults: DocumentSets;
}

/** The body's field path of a validator path: `ooo[3].key` → `sets.ooo[3].key`. */
const fieldOf = (path: string): string => (path ? `sets.${path}` : 'sets');

export class DocumentSetsAdminService {
  constructor(
    private readonly store: DocumentSetsStore,
    private readonly shipped: () => Promise<DocumentSets>,
    private readonly clock: Clock,
  ) {}

  private requireAdmin(actor: Actor): void {
    if (actor.role !== 'admin') throw forbidden();
  }

  private async view(): Promise<DocumentSetsView> {
    const [current, defaults] = await Promise.all([this.store.current(), this.shipped()]);
    return { ...current, defaults };
  }

  async get(actor: Actor): Promise<DocumentSetsView> {
    this.requireAdmin(actor);
    return this.view();
  }

  async put(actor: Actor, input: unknown): Promise<DocumentSetsView> {
    this.requireAdmin(actor);
    const checked = parseDocumentSets(input);
    if (!checked.ok) throw invalid(checked.errors.map((e) => ({ field: fieldOf(e.path), message: e.message })), 'The document sets were not saved');
    await this.store.save(checked.sets, actor.login, this.clock.now());
    return this.view();
  }

  async reset(actor: Actor): Promise<DocumentSetsView> {
    this.requireAdmin(actor);
    if ((await this.store.current()).source === 'admin') await this.store.save(null, actor.login, this.clock.now());
    return this.view();
  }
}
