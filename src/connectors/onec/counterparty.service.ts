/**
 * Enters a franchisee into 1C: the counterparty (Catalog_Контрагенты) and its bank account
 * (Catalog_БанковскиеСчета), each looked up before it is created, so a retried job — even
 * one whose earlier attempt timed out after 1C had written — never creates a second one.
 */
import { ConnectorError } from '../connector.ts';
import { ODataClient, type ODataEntity } from './odata.client.ts';
import { odataAndEq, odataString } from './odata-url.ts';
import type { OneCConfig } from './onec-config.ts';
import type { CreateCounterpartyInput, CreateCounterpartyOutput, OneCPort, Requisites } from './onec.port.ts';

export const COUNTERPARTIES = 'Catalog_Контрагенты';
export const BANK_ACCOUNTS = 'Catalog_БанковскиеСчета';

/** 1C's empty reference. */
const EMPTY_REF = '00000000-0000-0000-0000-000000000000';

/** 1C's Description of a catalog item is at most 100 characters in Enterprise Accounting. */
const DESCRIPTION_MAX = 100;

export class ODataOneC implements OneCPort {
  private readonly client: ODataClient;

  constructor(
    private readonly config: OneCConfig,
    client?: ODataClient,
  ) {
    this.client = client ?? new ODataClient(config);
  }

  async createCounterparty(input: CreateCounterpartyInput, signal?: AbortSignal): Promise<CreateCounterpartyOutput> {
    const r = validateCounterpartyInput(input);
    const isCompany = input.clientType === 'ooo';

    const found = await this.findCounterparty(r, isCompany, signal);
    const counterparty = found ?? (await this.client.create(COUNTERPARTIES, counterpartyFields(input.clientType, r, input.dealId ?? null, this.config), signal));
    const counterpartyRef = refOf(counterparty, COUNTERPARTIES);

    const bankRef = await this.findOrCreateBank(r, signal);
    const existingAccount = await this.findBankAccount(counterpartyRef, r.account, signal);
    const bankAccountRef = existingAccount ?? (await this.createBankAccount(counterpartyRef, bankRef, r, signal));

    const mainAccountSet = await this.setMainAccount(counterparty, bankAccountRef, signal);
    return { counterpartyRef, bankAccountRef, bankRef, reused: found !== null, bankAccountReused: existingAccount !== null, mainAccountSet };
  }

  private async createBankAccount(counterpartyRef: string, bankRef: string, r: Requisites, signal?: AbortSignal): Promise<string> {
    const created = await this.client.create(
      BANK_ACCOUNTS,
      {
        Description: truncate(`${r.account}, ${r.bankName}`),
        НомерСчета: r.account,
        Банк_Key: bankRef,
        // Owner is a composite reference (a counterparty or the company itself), so 1C needs its type.
        Owner: counterpartyRef,
        Owner_Type: `StandardODATA.${COUNTERPARTIES}`,
      },
      signal,
    );
    return refOf(created, BANK_ACCOUNTS);
  }

  /**
   * Makes the account the counterparty's main one (what a bookkeeper gets when entering it
   * by hand) unless it already has one. Best effort: a configuration without the field
   * refuses, and that must not undo the counterparty already written.
   */
  private async setMainAccount(counterparty: ODataEntity, accountRef: string, signal?: AbortSignal): Promise<boolean> {
    const current = counterparty.ОсновнойБанковскийСчет_Key;
    if (typeof current === 'string' && current !== EMPTY_REF) return current === accountRef;
    if (!this.config.setMainAccount) return false;
    try {
      await this.client.patch(COUNTERPARTIES, refOf(counterparty, COUNTERPARTIES), { ОсновнойБанковскийСчет_Key: accountRef }, signal);
      return true;
    } catch (err) {
      if (err instanceof ConnectorError && !err.retryable) return false;
      throw err;
    }
  }

  private async findCounterparty(r: Requisites, isCompany: boolean, signal?: AbortSignal): Promise<ODataEntity | null> {
    const conditions: [string, string][] = [['ИНН', odataString(r.inn)]];
    // Branches of one company share the ИНН and differ by КПП; an ИП has no КПП.
    if (isCompany) conditions.push(['КПП', odataString(r.kpp ?? '')]);
    conditions.push(['DeletionMark', 'false']);
    const rows = await this.client.list(COUNTERPARTIES, { filter: odataAndEq(conditions) }, signal);
    return rows.find((x) => x.IsFolder !== true) ?? null;
  }

  private async findOrCreateBank(r: Requisites, signal?: AbortSignal): Promise<string> {
    const catalog = this.config.bankCatalog;
    const rows = await this.client.list(catalog, { filter: odataAndEq([['Code', odataString(r.bik)], ['DeletionMark', 'false']]) }, signal);
    const bank = rows.find((x) => x.IsFolder !== true);
    if (bank) return refOf(bank, catalog);
    if (!this.config.createMissingBank) {
      throw new ConnectorError('refused', `the bank with БИК ${r.bik} is not in 1C's ${catalog}; load the bank classifier in 1C or allow creating banks`, false);
    }
    const created = await this.client.create(catalog, { Code: r.bik, Description: truncate(r.bankName), КоррСчет: r.corrAccount }, signal);
    return refOf(created, catalog);
  }

  private async findBankAccount(ownerRef: string, account: string, signal?: AbortSignal): Promise<string | null> {
    // Filtering on the composite Owner needs cast() syntax that differs between platform
    // releases; the account number is selective enough, so the owner is checked here.
    const rows = await this.client.list(BANK_ACCOUNTS, { filter: odataAndEq([['НомерСчета', odataString(account)], ['DeletionMark', 'false']]) }, signal);
    const row = rows.find((x) => x.Owner === ownerRef);
    return row ? refOf(row, BANK_ACCOUNTS) : null;
  }
}

function counterpartyFields(clientType: 'ip' | 'ooo', r: Requisites, dealId: string | null, config: OneCConfig): Record<string, unknown> {
  const isCompany = clientType === 'ooo';
  const fields: Record<string, unknown> = {
    Description: shortName(r.fullName, clientType),
    НаименованиеПолное: r.fullName,
    ИНН: r.inn,
    РегистрационныйНомер: r.ogrn,
    ЮридическоеФизическоеЛицо: isCompany ? 'ЮридическоеЛицо' : 'ФизическоеЛицо',
    Комментарий: [
      'Создан Potok',
      dealId ? `по сделке ${dealId}` : null,
      `Юр. адрес: ${r.legalAddress}`,
      isCompany && r.directorName ? `Директор: ${r.directorName}` : null,
    ].filter(Boolean).join('; '),
  };
  if (isCompany) fields.КПП = r.kpp;
  if (config.counterpartyGroupRef) fields.Parent_Key = config.counterpartyGroupRef;
  return fields;
}

/**
 * The name people see in 1C's lists: «ООО "Ромашка"» rather than the full legal form;
 * «ИП Иванов Иван Иванович» for a sole proprietor.
 */
export function shortName(fullName: string, clientType: 'ip' | 'ooo'): string {
  const name = fullName.trim().replace(/\s+/g, ' ');
  if (clientType === 'ooo') return truncate(name.replace(/^общество с ограниченной ответственностью\s*/i, 'ООО '));
  const person = name.replace(/^(индивидуальный предприниматель|ИП)\s+/i, '');
  return truncate(`ИП ${person}`);
}

function truncate(s: string): string {
  return s.length <= DESCRIPTION_MAX ? s : s.slice(0, DESCRIPTION_MAX);
}

function refOf(row: ODataEntity, entitySet: string): string {
  if (typeof row.Ref_Key !== 'string') throw new ConnectorError('protocol', `1C returned a ${entitySet} entry without Ref_Key`, false);
  return row.Ref_Key;
}

/**
 * Shape checks only (the check digits are verified when the requisites are entered):
 * enough to never send 1C a value that would be stored wrong, each problem naming its field.
 */
export function validateCounterpartyInput(input: CreateCounterpartyInput): Requisites {
  const problems: string[] = [];
  if (!input || typeof input !== 'object') throw new ConnectorError('bad_input', 'the 1C job has no input', false);
  if (input.clientType !== 'ip' && input.clientType !== 'ooo') problems.push(`clientType must be ip or ooo, got ${JSON.stringify(input.clientType)}`);
  const r = (input.requisites ?? {}) as Partial<Record<keyof Requisites, unknown>>;
  const text = (k: keyof Requisites) => (typeof r[k] === 'string' ? (r[k] as string).trim() : '');
  const digits = (k: keyof Requisites, lengths: number[], label: string) => {
    const v = text(k);
    // Numbers from a careless form would lose leading zeros: only strings are accepted.
    if (typeof r[k] !== 'string' || !/^\d+$/.test(v) || !lengths.includes(v.length)) problems.push(`requisites.${k}: ${label} must be ${lengths.join(' or ')} digits as text, got ${JSON.stringify(r[k])}`);
  };
  if (!text('fullName')) problems.push('requisites.fullName is required');
  digits('inn', input.clientType === 'ip' ? [12] : input.clientType === 'ooo' ? [10] : [10, 12], 'ИНН');
  digits('ogrn', input.clientType === 'ip' ? [15] : input.clientType === 'ooo' ? [13] : [13, 15], input.clientType === 'ip' ? 'ОГРНИП' : 'ОГРН');
  if (input.clientType === 'ooo' && !/^\d{4}[0-9A-Z]{2}\d{3}$/.test(text('kpp'))) problems.push(`requisites.kpp: КПП must be 9 characters NNNNAANNN, got ${JSON.stringify(r.kpp)}`);
  if (!text('legalAddress')) problems.push('requisites.legalAddress is required');
  if (!text('bankName')) problems.push('requisites.bankName is required');
  digits('bik', [9], 'БИК');
  digits('account', [20], 'расчётный счёт');
  digits('corrAccount', [20], 'корр. счёт');
  if (problems.length > 0) throw new ConnectorError('bad_input', problems.join('; '), false);
  return {
    fullName: text('fullName'),
    inn: text('inn'),
    ogrn: text('ogrn'),
    kpp: input.clientType === 'ooo' ? text('kpp') : null,
    legalAddress: text('legalAddress'),
    directorName: text('directorName') || null,
    bankName: text('bankName'),
    bik: text('bik'),
    account: text('account'),
    corrAccount: text('corrAccount'),
  };
}
