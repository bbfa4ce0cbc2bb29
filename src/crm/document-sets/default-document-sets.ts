import type { DocumentSets } from './document-sets.types.ts';

/**
 * The spec's default document sets (block 5). processes/document-sets.json ships the same
 * data as the admin-editable configuration; a test keeps the two equal.
 */
export const DEFAULT_DOCUMENT_SETS: DocumentSets = {
  ip: [
    { key: 'passport', label: 'Паспорт (разворот с фото и прописка)' },
    { key: 'inn_certificate', label: 'Свидетельство ИНН / уведомление о постановке на учёт' },
    { key: 'egrip_record', label: 'Лист записи ЕГРИП (ОГРНИП)' },
    { key: 'egrip_extract', label: 'Выписка из ЕГРИП (не старше 30 дней)' },
    { key: 'bank_card', label: 'Карточка банковских реквизитов' },
    { key: 'premises_lease', label: 'Договор аренды или право собственности на помещение' },
  ],
  ooo: [
    { key: 'charter', label: 'Устав' },
    { key: 'egrul_record', label: 'Лист записи ЕГРЮЛ (ОГРН)' },
    { key: 'inn_kpp_certificate', label: 'Свидетельство ИНН/КПП' },
    { key: 'director_decision', label: 'Решение / протокол о назначении директора' },
    { key: 'director_order', label: 'Приказ о вступлении директора в должность' },
    { key: 'egrul_extract', label: 'Выписка из ЕГРЮЛ (не старше 30 дней)' },
    { key: 'director_passport', label: 'Паспорт директора' },
    { key: 'bank_card', label: 'Карточка банковских реквизитов' },
    { key: 'premises_lease', label: 'Договор аренды или право собственности на помещение' },
  ],
};
