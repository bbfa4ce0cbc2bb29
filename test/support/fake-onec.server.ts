/**
 * A small stand-in for 1C:Enterprise's standard OData interface, behaving as 1C documents
 * it: entity sets with Cyrillic names under `/<base>/odata/standard.odata/`, `$format=json`,
 * `$filter` with `eq` and `and` over string ('…' with doubled quotes), boolean and
 * guid'…' literals, `$top`, POST returning the created object with a new Ref_Key, Basic
 * auth (UTF-8), 401 without or with wrong credentials, 400 with 1C's error body, and 404
 * for an entity set that is not published.
 *
 * The query string is decoded the way an OData server does: percent-decoding only, so a
 * `+` stays a plus. A client that encoded spaces as `+` would get a 400 here, as from 1C.
 */
import http from 'node:http';
import net from 'node:net';
import { randomUUID } from 'node:crypto';

export type Row = Record<string, unknown>;

export const EMPTY_REF = '00000000-0000-0000-0000-000000000000';

export interface FakeRequest {
  readonly method: string;
  readonly rawUrl: string;
  readonly entitySet: string | null;
  readonly filter: string | null;
  readonly body: unknown;
}

export interface FakeOneCOptions {
  readonly user?: string;
  readonly password?: string;
  /** Published entity sets; default: counterparties, bank accounts and both bank catalogs. */
  readonly published?: readonly string[];
  readonly port?: number;
  /** Path of the infobase publication, default `/buh`. */
  readonly base?: string;
}

export interface InjectedFailure {
  /** Accept the request and never answer (a hung 1C): the client's timeout must fire. */
  readonly hang?: boolean;
  readonly method?: string;
  readonly entitySet?: string;
  readonly status: number;
  readonly code?: string;
  readonly message?: string;
  /** How many matching requests fail (default 1). */
  readonly times?: number;
}

const FIELDS: Record<string, readonly string[]> = {
  'Catalog_Контрагенты': ['Ref_Key', 'DataVersion', 'DeletionMark', 'IsFolder', 'Parent_Key', 'Code', 'Description', 'НаименованиеПолное', 'ИНН', 'КПП', 'РегистрационныйНомер', 'ЮридическоеФизическоеЛицо', 'Комментарий', 'ОсновнойБанковскийСчет_Key'],
  'Catalog_БанковскиеСчета': ['Ref_Key', 'DataVersion', 'DeletionMark', 'Owner', 'Owner_Type', 'Code', 'Description', 'НомерСчета', 'Банк_Key', 'ВалютаДенежныхСредств_Key'],
  'Catalog_КлассификаторБанков': ['Ref_Key', 'DataVersion', 'DeletionMark', 'IsFolder', 'Parent_Key', 'Code', 'Description', 'КоррСчет', 'Город', 'Адрес'],
  'Catalog_Банки': ['Ref_Key', 'DataVersion', 'DeletionMark', 'IsFolder', 'Parent_Key', 'Code', 'Description', 'КоррСчет', 'Город', 'Адрес'],
};

export class FakeOneC {
  readonly rows: Record<string, Row[]> = Object.fromEntries(Object.keys(FIELDS).map((k) => [k, []]));
  readonly requests: FakeRequest[] = [];
  published: Set<string>;
  private failures: InjectedFailure[] = [];
  private server: http.Server | null = null;
  port = 0;

  constructor(private readonly options: FakeOneCOptions = {}) {
    this.published = new Set(options.published ?? Object.keys(FIELDS));
  }

  get user(): string {
    return this.options.user ?? 'Администратор';
  }
  get password(): string {
    return this.options.password ?? 'пароль-1С';
  }
  get base(): string {
    return this.options.base ?? '/buh';
  }
  /** The publication URL an admin would enter. */
  get url(): string {
    return `http://127.0.0.1:${this.port}${this.base}`;
  }

  count(entitySet: string): number {
    return this.rows[entitySet].length;
  }

  failNext(f: InjectedFailure): void {
    this.failures.push({ times: 1, ...f });
  }

  /** Adds a row as if someone had entered it in 1C; returns its Ref_Key. */
  seed(entitySet: string, row: Row): string {
    const full = { Ref_Key: randomUUID(), DataVersion: 'AAAAAQAAAAA=', DeletionMark: false, ...row };
    this.rows[entitySet].push(full);
    return full.Ref_Key as string;
  }

  async start(port = this.options.port ?? 0): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, Buffer.concat(chunks).toString('utf8'), res));
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, bodyText: string, res: http.ServerResponse): void {
    const rawUrl = req.url ?? '/';
    const [rawPath, rawQuery = ''] = rawUrl.split('?', 2);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json;charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    const error = (status: number, code: string, message: string) => send(status, { 'odata.error': { code, message: { lang: 'ru', value: message } } });

    let path: string;
    const query: Record<string, string> = {};
    try {
      path = decodeURIComponent(rawPath);
      for (const part of rawQuery.split('&').filter(Boolean)) {
        const i = part.indexOf('=');
        query[decodeURIComponent(i < 0 ? part : part.slice(0, i))] = decodeURIComponent(i < 0 ? '' : part.slice(i + 1));
      }
    } catch {
      return error(400, '-1', 'Неправильный формат URI');
    }
    const prefix = `${this.base}/odata/standard.odata/`;
    const inner = path.startsWith(prefix) ? path.slice(prefix.length) : null;
    const m = inner === null ? null : /^([^(/]*)(?:\(guid'([0-9a-f-]{36})'\))?$/.exec(inner);
    const entitySet = m && m[1] ? m[1] : null;
    let body: unknown = null;
    if (bodyText) {
      try {
        body = JSON.parse(bodyText);
      } catch {
        return error(400, '-1', 'Ошибка разбора JSON');
      }
    }
    this.requests.push({ method: req.method ?? 'GET', rawUrl, entitySet, filter: query.$filter ?? null, body });

    if (inner === null || m === null) return error(404, '-1', 'Ресурс не найден');
    if (!this.authorised(req.headers.authorization)) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="1C"', 'Content-Type': 'text/plain' });
      res.end('401 Unauthorized');
      return;
    }
    const failure = this.failures.find((f) => (!f.method || f.method === req.method) && (!f.entitySet || f.entitySet === entitySet));
    if (failure) {
      const left = (failure.times ?? 1) - 1;
      this.failures = this.failures.map((f) => (f === failure ? { ...f, times: left } : f)).filter((f) => (f.times ?? 1) > 0);
      if (failure.hang) return;
      return error(failure.status, failure.code ?? '15', failure.message ?? 'Ошибка');
    }
    if (query.$format !== 'json') return error(400, '-1', 'Ожидается $format=json');

    if (entitySet === null) {
      if (req.method !== 'GET') return error(405, '-1', 'Метод не поддерживается');
      return send(200, { 'odata.metadata': `http://127.0.0.1:${this.port}${prefix}$metadata`, value: [...this.published].map((n) => ({ name: n, url: n })) });
    }
    if (!this.published.has(entitySet) || !FIELDS[entitySet]) return error(404, '-1', `Не найден тип сущности "${entitySet}"`);

    if (req.method === 'GET' && !m[2]) return this.list(entitySet, query, send, error);
    if (req.method === 'POST' && !m[2]) return this.create(entitySet, body, send, error);
    if (req.method === 'PATCH' && m[2]) {
      const row = this.rows[entitySet].find((r) => r.Ref_Key === m[2]);
      if (!row) return error(404, '-1', 'Объект не найден');
      Object.assign(row, body);
      return send(200, row);
    }
    return error(405, '-1', 'Метод не поддерживается');
  }

  private list(entitySet: string, query: Record<string, string>, send: (s: number, b: unknown) => void, error: (s: number, c: string, m: string) => void): void {
    let rows = this.rows[entitySet];
    if (query.$filter !== undefined) {
      let conditions: [string, unknown][];
      try {
        conditions = parseFilter(query.$filter);
      } catch (e) {
        return error(400, '6', `Неправильный синтаксис запроса: ${(e as Error).message}`);
      }
      for (const [field] of conditions) if (!FIELDS[entitySet].includes(field)) return error(400, '6', `Поле "${field}" не найдено`);
      rows = rows.filter((r) => conditions.every(([field, value]) => (r[field] ?? (typeof value === 'boolean' ? false : '')) === value));
    }
    if (query.$top !== undefined) rows = rows.slice(0, Number(query.$top));
    send(200, { 'odata.metadata': `…$metadata#${entitySet}`, value: rows });
  }

  private create(entitySet: string, body: unknown, send: (s: number, b: unknown) => void, error: (s: number, c: string, m: string) => void): void {
    if (!body || typeof body !== 'object') return error(400, '-1', 'Ожидается объект');
    const fields = body as Row;
    for (const key of Object.keys(fields)) if (!FIELDS[entitySet].includes(key)) return error(400, '6', `Поле "${key}" не найдено в типе "StandardODATA.${entitySet}"`);
    if (!fields.Description) return error(400, '15', 'Не заполнено поле "Наименование"');
    if (entitySet === 'Catalog_Контрагенты' && !['ЮридическоеЛицо', 'ФизическоеЛицо'].includes(fields.ЮридическоеФизическоеЛицо as string)) {
      return error(400, '15', 'Неверное значение перечисления ЮридическоеФизическоеЛицо');
    }
    if (entitySet === 'Catalog_БанковскиеСчета') {
      if (fields.Owner_Type !== 'StandardODATA.Catalog_Контрагенты' || !this.rows['Catalog_Контрагенты'].some((r) => r.Ref_Key === fields.Owner)) {
        return error(400, '15', 'Не заполнено поле "Владелец"');
      }
    }
    // 1C returns every field of the new object; unset references are the empty GUID.
    const defaults: Row = {};
    for (const f of FIELDS[entitySet]) {
      if (f === 'Ref_Key' || f === 'DataVersion' || f === 'Owner' || f === 'Owner_Type') continue;
      defaults[f] = f.endsWith('_Key') ? EMPTY_REF : f === 'DeletionMark' || f === 'IsFolder' ? false : '';
    }
    const row = this.seed(entitySet, { ...defaults, Code: String(this.rows[entitySet].length + 1).padStart(9, '0'), ...fields });
    send(201, { 'odata.metadata': `…$metadata#${entitySet}/@Element`, ...this.rows[entitySet].find((r) => r.Ref_Key === row) });
  }

  private authorised(header: string | undefined): boolean {
    if (!header?.startsWith('Basic ')) return false;
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    return decoded === `${this.user}:${this.password}`;
  }
}

/** Parses `A eq 'x' and B eq false and C eq guid'…'` — the subset of OData the connector uses. */
export function parseFilter(filter: string): [string, unknown][] {
  const out: [string, unknown][] = [];
  let i = 0;
  const ws = () => {
    while (filter[i] === ' ') i++;
  };
  for (;;) {
    ws();
    const field = /^[A-Za-zА-Яа-яЁё_][A-Za-zА-Яа-яЁё0-9_]*/.exec(filter.slice(i));
    if (!field) throw new Error(`ожидалось имя поля в позиции ${i}`);
    i += field[0].length;
    ws();
    if (filter.slice(i, i + 2) !== 'eq') throw new Error(`ожидалось eq в позиции ${i}`);
    i += 2;
    ws();
    let value: unknown;
    if (filter[i] === "'" || filter.startsWith("guid'", i)) {
      if (filter[i] !== "'") i += 4;
      i++;
      let s = '';
      for (;;) {
        if (i >= filter.length) throw new Error('незакрытая строка');
        if (filter[i] === "'") {
          if (filter[i + 1] === "'") {
            s += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += filter[i++];
      }
      value = s;
    } else if (filter.startsWith('true', i) || filter.startsWith('false', i)) {
      value = filter.startsWith('true', i);
      i += value ? 4 : 5;
    } else throw new Error(`неизвестное значение в позиции ${i}`);
    out.push([field[0], value]);
    ws();
    if (i >= filter.length) return out;
    if (!filter.startsWith('and ', i)) throw new Error(`ожидалось and в позиции ${i}`);
    i += 4;
  }
}

export async function startFakeOneC(options: FakeOneCOptions = {}): Promise<FakeOneC> {
  const fake = new FakeOneC(options);
  await fake.start();
  return fake;
}
