/**
 * A small client for 1C's standard OData interface: JSON, Basic auth (UTF-8, since 1C
 * user names are often Cyrillic), a timeout per request, and every failure turned into
 * a typed ConnectorError once, here:
 *
 *   network error / timeout / 5xx → unreachable / timeout / server (retryable)
 *   401, 403                      → auth (permanent)
 *   404 on an entity set          → not_published (permanent: tick it in 1C's OData settings)
 *   400 (and other 4xx)           → refused (permanent, with 1C's odata.error message)
 */
import { ConnectorError } from '../connector.ts';
import { entitySetUrl, entityUrl, type ODataQuery } from './odata-url.ts';
import { odataRoot, type OneCConfig } from './onec-config.ts';

export type ODataEntity = Readonly<Record<string, unknown>>;
export type FetchLike = typeof fetch;

export class ODataClient {
  readonly root: string;
  private readonly authorization: string;

  constructor(
    private readonly config: OneCConfig,
    private readonly fetchImpl: FetchLike = fetch,
  ) {
    this.root = odataRoot(config);
    this.authorization = `Basic ${Buffer.from(`${config.user}:${config.password}`, 'utf8').toString('base64')}`;
  }

  /** The entity sets the service document lists (what is published). */
  async publishedEntitySets(signal?: AbortSignal): Promise<string[]> {
    const body = await this.request('GET', `${this.root}?$format=json`, null, signal, null);
    const value = (body as { value?: unknown }).value;
    if (!Array.isArray(value)) throw new ConnectorError('protocol', '1C answered the service document without a "value" list', false);
    return value.map((v: { name?: unknown; url?: unknown }) => String(v.name ?? v.url ?? ''));
  }

  async list(entitySet: string, query: ODataQuery, signal?: AbortSignal): Promise<ODataEntity[]> {
    const body = await this.request('GET', entitySetUrl(this.root, entitySet, query), null, signal, entitySet);
    const value = (body as { value?: unknown }).value;
    if (!Array.isArray(value)) throw new ConnectorError('protocol', `1C answered ${entitySet} without a "value" list`, false);
    return value as ODataEntity[];
  }

  async create(entitySet: string, fields: Record<string, unknown>, signal?: AbortSignal): Promise<ODataEntity> {
    const body = await this.request('POST', entitySetUrl(this.root, entitySet), fields, signal, entitySet);
    if (typeof (body as ODataEntity).Ref_Key !== 'string') throw new ConnectorError('protocol', `1C created a ${entitySet} entry but returned no Ref_Key`, false);
    return body as ODataEntity;
  }

  async patch(entitySet: string, refKey: string, fields: Record<string, unknown>, signal?: AbortSignal): Promise<ODataEntity> {
    return (await this.request('PATCH', entityUrl(this.root, entitySet, refKey), fields, signal, entitySet)) as ODataEntity;
  }

  private async request(method: string, url: string, json: unknown, signal: AbortSignal | undefined, entitySet: string | null): Promise<unknown> {
    const timeout = AbortSignal.timeout(this.config.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers: {
          Authorization: this.authorization,
          Accept: 'application/json',
          ...(json === null ? {} : { 'Content-Type': 'application/json; charset=utf-8' }),
        },
        body: json === null ? undefined : JSON.stringify(json),
        signal: combined,
      });
    } catch (err) {
      throw networkError(err, timeout, signal, this.config.baseUrl);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (err) {
      throw networkError(err, timeout, signal, this.config.baseUrl);
    }
    if (response.ok) {
      if (text.trim() === '') return {};
      try {
        return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
      } catch {
        throw new ConnectorError('protocol', `1C answered ${method} ${entitySet ?? 'the service root'} with something that is not JSON`, false, { status: response.status });
      }
    }
    throw httpError(response.status, text, method, entitySet, this.config.user);
  }
}

/** 1C's error body: `{"odata.error":{"code":"…","message":{"lang":"ru","value":"…"}}}`. */
export function parseOneCError(text: string): { code?: string; message?: string } {
  try {
    const body = JSON.parse(text.replace(/^\uFEFF/, '')) as { 'odata.error'?: { code?: unknown; message?: { value?: unknown } | string } };
    const e = body['odata.error'];
    if (!e) return {};
    const message = typeof e.message === 'string' ? e.message : typeof e.message?.value === 'string' ? e.message.value : undefined;
    return { code: e.code === undefined ? undefined : String(e.code), message };
  } catch {
    return {};
  }
}

export function httpError(status: number, text: string, method: string, entitySet: string | null, user: string): ConnectorError {
  const oneC = parseOneCError(text);
  const remote = { status, ...(oneC.code !== undefined ? { code: oneC.code } : {}), ...(oneC.message !== undefined ? { message: oneC.message } : {}) };
  const what = entitySet ?? 'the OData service';
  const said = oneC.message ? `: ${oneC.message}` : '';
  if (status === 401) return new ConnectorError('auth', `1C did not accept the login of user «${user}» (401)${said}`, false, remote);
  if (status === 403) return new ConnectorError('auth', `1C user «${user}» has no rights for ${what} (403)${said}`, false, remote);
  if (status === 404) {
    return entitySet
      ? new ConnectorError('not_published', `${entitySet} is not published in 1C's OData settings (404)${said}`, false, remote)
      : new ConnectorError('not_published', `no 1C OData interface at this URL (404): check the publication URL and that the standard OData interface is published${said}`, false, remote);
  }
  if (status >= 500) return new ConnectorError('server', `1C failed on ${method} ${what} (${status})${said}`, true, remote);
  if (status === 408 || status === 429) return new ConnectorError('server', `1C is busy (${status})${said}`, true, remote);
  return new ConnectorError('refused', `1C refused ${method} ${what} (${status})${said || ` ${text.slice(0, 300)}`}`, false, remote);
}

function networkError(err: unknown, timeout: AbortSignal, signal: AbortSignal | undefined, baseUrl: string): ConnectorError {
  if (signal?.aborted) return new ConnectorError('aborted', 'the 1C request was aborted', true);
  if (timeout.aborted) return new ConnectorError('timeout', `1C at ${baseUrl} did not answer in time`, true);
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const detail = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
  return new ConnectorError('unreachable', `1C at ${baseUrl} is unreachable (${detail})`, true);
}
