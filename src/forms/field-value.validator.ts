/**
 * Checks one visible field's submitted value against its component: type, choices and
 * the form-js `validate` rules. Returns the normalised value or one problem.
 */
import { DateTime } from 'luxon';
import { checkDocumentValue, isEmptyDocument } from './document-field.ts';
import { evaluateProperty } from './feel-expressions.ts';
import { DOCUMENT_FIELD_TYPE, type FormComponent, type FormOption, type OptionValue } from './form-schema.types.ts';

export type Problem = { code: string; detail: string };
export type Checked = { value: unknown } | { problem: Problem };

export interface FieldCheckContext {
  /** Data the FEEL in `validate` and `valuesExpression` sees. */
  readonly feel: Record<string, unknown>;
  /** Options for `valuesKey` fields. */
  readonly options: (valuesKey: string) => unknown;
  readonly timeZone: string;
  readonly isKnownFile?: (fileId: string) => boolean;
}

// The patterns form-js itself uses for validationType email / phone.
const EMAIL_PATTERN = /^(([^<>()[\]\\.,;:\s@"]+(\.[^<>()[\]\\.,;:\s@"]+)*)|(".+"))@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}])|(([a-zA-Z\-0-9]+\.)+[a-zA-Z]{2,}))$/;
const PHONE_PATTERN = /(\+|00)(297|93|244|1264|358|355|376|971|54|374|1684|1268|61|43|994|257|32|229|226|880|359|973|1242|387|590|375|501|1441|591|55|1246|673|975|267|236|1|61|41|56|86|225|237|243|242|682|57|269|238|506|53|5999|61|1345|357|420|49|253|1767|45|1809|1829|1849|213|593|20|291|212|34|372|251|358|679|500|33|298|691|241|44|995|44|233|350|224|590|220|245|240|30|1473|299|502|594|1671|592|852|504|385|509|36|62|44|91|246|353|98|964|354|972|39|1876|44|962|81|76|77|254|996|855|686|1869|82|383|965|856|961|231|218|1758|423|94|266|370|352|371|853|590|212|377|373|261|960|52|692|389|223|356|95|382|976|1670|258|222|1664|596|230|265|60|262|264|687|227|672|234|505|683|31|47|977|674|64|968|92|507|64|51|63|680|675|48|1787|1939|850|351|595|970|689|974|262|40|7|250|966|249|221|65|500|4779|677|232|503|378|252|508|381|211|239|597|421|386|46|268|1721|248|963|1649|235|228|66|992|690|993|670|676|1868|216|90|688|886|255|256|380|598|1|998|3906698|379|1784|58|1284|1340|84|678|681|685|967|27|260|263)(9[976]\d|8[987530]\d|6[987]\d|5[90]\d|42\d|3[875]\d|2[98654321]\d|9[8543210]|8[6421]|6[6543210]|5[87654321]|4[987654310]|3[9643210]|2[70]|7|1)\d{4,20}$/;

/** Whether the value counts as "not given" for `required`. */
export function isEmptyValue(component: FormComponent, value: unknown): boolean {
  if (component.type === DOCUMENT_FIELD_TYPE) return isEmptyDocument(value);
  if (component.type === 'checkbox') return value === undefined || value === null || value === false;
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  return Array.isArray(value) && value.length === 0;
}

/** What an optional field left empty answers; undefined = no answer (the variable is kept). */
export function emptyValueOf(component: FormComponent): unknown {
  if (component.type === 'checkbox') return false;
  if (component.type === 'checklist' || component.type === 'taglist') return [];
  return undefined;
}

function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

function optionsOf(component: FormComponent, ctx: FieldCheckContext): OptionValue[] {
  let raw: unknown = component.values;
  if (component.valuesKey) raw = ctx.options(component.valuesKey);
  else if (component.valuesExpression) raw = evaluateProperty(component.valuesExpression, ctx.feel);
  if (!Array.isArray(raw)) return [];
  return raw
    .map((o: unknown) => (typeof o === 'object' && o !== null ? (o as FormOption).value : o))
    .filter((v): v is OptionValue => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean');
}

/** Limits for text without its own `validate.maxLength`. */
export const DEFAULT_MAX_TEXTFIELD = 1_000;
export const DEFAULT_MAX_TEXTAREA = 10_000;

function checkText(component: FormComponent, value: unknown, ctx: FieldCheckContext): Checked {
  if (typeof value !== 'string') return { problem: { code: 'NOT_TEXT', detail: 'ожидается текст' } };
  const text = value.trim();
  const v = component.validate ?? {};
  if (v.pattern && !new RegExp(v.pattern).test(text)) {
    return { problem: { code: 'PATTERN', detail: v.patternErrorMessage || 'неверный формат' } };
  }
  const minLength = numberOf(evaluateProperty(v.minLength, ctx.feel));
  if (minLength !== undefined && text.length < minLength) return { problem: { code: 'MIN_LENGTH', detail: `не короче ${minLength} символов` } };
  // Without a limit in the form, a line is at most 1,000 characters and a text area 10,000:
  // a 200,000-character "full name" would be copied onto the deal and into every page.
  const maxLength = numberOf(evaluateProperty(v.maxLength, ctx.feel)) ?? (component.type === 'textarea' ? DEFAULT_MAX_TEXTAREA : DEFAULT_MAX_TEXTFIELD);
  if (text.length > maxLength) return { problem: { code: 'MAX_LENGTH', detail: `не длиннее ${maxLength} символов` } };
  if (v.validationType === 'email' && !EMAIL_PATTERN.test(text)) return { problem: { code: 'EMAIL', detail: 'неверный адрес электронной почты' } };
  if (v.validationType === 'phone' && !PHONE_PATTERN.test(text)) return { problem: { code: 'PHONE', detail: 'телефон в международном формате, например +74951234567' } };
  return { value: text };
}

function checkNumber(component: FormComponent, value: unknown, ctx: FieldCheckContext): Checked {
  const n = numberOf(value);
  if (n === undefined) return { problem: { code: 'NOT_A_NUMBER', detail: 'ожидается число' } };
  const digits = component.decimalDigits;
  if (typeof digits === 'number' && digits >= 0) {
    const decimals = (String(n).split('.')[1] ?? '').length;
    if (decimals > digits) return { problem: { code: 'DECIMAL_DIGITS', detail: digits === 0 ? 'ожидается целое число' : `не больше ${digits} знаков после запятой` } };
  }
  const v = component.validate ?? {};
  const min = numberOf(evaluateProperty(v.min, ctx.feel));
  if (min !== undefined && n < min) return { problem: { code: 'MIN', detail: `не меньше ${min}` } };
  const max = numberOf(evaluateProperty(v.max, ctx.feel));
  if (max !== undefined && n > max) return { problem: { code: 'MAX', detail: `не больше ${max}` } };
  return { value: n };
}

function checkDatetime(component: FormComponent, value: unknown, ctx: FieldCheckContext): Checked {
  if (typeof value !== 'string') return { problem: { code: 'NOT_A_DATE', detail: 'ожидается дата' } };
  const text = value.trim();
  const subtype = component.subtype ?? 'date';
  if (subtype === 'date') {
    const d = /^\d{4}-\d{2}-\d{2}$/.test(text) ? DateTime.fromISO(text, { zone: ctx.timeZone }) : null;
    return d?.isValid ? { value: text } : { problem: { code: 'NOT_A_DATE', detail: 'ожидается дата ГГГГ-ММ-ДД' } };
  }
  if (subtype === 'time') {
    const m = /^(\d{2}):(\d{2})(?::\d{2})?(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
    return m && Number(m[1]) < 24 && Number(m[2]) < 60 ? { value: text } : { problem: { code: 'NOT_A_TIME', detail: 'ожидается время ЧЧ:ММ' } };
  }
  // A date-time without an offset is read in the company's zone; the stored value always
  // carries the company's offset, as every time on Potok's API does.
  const d = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text) ? DateTime.fromISO(text, { zone: ctx.timeZone }) : null;
  if (!d?.isValid) return { problem: { code: 'NOT_A_DATETIME', detail: 'ожидаются дата и время' } };
  return { value: d.setZone(ctx.timeZone).toISO({ suppressMilliseconds: true }) };
}

function checkChoice(component: FormComponent, value: unknown, ctx: FieldCheckContext): Checked {
  const allowed = optionsOf(component, ctx);
  const notAChoice = { problem: { code: 'NOT_A_CHOICE', detail: 'выберите один из предложенных вариантов' } };
  if (component.type === 'radio' || component.type === 'select') return allowed.includes(value as OptionValue) ? { value } : notAChoice;
  if (!Array.isArray(value)) return notAChoice;
  if (new Set(value).size !== value.length) return { problem: { code: 'DUPLICATE_CHOICE', detail: 'вариант выбран дважды' } };
  return value.every((v) => allowed.includes(v as OptionValue)) ? { value } : notAChoice;
}

/** Checks a value that is not empty. */
export function checkFieldValue(component: FormComponent, value: unknown, ctx: FieldCheckContext): Checked {
  switch (component.type) {
    case 'textfield':
    case 'textarea':
      return checkText(component, value, ctx);
    case 'number':
      return checkNumber(component, value, ctx);
    case 'datetime':
      return checkDatetime(component, value, ctx);
    case 'checkbox':
      return typeof value === 'boolean' ? { value } : { problem: { code: 'NOT_BOOLEAN', detail: 'ожидается да или нет' } };
    case DOCUMENT_FIELD_TYPE: {
      const result = checkDocumentValue(value, ctx.isKnownFile);
      return 'value' in result ? result : { problem: result.problem };
    }
    default:
      return checkChoice(component, value, ctx);
  }
}
