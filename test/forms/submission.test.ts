import { describe, it, expect } from 'vitest';
import { validateSubmission, type FormSchema, type SubmissionContext } from '../../src/forms/index.ts';
import { GOOD, IP_DOCUMENTS, IP_REQUISITES, OOO_DOCUMENTS, OOO_REQUISITES, SALES_REPS, readForm } from './fixtures.ts';

function submit(task: string, data: unknown, context: SubmissionContext = {}) {
  return validateSubmission(readForm(task), data, context);
}
function errorsOf(task: string, data: unknown, context: SubmissionContext = {}) {
  const result = submit(task, data, context);
  return result.ok ? [] : result.errors.map((e) => ({ ...e }));
}
const ooo = { variables: { clientType: 'ooo' } };
const ip = { variables: { clientType: 'ip' } };

describe('good submissions', () => {
  it.each(GOOD.map((s) => [s.task, s] as const))('given a complete %s answer, when submitted, then it is accepted', (_task, sample) => {
    const result = submit(sample.task, sample.data, sample.context);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('given an answer with extra keys, when accepted, then only the form\'s fields reach the process and the rest is listed as dropped', () => {
    const result = submit('first_call', { callResult: 'meeting', legalDecision: 'approve', stage: 'won' });
    expect(result).toEqual({ ok: true, values: { callResult: 'meeting' }, dropped: ['legalDecision', 'stage'] });
  });

  it('given texts with surrounding spaces, when accepted, then they are trimmed', () => {
    const result = submit('legal_claim', { legalClaim: '  Нужен устав  ' });
    expect(result.ok && result.values).toEqual({ legalClaim: 'Нужен устав' });
  });
});

describe('assign_rep: the sales rep', () => {
  it('given no rep, when submitted, then the rep is required', () => {
    expect(errorsOf('assign_rep', {}, { options: SALES_REPS })).toEqual([
      { field: 'salesRep', code: 'REQUIRED', message: 'Торговый представитель: обязательное поле' },
    ]);
  });

  it('given a login that is not an active sales rep, when submitted, then it is refused as not a choice', () => {
    expect(errorsOf('assign_rep', { salesRep: 'director' }, { options: SALES_REPS })).toEqual([
      { field: 'salesRep', code: 'NOT_A_CHOICE', message: 'Торговый представитель: выберите один из предложенных вариантов' },
    ]);
  });

  it('given the options as a process variable instead, when submitted, then they are used', () => {
    expect(submit('assign_rep', { salesRep: 'petrova' }, { variables: SALES_REPS }).ok).toBe(true);
    expect(submit('assign_rep', { salesRep: 'petrova' }).ok).toBe(false);
  });
});

describe('first_call and client_type: fixed choices', () => {
  it.each([['first_call', 'callResult', 'maybe', 'Результат звонка'], ['client_type', 'clientType', 'zao', 'Тип клиента']])(
    'given %s with %s = an unknown value, when submitted, then it is refused naming the field',
    (task, key, value, label) => {
      expect(errorsOf(task, { [key]: value })).toEqual([{ field: key, code: 'NOT_A_CHOICE', message: `${label}: выберите один из предложенных вариантов` }]);
    },
  );
});

describe('decision_call', () => {
  it('given a negative decision without a reason, when submitted, then the reason is required', () => {
    expect(errorsOf('decision_call', { decision: 'negative', lostReason: '  ' })).toEqual([
      { field: 'lostReason', code: 'REQUIRED', message: 'Причина отказа: обязательное поле' },
    ]);
  });

  it('given a negative decision with meeting fields, when accepted, then the hidden meeting fields are dropped', () => {
    const result = submit('decision_call', { decision: 'negative', lostReason: 'Дорого', meetingAt: '2026-12-07T11:00+03:00' });
    expect(result).toEqual({ ok: true, values: { decision: 'negative', lostReason: 'Дорого' }, dropped: ['meetingAt'] });
  });

  it('given a positive decision with a reason, when accepted, then the reason is dropped', () => {
    const result = submit('decision_call', { decision: 'positive', lostReason: 'x' });
    expect(result).toEqual({ ok: true, values: { decision: 'positive' }, dropped: ['lostReason'] });
  });

  it('given a meeting that ends before it starts, when submitted, then the end is refused', () => {
    expect(errorsOf('decision_call', { decision: 'positive', meetingAt: '2026-12-07T11:00+03:00', meetingEnd: '2026-12-07T10:00+03:00' })).toEqual([
      { field: 'meetingEnd', code: 'MEETING_END_BEFORE_START', message: 'Окончание встречи: должно быть позже начала встречи' },
    ]);
  });

  it('given only the end of the meeting, when submitted, then the start is asked for', () => {
    expect(errorsOf('decision_call', { decision: 'positive', meetingEnd: '2026-12-07T12:00+03:00' })).toEqual([
      { field: 'meetingAt', code: 'MEETING_START_REQUIRED', message: 'Начало встречи: укажите начало, раз указано окончание' },
    ]);
  });

  it('given a meeting time without an offset, when accepted, then it is read and stored in the company\'s zone, whatever the machine\'s zone', () => {
    const result = submit('decision_call', { decision: 'positive', meetingAt: '2026-12-07T11:00' });
    expect(result.ok && result.values.meetingAt).toBe('2026-12-07T11:00:00+03:00');
    const utc = submit('decision_call', { decision: 'positive', meetingAt: '2026-12-07T08:00Z' });
    expect(utc.ok && utc.values.meetingAt).toBe('2026-12-07T11:00:00+03:00');
    const novosibirsk = submit('decision_call', { decision: 'positive', meetingAt: '2026-12-07T11:00' }, { timeZone: 'Asia/Novosibirsk' });
    expect(novosibirsk.ok && novosibirsk.values.meetingAt).toBe('2026-12-07T11:00:00+07:00');
  });

  it('given a meeting time that is not a date-time, when submitted, then it is refused naming the field', () => {
    expect(errorsOf('decision_call', { decision: 'positive', meetingAt: 'завтра в 11' })).toEqual([
      { field: 'meetingAt', code: 'NOT_A_DATETIME', message: 'Начало встречи: ожидаются дата и время' },
    ]);
  });

  it('given no decision, when submitted, then the decision is required and nothing else is asked', () => {
    expect(errorsOf('decision_call', {}).map((e) => e.field)).toEqual(['decision']);
  });
});

describe('meeting', () => {
  it('given the meeting not marked as held, when submitted, then "held" must be ticked', () => {
    expect(errorsOf('meeting', { meetingHeld: false })).toEqual([{ field: 'meetingHeld', code: 'REQUIRED', message: 'Встреча проведена: нужно отметить' }]);
  });

  it('given "held" as the text "true", when submitted, then it is refused as not a yes/no', () => {
    expect(errorsOf('meeting', { meetingHeld: 'true' }).map((e) => e.code)).toEqual(['NOT_BOOLEAN']);
  });

  it('given a new end before the planned start kept in the process, when submitted, then the end is refused', () => {
    const variables = { meetingAt: '2026-12-07T11:00:00+03:00' };
    expect(errorsOf('meeting', { meetingHeld: true, meetingEnd: '2026-12-07T10:30+03:00' }, { variables }).map((e) => e.code)).toEqual(['MEETING_END_BEFORE_START']);
  });

  it('given optional changes left empty, when accepted, then the planned values are not erased', () => {
    const result = submit('meeting', { meetingHeld: true, meetingAt: '', meetingPlace: null });
    expect(result.ok && result.values).toEqual({ meetingHeld: true });
  });
});

describe('premises_call', () => {
  it('given premises found without an address, when submitted, then the address is required', () => {
    expect(errorsOf('premises_call', { premisesFound: true })).toEqual([{ field: 'premisesAddress', code: 'REQUIRED', message: 'Адрес помещения: обязательное поле' }]);
  });

  it('given nothing ticked, when accepted, then the answer is "not found"', () => {
    expect(submit('premises_call', {})).toEqual({ ok: true, values: { premisesFound: false }, dropped: [] });
  });
});

describe('legal_review', () => {
  it.each(['approve_return', 'ban'])('given %s without a comment, when submitted, then the comment is required', (legalDecision) => {
    expect(errorsOf('legal_review', { legalDecision })).toEqual([{ field: 'legalComment', code: 'REQUIRED', message: 'Комментарий юриста: обязательное поле' }]);
  });

  it('given approve with more documents and no comment, when submitted, then it is accepted', () => {
    expect(submit('legal_review', { legalDecision: 'approve_more_docs' }).ok).toBe(true);
  });

  it('given an unknown decision, when submitted, then it is refused', () => {
    expect(errorsOf('legal_review', { legalDecision: 'maybe' }).map((e) => [e.field, e.code])).toEqual([['legalDecision', 'NOT_A_CHOICE']]);
  });
});

describe('legal_claim and enter_into_1c', () => {
  it('given a blank claim, when submitted, then the claim is required', () => {
    expect(errorsOf('legal_claim', { legalClaim: ' \n ' })).toEqual([{ field: 'legalClaim', code: 'REQUIRED', message: 'Что нужно дополнить или исправить: обязательное поле' }]);
  });

  it('given no 1C reference, when submitted, then it is required', () => {
    expect(errorsOf('enter_into_1c', {}, { variables: { onecError: '500' } })).toEqual([
      { field: 'onecRef', code: 'REQUIRED', message: 'Код или Ref_Key контрагента в 1С: обязательное поле' },
    ]);
  });
});

describe.each(['upload_documents', 'supplement_documents'])('%s', (task) => {
  const good = { documents: OOO_DOCUMENTS, requisites: OOO_REQUISITES };
  const withDocument = (key: string, value: unknown) => ({ ...good, documents: { ...OOO_DOCUMENTS, [key]: value } });

  it('given an ООО without its charter, when submitted, then the charter is required, named by its label', () => {
    const { charter: _c, ...documents } = OOO_DOCUMENTS;
    expect(errorsOf(task, { ...good, documents }, ooo)).toEqual([{ field: 'documents.charter', code: 'REQUIRED', message: 'Устав: обязательное поле' }]);
  });

  it.each([
    ['an ftp link', { url: 'ftp://files.example.ru/charter.pdf' }, 'DOCUMENT_URL_SCHEME'],
    ['a javascript: link', { url: 'javascript:alert(1)' }, 'DOCUMENT_URL_SCHEME'],
    ['a link that is not an address', { url: 'устав на диске' }, 'DOCUMENT_URL'],
    ['both a link and a file', { url: 'https://disk.yandex.ru/d/x', fileId: 'f1' }, 'DOCUMENT_SHAPE'],
    ['a link with an extra property', { url: 'https://disk.yandex.ru/d/x', name: 'Устав' }, 'DOCUMENT_SHAPE'],
    ['a bare string', 'https://disk.yandex.ru/d/x', 'DOCUMENT_SHAPE'],
    ['a file id that is a number', { fileId: 42 }, 'DOCUMENT_SHAPE'],
  ])('given the charter as %s, when submitted, then it is refused', (_what, value, code) => {
    expect(errorsOf(task, withDocument('charter', value), ooo).map((e) => [e.field, e.code])).toEqual([['documents.charter', code]]);
  });

  it('given a charter link copied without https:// (disk.yandex.ru/d/…), when submitted, then it is accepted with https:// added', () => {
    const result = submit(task, withDocument('charter', { url: 'disk.yandex.ru/d/charter' }), ooo);
    expect(result.ok).toBe(true);
    expect(result.ok && (result.values.documents as any).charter).toEqual({ url: 'https://disk.yandex.ru/d/charter' });
  });

  it('given a charter link with an empty url, when submitted, then it counts as missing', () => {
    expect(errorsOf(task, withDocument('charter', { url: '' }), ooo).map((e) => e.code)).toEqual(['REQUIRED']);
  });

  it('given a file id the store does not know, when submitted with a file check, then it is refused', () => {
    const isKnownFile = (id: string) => id !== 'f-passport';
    expect(errorsOf(task, good, { ...ooo, isKnownFile })).toEqual([
      { field: 'documents.director_passport', code: 'DOCUMENT_FILE_UNKNOWN', message: 'Паспорт директора: файл не найден, загрузите его заново' },
    ]);
  });

  it('given an ИНН with a wrong check digit, when submitted, then the ИНН is refused by the requisites check', () => {
    expect(errorsOf(task, { ...good, requisites: { ...OOO_REQUISITES, inn: '7707083894' } }, ooo)).toEqual([
      { field: 'requisites.inn', code: 'INN_CHECKSUM', message: 'ИНН: неверная контрольная сумма' },
    ]);
  });

  it('given an account that does not match the БИК, when submitted, then the account is refused', () => {
    expect(errorsOf(task, { ...good, requisites: { ...OOO_REQUISITES, account: '40702810238720001421' } }, ooo).map((e) => [e.field, e.code])).toEqual([
      ['requisites.account', 'ACCOUNT_CHECKSUM'],
    ]);
  });

  it('given an ООО without КПП and director, when submitted, then both are required', () => {
    const { kpp: _k, directorName: _d, ...requisites } = OOO_REQUISITES;
    expect(errorsOf(task, { ...good, requisites }, ooo).map((e) => e.field)).toEqual(['requisites.kpp', 'requisites.directorName']);
  });

  it('given an ИП, when submitted with ИП documents and a 12-digit ИНН, then ООО documents and the КПП are not asked for', () => {
    const result = submit(task, { documents: IP_DOCUMENTS, requisites: { ...IP_REQUISITES, kpp: '773601001' } }, ip);
    expect(result.ok).toBe(true);
    expect(result.ok && result.dropped).toEqual(['requisites.kpp']);
    expect(result.ok && Object.keys(result.values.documents as object)).toEqual(Object.keys(IP_DOCUMENTS));
  });

  it('given an ИП with a company\'s 10-digit ИНН and ОГРН, when submitted, then both are refused with the ИП rule', () => {
    const errors = errorsOf(task, { documents: IP_DOCUMENTS, requisites: { ...IP_REQUISITES, inn: '7707083893', ogrn: '1027700132195' } }, ip);
    expect(errors).toEqual([
      { field: 'requisites.inn', code: 'MIN_LENGTH', message: 'ИНН: не короче 12 символов' },
      { field: 'requisites.ogrn', code: 'MIN_LENGTH', message: 'ОГРНИП: не короче 15 символов' },
    ]);
  });

  it('given the client sends its own clientType, when submitted, then the process\'s client type still decides', () => {
    const errors = errorsOf(task, { clientType: 'ip', documents: IP_DOCUMENTS, requisites: IP_REQUISITES }, ooo);
    expect(errors.map((e) => e.field)).toContain('documents.charter');
    expect(errors.map((e) => e.field)).toContain('requisites.inn');
  });

  it('given no client type in the process, when submitted, then the client type is named', () => {
    expect(errorsOf(task, good).map((e) => [e.field, e.code])).toContainEqual(['clientType', 'CLIENT_TYPE_UNKNOWN']);
  });

  it('given no data at all, when submitted, then every document and requisite is named once', () => {
    const errors = errorsOf(task, null, ooo);
    expect(errors).toHaveLength(Object.keys(OOO_DOCUMENTS).length + Object.keys(OOO_REQUISITES).length);
    expect(new Set(errors.map((e) => e.field)).size).toBe(errors.length);
  });
});

describe('generic form-js rules on other forms', () => {
  const schema: FormSchema = {
    id: 'generic', type: 'default', schemaVersion: 16,
    components: [
      { type: 'number', key: 'count', label: 'Количество', decimalDigits: 0, validate: { min: 1, max: '=limit' } },
      { type: 'textfield', key: 'email', label: 'Почта', validate: { validationType: 'email' } },
      { type: 'textfield', key: 'code', label: 'Код', validate: { minLength: 3, maxLength: 5, pattern: '^[A-Z]+$', patternErrorMessage: 'только заглавные буквы' } },
      { type: 'datetime', key: 'day', subtype: 'date', dateLabel: 'День' },
      { type: 'checklist', key: 'tags', label: 'Метки', values: [{ label: 'А', value: 'a' }, { label: 'Б', value: 'b' }] },
      { type: 'textfield', key: 'hiddenNote', label: 'Скрыто', validate: { required: true }, conditional: { hide: '=true' } },
    ],
  };
  const codes = (data: unknown) => {
    const r = validateSubmission(schema, data, { variables: { limit: 10 } });
    return r.ok ? {} : Object.fromEntries(r.errors.map((e) => [e.field, e.code]));
  };

  it('given good values, when submitted, then numbers are parsed and hidden required fields are not asked for', () => {
    const r = validateSubmission(schema, { count: '3', email: 'a@b.ru', code: 'ABC', day: '2026-02-28', tags: ['a'] }, { variables: { limit: 10 } });
    expect(r).toEqual({ ok: true, values: { count: 3, email: 'a@b.ru', code: 'ABC', day: '2026-02-28', tags: ['a'] }, dropped: [] });
  });

  it('given values breaking each rule, when submitted, then each field gets its code', () => {
    expect(codes({ count: 1.5, email: 'a@', code: 'AB', day: '2026-02-30', tags: ['c'] })).toEqual({
      count: 'DECIMAL_DIGITS', email: 'EMAIL', code: 'MIN_LENGTH', day: 'NOT_A_DATE', tags: 'NOT_A_CHOICE',
    });
    expect(codes({ count: 11, code: 'abc', tags: ['a', 'a'] })).toEqual({ count: 'MAX', code: 'PATTERN', tags: 'DUPLICATE_CHOICE' });
    expect(codes({ count: 0, code: 'ABCDEF' })).toEqual({ count: 'MIN', code: 'MAX_LENGTH' });
    expect(codes({ count: 'много', code: 7 })).toEqual({ count: 'NOT_A_NUMBER', code: 'NOT_TEXT' });
  });

  it('given a text without a length limit in the form, when it is longer than 1,000 characters (a text area: 10,000), then it is refused naming the field', () => {
    const long = { id: 'long', type: 'default', schemaVersion: 16, components: [
      { type: 'textfield', key: 'name', label: 'Название' },
      { type: 'textarea', key: 'note', label: 'Заметка' },
    ] } as FormSchema;
    const r = validateSubmission(long, { name: 'я'.repeat(1_001), note: 'я'.repeat(10_001) });
    expect(!r.ok && r.errors.map((e) => [e.field, e.code])).toEqual([['name', 'MAX_LENGTH'], ['note', 'MAX_LENGTH']]);
    expect(validateSubmission(long, { name: 'я'.repeat(1_000), note: 'я'.repeat(10_000) }).ok).toBe(true);
  });

  it('given a pattern error message in the form, when refused, then the message is the form\'s', () => {
    const r = validateSubmission(schema, { code: 'abc' });
    expect(!r.ok && r.errors[0].message).toBe('Код: только заглавные буквы');
  });
});
