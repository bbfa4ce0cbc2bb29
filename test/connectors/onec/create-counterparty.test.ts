import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOneCCounterpartyConnector } from '../../../src/connectors/onec/create-counterparty.connector.ts';
import { validateOneCConfig, type OneCConfig } from '../../../src/connectors/onec/onec-config.ts';
import { silentLogger } from '../../../src/connectors/connector.ts';
import type { CreateCounterpartyInput } from '../../../src/connectors/onec/onec.port.ts';
import { startFakeOneC, type FakeOneC } from '../../support/fake-onec.server.ts';

const CP = 'Catalog_Контрагенты';
const ACC = 'Catalog_БанковскиеСчета';
const BANKS = 'Catalog_КлассификаторБанков';

const ooo: CreateCounterpartyInput = {
  clientType: 'ooo',
  dealId: 'deal-17',
  requisites: {
    fullName: 'Общество с ограниченной ответственностью "Ромашка"',
    inn: '7707083893',
    ogrn: '1027700132195',
    kpp: '773601001',
    legalAddress: '117997, г. Москва, ул. Вавилова, д. 19',
    directorName: 'Иванов Иван Иванович',
    bankName: 'ПАО Сбербанк',
    bik: '044525225',
    account: '40702810938000000001',
    corrAccount: '30101810400000000225',
  },
};

const ip: CreateCounterpartyInput = {
  clientType: 'ip',
  requisites: {
    fullName: 'Индивидуальный предприниматель Петров Пётр Петрович',
    inn: '026504147520', // a leading zero: ИНН is text
    ogrn: '304026523100021',
    legalAddress: 'г. Уфа, ул. Ленина, д. 1',
    bankName: 'АО «Тинькофф Банк»',
    bik: '044525974',
    account: '40802810100000000002',
    corrAccount: '30101810145250000974',
  },
};

let fakes: FakeOneC[] = [];
afterEach(async () => {
  await Promise.all(fakes.map((f) => f.stop()));
  fakes = [];
});
async function fake1C(options: Parameters<typeof startFakeOneC>[0] = {}) {
  const f = await startFakeOneC(options);
  fakes.push(f);
  return f;
}

function configFor(f: FakeOneC, extra: Record<string, unknown> = {}): OneCConfig {
  const r = validateOneCConfig({ url: f.url, user: f.user, password: f.password, timeoutMs: 5000, ...extra });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.config;
}

const connector = createOneCCounterpartyConnector();
const run = (config: OneCConfig | null, input: CreateCounterpartyInput) =>
  connector.run({ config, input, signal: new AbortController().signal, logger: silentLogger, idempotencyKey: 'i-1:e-9' });

describe('onec.createCounterparty against a fake 1C OData service', () => {
  it('given an empty 1C, when an ООО is entered, then a legal-entity counterparty, its bank and its account are created and linked', async () => {
    const f = await fake1C();
    const result = await run(configFor(f), ooo);

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.output.reused).toBe(false);
    const [cp] = f.rows[CP];
    expect(result.output.counterpartyRef).toBe(cp.Ref_Key);
    expect(cp).toMatchObject({
      Description: 'ООО "Ромашка"',
      НаименованиеПолное: 'Общество с ограниченной ответственностью "Ромашка"',
      ИНН: '7707083893',
      КПП: '773601001',
      РегистрационныйНомер: '1027700132195',
      ЮридическоеФизическоеЛицо: 'ЮридическоеЛицо',
    });
    expect(cp.Комментарий).toContain('deal-17');
    const [bank] = f.rows[BANKS];
    expect(bank).toMatchObject({ Code: '044525225', Description: 'ПАО Сбербанк', КоррСчет: '30101810400000000225' });
    const [account] = f.rows[ACC];
    expect(cp.ОсновнойБанковскийСчет_Key).toBe(result.output.bankAccountRef);
    expect(result.output.mainAccountSet).toBe(true);
    expect(account).toMatchObject({
      Ref_Key: result.output.bankAccountRef,
      НомерСчета: '40702810938000000001',
      Owner: cp.Ref_Key,
      Owner_Type: 'StandardODATA.Catalog_Контрагенты',
      Банк_Key: bank.Ref_Key,
    });
  });

  it('given the job is retried after success, when it runs again, then it reuses the counterparty and account and creates nothing', async () => {
    const f = await fake1C();
    const config = configFor(f);
    const first = await run(config, ooo);
    const second = await run(config, ooo);

    expect(second.ok && second.output).toMatchObject({
      reused: true,
      bankAccountReused: true,
      counterpartyRef: first.ok ? first.output.counterpartyRef : 'x',
      bankAccountRef: first.ok ? first.output.bankAccountRef : 'x',
    });
    expect(f.count(CP)).toBe(1);
    expect(f.count(ACC)).toBe(1);
    expect(f.count(BANKS)).toBe(1);
  });

  it('given 1C failed after writing the counterparty (timeout-like 500 on the account), when retried, then the one counterparty is completed, not duplicated', async () => {
    const f = await fake1C();
    const config = configFor(f);
    f.failNext({ method: 'POST', entitySet: ACC, status: 500, message: 'Ошибка СУБД: блокировка' });

    const first = await run(config, ooo);
    expect(first.ok).toBe(false);
    expect(!first.ok && first.error).toMatchObject({ code: 'server', retryable: true, remote: { status: 500, message: 'Ошибка СУБД: блокировка' } });

    const second = await run(config, ooo);
    expect(second.ok && second.output.reused).toBe(true);
    expect(f.count(CP)).toBe(1);
    expect(f.count(ACC)).toBe(1);
  });

  it('given names with quotes and an ampersand, when created, then 1C stores them exactly', async () => {
    const f = await fake1C();
    const input: CreateCounterpartyInput = { ...ooo, requisites: { ...ooo.requisites, fullName: "ООО \"Ромашка\" и O'Brien & Co", bankName: "Банк \"Д'Артаньян\"" } };
    const result = await run(configFor(f), input);
    expect(result.ok).toBe(true);
    expect(f.rows[CP][0].НаименованиеПолное).toBe("ООО \"Ромашка\" и O'Brien & Co");
    expect(f.rows[BANKS][0].Description).toBe("Банк \"Д'Артаньян\"");
  });

  it('given an ИП whose ИНН starts with zero and who has no КПП, when entered, then ИНН keeps its zero, no КПП is filtered or sent, and the type is a person', async () => {
    const f = await fake1C();
    const result = await run(configFor(f), ip);
    expect(result.ok).toBe(true);
    const [cp] = f.rows[CP];
    expect(cp).toMatchObject({ ИНН: '026504147520', Description: 'ИП Петров Пётр Петрович', ЮридическоеФизическоеЛицо: 'ФизическоеЛицо', РегистрационныйНомер: '304026523100021' });
    const post = f.requests.find((r) => r.method === 'POST' && r.entitySet === CP);
    expect('КПП' in (post?.body as object)).toBe(false);
    const lookup = f.requests.find((r) => r.method === 'GET' && r.entitySet === CP);
    expect(lookup?.filter).toBe("ИНН eq '026504147520' and DeletionMark eq false");

    const again = await run(configFor(f), ip);
    expect(again.ok && again.output.reused).toBe(true);
    expect(f.count(CP)).toBe(1);
  });

  it('given Cyrillic entity and field names, when 1C is queried, then the URL is pure ASCII, percent-encoded UTF-8, spaces as %20 and quotes encoded', async () => {
    const f = await fake1C();
    await run(configFor(f), ooo);
    const lookup = f.requests.find((r) => r.method === 'GET' && r.entitySet === CP)!;
    expect(lookup.rawUrl).toBe(
      '/buh/odata/standard.odata/Catalog_%D0%9A%D0%BE%D0%BD%D1%82%D1%80%D0%B0%D0%B3%D0%B5%D0%BD%D1%82%D1%8B' +
        '?$format=json&$filter=%D0%98%D0%9D%D0%9D%20eq%20%277707083893%27%20and%20%D0%9A%D0%9F%D0%9F%20eq%20%27773601001%27%20and%20DeletionMark%20eq%20false',
    );
    expect(lookup.filter).toBe("ИНН eq '7707083893' and КПП eq '773601001' and DeletionMark eq false");
  });

  it('given a counterparty already entered in 1C by hand, when the job runs, then it is reused and only the bank account is added', async () => {
    const f = await fake1C();
    const existing = f.seed(CP, { Description: 'Ромашка', ИНН: '7707083893', КПП: '773601001', ЮридическоеФизическоеЛицо: 'ЮридическоеЛицо' });
    f.seed(CP, { Description: 'Ромашка (филиал)', ИНН: '7707083893', КПП: '773602002', ЮридическоеФизическоеЛицо: 'ЮридическоеЛицо' });
    f.seed(CP, { Description: 'Ромашка (удалённый дубль)', ИНН: '7707083893', КПП: '773601001', DeletionMark: true });
    const bank = f.seed(BANKS, { Code: '044525225', Description: 'ПАО СБЕРБАНК', КоррСчет: '30101810400000000225' });

    const result = await run(configFor(f), ooo);
    expect(result.ok && result.output).toMatchObject({ counterpartyRef: existing, reused: true, bankAccountReused: false, bankRef: bank });
    expect(f.count(CP)).toBe(3);
    expect(f.count(BANKS)).toBe(1);
    expect(f.rows[ACC][0]).toMatchObject({ Owner: existing, Банк_Key: bank });
    expect(f.rows[CP][0].ОсновнойБанковскийСчет_Key).toBe(f.rows[ACC][0].Ref_Key);
  });

  it('given a counterparty that already has a main account, when another account is added, then its main account is left alone', async () => {
    const f = await fake1C();
    const other = '11111111-2222-3333-4444-555555555555';
    f.seed(CP, { Description: 'Ромашка', ИНН: '7707083893', КПП: '773601001', ОсновнойБанковскийСчет_Key: other });
    const result = await run(configFor(f), ooo);
    expect(result.ok && result.output.mainAccountSet).toBe(false);
    expect(f.rows[CP][0].ОсновнойБанковскийСчет_Key).toBe(other);
    expect(f.requests.some((r) => r.method === 'PATCH')).toBe(false);
  });

  it('given a 1C that refuses to set the main account, when entered, then the counterparty and account still count as done', async () => {
    const f = await fake1C();
    f.failNext({ method: 'PATCH', status: 400, message: 'Поле "ОсновнойБанковскийСчет" не найдено' });
    const result = await run(configFor(f), ooo);
    expect(result.ok && result.output).toMatchObject({ reused: false, mainAccountSet: false });
    expect(f.count(ACC)).toBe(1);
  });

  it('given the bank catalog is configured as Catalog_Банки, when entered, then the bank is looked up there', async () => {
    const f = await fake1C();
    const bank = f.seed('Catalog_Банки', { Code: '044525225', Description: 'ПАО СБЕРБАНК' });
    const result = await run(configFor(f, { bankCatalog: 'Catalog_Банки' }), ooo);
    expect(result.ok && result.output.bankRef).toBe(bank);
    expect(f.count(BANKS)).toBe(0);
  });

  it('given 1C refuses the data, when entered, then the failure is permanent and carries 1C\'s own message', async () => {
    const f = await fake1C();
    f.failNext({ method: 'POST', entitySet: CP, status: 400, code: '15', message: 'Контрагент с ИНН 7707083893 уже существует в группе «Франчайзи»' });
    const result = await run(configFor(f), ooo);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: 'refused', retryable: false, remote: { status: 400, code: '15', message: 'Контрагент с ИНН 7707083893 уже существует в группе «Франчайзи»' } });
    expect(result.error.message).toContain('уже существует');
  });

  it('given a wrong password, when entered, then it fails permanently as auth and the password is nowhere in the failure', async () => {
    const f = await fake1C();
    const result = await run({ ...configFor(f), password: 'не-тот-пароль' }, ooo);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatchObject({ code: 'auth', retryable: false, remote: { status: 401 } });
    expect(JSON.stringify(result)).not.toContain('не-тот-пароль');
    expect(f.count(CP)).toBe(0);
  });

  it('given the bank accounts catalog is not published, when entered, then it fails permanently as not_published naming the catalog', async () => {
    const f = await fake1C({ published: [CP, BANKS] });
    const result = await run(configFor(f), ooo);
    expect(!result.ok && result.error).toMatchObject({ code: 'not_published', retryable: false });
    expect(!result.ok && result.error.message).toContain(ACC);
  });

  it('given 1C is down, when entered, then it fails retryably; when 1C is back, then the retry creates the counterparty once', async () => {
    const f = await fake1C();
    const config = configFor(f);
    const port = f.port;
    await f.stop();

    const down = await run(config, ooo);
    expect(!down.ok && down.error).toMatchObject({ code: 'unreachable', retryable: true });

    await f.start(port);
    const up = await run(config, ooo);
    expect(up.ok && up.output.reused).toBe(false);
    expect(f.count(CP)).toBe(1);
  });

  it('given 1C accepts the connection but never answers, when entered, then the request times out retryably', async () => {
    const f = await fake1C();
    f.failNext({ method: 'GET', entitySet: CP, status: 0, hang: true });
    const result = await run({ ...configFor(f), timeoutMs: 300 }, ooo);
    expect(!result.ok && result.error).toMatchObject({ code: 'timeout', retryable: true });
    expect(f.count(CP)).toBe(0);
  });

  it('given the worker aborts the job (lease lost), when 1C is slow, then the attempt ends as aborted and retryable', async () => {
    const f = await fake1C();
    f.failNext({ method: 'GET', entitySet: CP, status: 0, hang: true });
    const controller = new AbortController();
    const pending = connector.run({ config: configFor(f), input: ooo, signal: controller.signal, logger: silentLogger, idempotencyKey: 'k' });
    await vi.waitFor(() => expect(f.requests.length).toBeGreaterThan(0));
    controller.abort(new Error('lease lost'));
    const result = await pending;
    expect(!result.ok && result.error).toMatchObject({ code: 'aborted', retryable: true });
  });

  it('given no 1C configuration, when the job runs, then it fails permanently as not_configured so the manual task takes over', async () => {
    const result = await run(null, ooo);
    expect(!result.ok && result.error).toMatchObject({ code: 'not_configured', retryable: false });
  });

  it('given requisites with a numeric ИНН and a missing КПП for an ООО, when the job runs, then nothing is sent and each field is named', async () => {
    const f = await fake1C();
    const bad = { clientType: 'ooo', requisites: { ...ooo.requisites, inn: 7707083893, kpp: undefined } } as unknown as CreateCounterpartyInput;
    const result = await run(configFor(f), bad);
    expect(!result.ok && result.error.code).toBe('bad_input');
    expect(!result.ok && result.error.message).toContain('requisites.inn');
    expect(!result.ok && result.error.message).toContain('requisites.kpp');
    expect(f.requests).toHaveLength(0);
  });
});
