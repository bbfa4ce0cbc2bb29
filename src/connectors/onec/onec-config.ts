/**
 * The 1C connection: the infobase's web publication, a 1C user and its password. From the
 * admin's stored configuration (a plain object) or POTOK_ONEC_* environment variables.
 */
import type { FieldProblem } from '../connector.ts';
import { redact } from '../redact.ts';

/**
 * Which catalog holds banks by БИК. Enterprise Accounting 3.0 (БП 3.0) since the БСП 3.x
 * libraries references `Catalog_КлассификаторБанков` from a bank account's `Банк`;
 * older releases (and some other configurations) use `Catalog_Банки`.
 */
export const BANK_CATALOGS = ['Catalog_КлассификаторБанков', 'Catalog_Банки'] as const;
export type BankCatalog = (typeof BANK_CATALOGS)[number];

export interface OneCConfig {
  /** The infobase's publication, e.g. `http://1c.example.local/buh` (the `/odata/standard.odata/` part is added). */
  readonly baseUrl: string;
  readonly user: string;
  readonly password: string;
  readonly bankCatalog: BankCatalog;
  /** Create the bank in the bank catalog when its БИК is missing (the classifier may not be loaded). */
  readonly createMissingBank: boolean;
  /** A group (folder) of counterparties to put new ones in (its Ref_Key); null = the root. */
  readonly counterpartyGroupRef: string | null;
  /** Make the new account the counterparty's main one (ОсновнойБанковскийСчет) when it has none. */
  readonly setMainAccount: boolean;
  readonly timeoutMs: number;
}

export const DEFAULT_ONEC_TIMEOUT_MS = 30_000;

export interface OneCConfigInput {
  url?: unknown;
  baseUrl?: unknown;
  user?: unknown;
  password?: unknown;
  bankCatalog?: unknown;
  createMissingBank?: unknown;
  counterpartyGroupRef?: unknown;
  setMainAccount?: unknown;
  timeoutMs?: unknown;
}

export type OneCConfigResult = { readonly ok: true; readonly config: OneCConfig } | { readonly ok: false; readonly problems: readonly FieldProblem[] };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function validateOneCConfig(raw: OneCConfigInput): OneCConfigResult {
  const problems: FieldProblem[] = [];
  const url = String(raw.baseUrl ?? raw.url ?? '').trim();
  let baseUrl = '';
  if (!url) problems.push({ field: 'url', message: '1C URL is required, e.g. http://1c.example.local/buh' });
  else {
    try {
      const u = new URL(url);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') problems.push({ field: 'url', message: `1C URL must be http:// or https://, got ${u.protocol}` });
      if (u.username || u.password) problems.push({ field: 'url', message: 'put the user and password in their own fields, not in the URL' });
      baseUrl = normaliseBaseUrl(u);
    } catch {
      problems.push({ field: 'url', message: `not a URL: ${url}` });
    }
  }
  const user = typeof raw.user === 'string' ? raw.user : '';
  if (!user) problems.push({ field: 'user', message: 'the 1C user name is required' });
  const password = typeof raw.password === 'string' ? raw.password : '';

  const bankCatalog = (raw.bankCatalog === undefined || raw.bankCatalog === null || raw.bankCatalog === '' ? BANK_CATALOGS[0] : raw.bankCatalog) as BankCatalog;
  if (!BANK_CATALOGS.includes(bankCatalog)) problems.push({ field: 'bankCatalog', message: `bankCatalog must be one of ${BANK_CATALOGS.join(', ')}` });

  const createMissingBank = flag(raw.createMissingBank, true);
  const setMainAccount = flag(raw.setMainAccount, true);

  const group = typeof raw.counterpartyGroupRef === 'string' && raw.counterpartyGroupRef.trim() ? raw.counterpartyGroupRef.trim() : null;
  if (group !== null && !GUID.test(group)) problems.push({ field: 'counterpartyGroupRef', message: 'must be the group\'s Ref_Key (a GUID)' });

  const timeoutMs = raw.timeoutMs === undefined || raw.timeoutMs === null || raw.timeoutMs === '' ? DEFAULT_ONEC_TIMEOUT_MS : Number(raw.timeoutMs);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100) problems.push({ field: 'timeoutMs', message: 'must be a whole number of milliseconds ≥ 100' });

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, config: { baseUrl, user, password, bankCatalog, createMissingBank, counterpartyGroupRef: group, setMainAccount, timeoutMs } };
}

function flag(v: unknown, fallback: boolean): boolean {
  if (v === undefined || v === null || v === '') return fallback;
  return ['true', '1', 'yes'].includes(String(v).toLowerCase());
}

/** Accepts the publication URL with or without `/odata/standard.odata`, with or without a trailing slash. */
function normaliseBaseUrl(u: URL): string {
  u.search = '';
  u.hash = '';
  const path = u.pathname.replace(/\/+$/, '').replace(/\/odata\/standard\.odata$/i, '');
  return `${u.origin}${path}`;
}

/** POTOK_ONEC_URL, _USER, _PASSWORD, _BANK_CATALOG, _CREATE_MISSING_BANK, _GROUP_REF, _SET_MAIN_ACCOUNT, _TIMEOUT_MS; null without a URL. */
export function oneCConfigFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): OneCConfigResult | null {
  if (!env.POTOK_ONEC_URL) return null;
  return validateOneCConfig({
    url: env.POTOK_ONEC_URL,
    user: env.POTOK_ONEC_USER,
    password: env.POTOK_ONEC_PASSWORD,
    bankCatalog: env.POTOK_ONEC_BANK_CATALOG,
    createMissingBank: env.POTOK_ONEC_CREATE_MISSING_BANK,
    counterpartyGroupRef: env.POTOK_ONEC_GROUP_REF,
    setMainAccount: env.POTOK_ONEC_SET_MAIN_ACCOUNT,
    timeoutMs: env.POTOK_ONEC_TIMEOUT_MS,
  });
}

/** The admin's stored configuration when it has a URL, else the environment's, else null (1C not configured). */
export function resolveOneCConfig(stored: OneCConfigInput | null | undefined, env: Readonly<Record<string, string | undefined>> = process.env): OneCConfigResult | null {
  if (stored && typeof stored === 'object' && (stored.url || stored.baseUrl)) return validateOneCConfig(stored);
  return oneCConfigFromEnv(env);
}

export function redactOneCConfig(config: OneCConfig): OneCConfig {
  return redact(config);
}

/** `<base>/odata/standard.odata/` */
export function odataRoot(config: Pick<OneCConfig, 'baseUrl'>): string {
  return `${config.baseUrl}/odata/standard.odata/`;
}
