/**
 * "Is 1C usable?" — for `potok onec check` and the admin's "test connection" button.
 * Asks in the order a person would fix things: can we reach it, does it accept the
 * login, is each catalog the connector writes published (and readable by this user).
 */
import { ConnectorError } from '../connector.ts';
import { BANK_ACCOUNTS, COUNTERPARTIES } from './counterparty.service.ts';
import { ODataClient, type FetchLike } from './odata.client.ts';
import { odataRoot, type OneCConfig } from './onec-config.ts';

export type OneCCheckName = 'reachable' | 'auth' | 'published';

export interface OneCFinding {
  readonly check: OneCCheckName;
  /** For `published`: the entity set. */
  readonly entitySet?: string;
  readonly ok: boolean;
  readonly message: string;
  /** What to do about it, when not ok. */
  readonly hint?: string;
}

export interface OneCCheckResult {
  readonly url: string;
  readonly usable: boolean;
  readonly findings: readonly OneCFinding[];
}

export function requiredEntitySets(config: Pick<OneCConfig, 'bankCatalog'>): string[] {
  return [COUNTERPARTIES, BANK_ACCOUNTS, config.bankCatalog];
}

const PUBLISH_HINT = 'in 1C: Администрирование → Синхронизация данных → «Настройка стандартного интерфейса OData»: tick it in the list of objects and save (docs/connectors.md)';

export async function checkConnection(config: OneCConfig, options: { fetch?: FetchLike; signal?: AbortSignal } = {}): Promise<OneCCheckResult> {
  const client = new ODataClient(config, options.fetch);
  const url = odataRoot(config);
  const findings: OneCFinding[] = [];
  const done = () => ({ url, usable: findings.every((f) => f.ok), findings });

  let listed: string[];
  try {
    listed = await client.publishedEntitySets(options.signal);
    findings.push({ check: 'reachable', ok: true, message: `1C answers at ${url}` });
    findings.push({ check: 'auth', ok: true, message: `1C accepted the login of «${config.user}»` });
  } catch (err) {
    const e = err instanceof ConnectorError ? err : new ConnectorError('unexpected', String(err), false);
    if (e.code === 'auth') {
      findings.push({ check: 'reachable', ok: true, message: `1C answers at ${url}` });
      findings.push({ check: 'auth', ok: false, message: e.message, hint: 'check the user name and password; the user needs the right to use the standard OData interface («Использование стандартного интерфейса OData»)' });
    } else if (e.code === 'not_published') {
      findings.push({ check: 'reachable', ok: false, message: e.message, hint: 'the URL is the infobase publication (e.g. http://server/buh); the web publication must have «Публиковать стандартный интерфейс OData» ticked' });
    } else {
      findings.push({ check: 'reachable', ok: false, message: e.message, hint: 'check the URL, that the web server publishing 1C is running, and the network between Potok and it' });
    }
    return done();
  }

  for (const entitySet of requiredEntitySets(config)) {
    if (!listed.includes(entitySet)) {
      findings.push({ check: 'published', entitySet, ok: false, message: `${entitySet} is not published in 1C's OData settings`, hint: PUBLISH_HINT });
      continue;
    }
    try {
      await client.list(entitySet, { top: 1 }, options.signal);
      findings.push({ check: 'published', entitySet, ok: true, message: `${entitySet} is published and readable` });
    } catch (err) {
      const e = err instanceof ConnectorError ? err : new ConnectorError('unexpected', String(err), false);
      findings.push({ check: 'published', entitySet, ok: false, message: e.message, hint: e.code === 'auth' ? `give «${config.user}» the right to read and add ${entitySet}` : PUBLISH_HINT });
    }
  }
  return done();
}
