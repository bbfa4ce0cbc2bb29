/**
 * What the rest of Potok asks of 1C. `ODataOneC` implements it over the standard OData
 * interface; tests and the simulation may give their own.
 */

/** The deal's requisites, as the spec names them (`requisites` on the deal). */
export interface Requisites {
  readonly fullName: string;
  readonly inn: string;
  readonly ogrn: string; // ОГРН, or ОГРНИП for an ИП
  readonly kpp?: string | null; // ООО only
  readonly legalAddress: string;
  readonly directorName?: string | null; // ООО only
  readonly bankName: string;
  readonly bik: string;
  readonly account: string; // расчётный счёт
  readonly corrAccount: string;
}

export type ClientType = 'ip' | 'ooo';

export interface CreateCounterpartyInput {
  readonly clientType: ClientType;
  readonly requisites: Requisites;
  /** Written into 1C's comment so people can find the deal. */
  readonly dealId?: string | null;
}

export interface CreateCounterpartyOutput {
  /** Ref_Key of the counterparty in Catalog_Контрагенты (the deal's `onecRef`). */
  readonly counterpartyRef: string;
  /** Ref_Key of its bank account in Catalog_БанковскиеСчета. */
  readonly bankAccountRef: string;
  /** Ref_Key of the bank in the bank catalog. */
  readonly bankRef: string;
  /** True when the counterparty already existed (found by ИНН/КПП) and was not created. */
  readonly reused: boolean;
  readonly bankAccountReused: boolean;
  /** True when the account is the counterparty's main one (ОсновнойБанковскийСчет). */
  readonly mainAccountSet: boolean;
}

export interface OneCPort {
  /** Finds or creates the counterparty and its bank account; throws ConnectorError. */
  createCounterparty(input: CreateCounterpartyInput, signal?: AbortSignal): Promise<CreateCounterpartyOutput>;
}
