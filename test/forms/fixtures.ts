/** Good submissions per task, with the process variables each form is opened with. */
import { readFileSync } from 'node:fs';
import { FORMS_DIR, type FormSchema, type SubmissionContext } from '../../src/forms/index.ts';

export const readForm = (id: string): FormSchema => JSON.parse(readFileSync(`${FORMS_DIR}/${id}.form`, 'utf8'));

export const SALES_REPS = { salesRepOptions: [{ label: 'Иванов Иван', value: 'ivanov' }, { label: 'Петрова Анна', value: 'petrova' }] };

export const OOO_REQUISITES = {
  fullName: 'ПАО Сбербанк',
  inn: '7707083893',
  kpp: '773601001',
  ogrn: '1027700132195',
  legalAddress: '117312, г. Москва, ул. Вавилова, д. 19',
  directorName: 'Греф Герман Оскарович',
  bankName: 'ПАО Сбербанк',
  bik: '044525225',
  account: '40702810238720001420',
  corrAccount: '30101810400000000225',
};
export const IP_REQUISITES = {
  fullName: 'ИП Иванов Иван Иванович',
  inn: '500100732259',
  ogrn: '304500116000157',
  legalAddress: '143000, Московская обл., г. Одинцово, ул. Маршала Жукова, д. 1',
  bankName: 'АО «Райффайзенбанк»',
  bik: '044525700',
  account: '40702810800001400002',
  corrAccount: '30101810200000000700',
};
const link = (name: string) => ({ url: `https://disk.yandex.ru/d/${name}` });
export const OOO_DOCUMENTS = {
  charter: link('charter'),
  egrul_record: { fileId: 'f-egrul-record' },
  inn_kpp_certificate: link('inn'),
  director_decision: link('decision'),
  director_order: link('order'),
  egrul_extract: link('extract'),
  director_passport: { fileId: 'f-passport' },
  bank_card: link('bank'),
  premises_lease: link('lease'),
};
export const IP_DOCUMENTS = {
  passport: { fileId: 'f-passport' },
  inn_certificate: link('inn'),
  egrip_record: link('egrip'),
  egrip_extract: link('extract'),
  bank_card: link('bank'),
  premises_lease: link('lease'),
};

export interface Sample {
  task: string;
  data: Record<string, unknown>;
  context: SubmissionContext;
}

export const GOOD: Sample[] = [
  { task: 'assign_rep', data: { salesRep: 'ivanov' }, context: { options: SALES_REPS } },
  { task: 'first_call', data: { callResult: 'think' }, context: {} },
  { task: 'decision_call', data: { decision: 'negative', lostReason: 'Дорого' }, context: {} },
  { task: 'decision_call', data: { decision: 'positive', meetingAt: '2026-12-07T11:00+03:00', meetingEnd: '2026-12-07T12:30+03:00', meetingPlace: 'Офис клиента' }, context: {} },
  { task: 'meeting', data: { meetingHeld: true, meetingPlace: 'Кафе «Пивной двор»' }, context: { variables: { meetingAt: '2026-12-07T11:00:00+03:00' } } },
  { task: 'premises_call', data: { premisesFound: true, premisesAddress: 'г. Тверь, ул. Советская, д. 5' }, context: {} },
  { task: 'premises_call', data: { premisesFound: false }, context: {} },
  { task: 'client_type', data: { clientType: 'ooo' }, context: {} },
  { task: 'upload_documents', data: { documents: OOO_DOCUMENTS, requisites: OOO_REQUISITES }, context: { variables: { clientType: 'ooo' } } },
  { task: 'upload_documents', data: { documents: IP_DOCUMENTS, requisites: IP_REQUISITES }, context: { variables: { clientType: 'ip' } } },
  { task: 'legal_review', data: { legalDecision: 'approve' }, context: { variables: { requisites: OOO_REQUISITES } } },
  { task: 'legal_review', data: { legalDecision: 'ban', legalComment: 'Клиент в реестре недобросовестных' }, context: {} },
  { task: 'legal_claim', data: { legalClaim: 'Приложите устав в последней редакции' }, context: {} },
  { task: 'supplement_documents', data: { documents: OOO_DOCUMENTS, requisites: OOO_REQUISITES }, context: { variables: { clientType: 'ooo', legalClaim: 'Устав' } } },
  { task: 'enter_into_1c', data: { onecRef: '00-000123' }, context: {} },
];
