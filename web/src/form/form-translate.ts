/**
 * form-js's own texts («Field is required.», «Search», «No results»…) in the UI's language.
 * form-js asks its `translate` service for every text it shows; this module replaces that
 * service. English is form-js's own wording; Russian is below. A few texts form-js 2.0
 * does not pass through `translate` (the searchable select's «Search» placeholder, the
 * dropdown's «Select», the searchable select's «No results») are fixed in the DOM by
 * `translateFormDom`.
 */
import { translateFrom } from '../translate-table.ts';

const RU: Record<string, string> = {
  'Field is required.': 'Обязательное поле.',
  'Field must be a valid email.': 'Введите правильный адрес электронной почты.',
  'Field must be a valid international phone number. (e.g. +4930664040900)': 'Введите телефон в международном формате, например +74951234567.',
  'Field must have maximum length of {value}.': 'Не длиннее {value} символов.',
  'Field must have minimum length of {value}.': 'Не короче {value} символов.',
  'Field must have maximum value of {value}.': 'Не больше {value}.',
  'Field must have minimum value of {value}.': 'Не меньше {value}.',
  'Field must match pattern {value}.': 'Неверный формат.',
  'Date and time must both be entered.': 'Укажите и дату, и время.',
  'Value is not a number.': 'Ожидается число.',
  'Value is expected to be an integer.': 'Ожидается целое число.',
  'Value is expected to have at most 1 decimal digit.': 'Не больше 1 знака после запятой.',
  'Value is expected to have at most {value} decimal digits.': 'Не больше {value} знаков после запятой.',
  'Please select a valid value, the two nearest valid values are {previousValue} and {nextValue}.': 'Выберите допустимое значение; ближайшие: {previousValue} и {nextValue}.',
  'Min validation value is not a valid number.': 'Минимальное значение — не число.',
  'Max validation value is not a valid number.': 'Максимальное значение — не число.',
  Search: 'Поиск',
  Select: 'Выберите',
  'Skip to search': 'Перейти к поиску',
  'Remove tag': 'Убрать',
  'No results': 'Ничего не найдено',
  'All values selected': 'Выбраны все варианты',
  Increment: 'Увеличить',
  Decrement: 'Уменьшить',
  'No content to show.': 'Нечего показать.',
  "External content couldn't be loaded.": 'Не удалось загрузить внешнее содержимое.',
  'Nothing to show.': 'Нечего показать.',
  'Add new': 'Добавить',
  Collapse: 'Свернуть',
  'Expand all ({value})': 'Развернуть все ({value})',
  'Next page': 'Следующая страница',
  'Previous page': 'Предыдущая страница',
  '{page} of {total}': '{page} из {total}',
  'Click to remove sorting': 'Убрать сортировку',
  'Click to sort by {value} ascending': 'Сортировать по «{value}» по возрастанию',
  'Click to sort by {value} descending': 'Сортировать по «{value}» по убыванию',
  'No files selected': 'Файлы не выбраны',
  '{value} files selected': 'Выбрано файлов: {value}',
  'Document reference is not defined.': 'Документ не указан.',
  'Download {fileName}': 'Скачать {fileName}',
  'Unable to download document': 'Не удалось скачать документ',
};

export const formTranslate = translateFrom(RU);

/** The module to pass in form-js's `additionalModules`. */
export const formTranslateModule = { translate: ['value', formTranslate] };

/** Texts form-js writes without `translate`: fixed now and whenever form-js re-renders. Returns the stop function. */
export function translateFormDom(root: HTMLElement): () => void {
  const fix = () => {
    for (const input of root.querySelectorAll<HTMLInputElement>('input[placeholder="Search"], input[placeholder="Поиск"]')) {
      const want = formTranslate('Search');
      if (input.placeholder !== want) input.placeholder = want;
    }
    // The searchable select's empty list says form-js's default «No results» without translate.
    for (const empty of root.querySelectorAll<HTMLElement>('.fjs-dropdownlist-empty')) {
      const text = empty.textContent ?? '';
      if (text === 'No results' || text === 'All values selected') {
        const want = formTranslate(text);
        if (want !== text) empty.textContent = want;
      }
    }
  };
  fix();
  const observer = new MutationObserver(fix);
  observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['placeholder'] });
  return () => observer.disconnect();
}
