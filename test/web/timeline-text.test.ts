/**
 * The deal card's timeline in words (web/src/timeline-text.ts) with the real Russian and
 * English dictionaries: answers of completed tasks, a lawyer's claim, lost reasons and a
 * failed e-mail step explained instead of the runtime's English.
 */
import { describe, expect, it } from 'vitest';
import i18n from '../../web/src/i18n.ts';
import { describeEntry, type TimelineEntry } from '../../web/src/timeline-text.ts';

const names: Record<string, string> = { ivan: 'Иван Петров' };
const nameOf = (login: string | null) => (login ? (names[login] ?? login) : '—');
const entry = (kind: string, data: Record<string, unknown>): TimelineEntry => ({ id: '1', at: '2026-12-30T10:00:00+03:00', kind, actor: null, data });
const say = (e: TimelineEntry, lng: 'ru' | 'en' = 'ru') => describeEntry(e, i18n.getFixedT(lng), nameOf, lng);

describe('timeline entries in words', () => {
  it('given completed tasks, then their answers are told in Russian, with names and the premises address', () => {
    expect(say(entry('task_completed', { title: 'Первый звонок', answers: { callResult: 'think' } }))).toBe('Первый звонок — результат: клиенту нужно время');
    expect(say(entry('task_completed', { title: 'Назначить представителя', answers: { salesRep: 'ivan' } }))).toBe('Назначить представителя — представитель: Иван Петров');
    expect(say(entry('task_completed', { title: 'Помещение', answers: { premisesFound: true, premisesAddress: 'Тула, пр. Ленина, 10' } }))).toBe('Помещение — помещение найдено: Тула, пр. Ленина, 10');
    expect(say(entry('task_completed', { title: 'Встреча', answers: { meetingHeld: true } }))).toBe('Встреча — встреча проведена');
    expect(say(entry('task_completed', { title: 'Проверка', answers: { legalDecision: 'ban', legalComment: 'долги' } }))).toBe('Проверка — решение: Запрет на работу; комментарий: долги');
    expect(say(entry('task_completed', { title: 'Документы', answers: {} }))).toBe('Документы');
  });

  it("given a lawyer's claim and lost deals, then the claim's text and the reason in words are shown", () => {
    expect(say(entry('legal_claim', { claim: 'Нет печати на уставе' }))).toBe('Нет печати на уставе');
    expect(say(entry('deal_lost', { reason: 'banned', comment: null }))).toBe('Запрет на работу');
    expect(say(entry('deal_lost', { reason: 'cancelled', comment: 'клиент передумал' }))).toBe('Отменена: клиент передумал');
    expect(say(entry('deal_lost', { reason: 'declined' }), 'en')).toBe('Declined');
  });

  it('given a changed field, then its name, the old and the new value are shown', () => {
    expect(say(entry('field_changed', { field: 'email', old: 'old@example.test', new: 'new@example.test' }))).toBe('E-mail: old@example.test → new@example.test');
    expect(say(entry('field_changed', { field: 'city', old: null, new: 'Тула' }))).toBe('Город: — → Тула');
    expect(say(entry('field_changed', { field: 'owner', old: 'ivan', new: 'maria' }))).toBe('Ответственный: Иван Петров → maria');
    expect(say(entry('field_changed', { field: 'requisites.legalAddress', old: 'Советская, 1', new: 'Новая, 2' }))).toBe('Реквизиты · Юридический адрес: Советская, 1 → Новая, 2');
    expect(describeEntry(entry('field_changed', { field: 'documents.charter', old: 'https://disk.yandex.ru/d/a', new: 'файл Устав.pdf' }), i18n.getFixedT('ru'), nameOf, 'ru', (k) => (k === 'charter' ? 'Устав' : k))).toBe('Документ · Устав: https://disk.yandex.ru/d/a → файл Устав.pdf');
  });

  it('given a failed presentation e-mail, then the step and the reason are Russian and no runtime English is shown', () => {
    const text = say(entry('incident', { elementId: 'send_presentation', message: "the job of 'send_presentation' failed with no retries left: template_incomplete: template «Презентация компании»: the attachment has no uploaded file" }));
    expect(text).toMatch(/^Письмо «Презентация компании»: в шаблоне не хватает вложения\. Процесс ждёт/);
    expect(text).not.toMatch(/the job|failed|retries/);
  });
});
