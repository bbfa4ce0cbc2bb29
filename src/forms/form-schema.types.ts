/**
 * The subset of the form-js JSON schema (schemaVersion 16+) that Potok ships and
 * re-validates on the server, plus Potok's one custom field type, `potok-document`.
 */

export interface FormValidate {
  readonly required?: boolean;
  readonly pattern?: string;
  readonly patternErrorMessage?: string;
  /** Numbers, or FEEL expressions (`=…`) as form-js allows. */
  readonly minLength?: number | string;
  readonly maxLength?: number | string;
  readonly min?: number | string;
  readonly max?: number | string;
  readonly validationType?: 'email' | 'phone' | 'custom';
}

export type OptionValue = string | number | boolean;

export interface FormOption {
  readonly label: string;
  readonly value: OptionValue;
}

export interface FormComponent {
  readonly id?: string;
  readonly type: string;
  readonly key?: string;
  /** Groups: the object the children's values live in (e.g. `requisites`). */
  readonly path?: string;
  readonly label?: string;
  readonly dateLabel?: string;
  readonly timeLabel?: string;
  readonly subtype?: 'date' | 'time' | 'datetime';
  readonly text?: string;
  readonly description?: string;
  readonly validate?: FormValidate;
  readonly values?: readonly FormOption[];
  /** Options come from this input variable at runtime (the server fills it, e.g. `salesRepOptions`). */
  readonly valuesKey?: string;
  readonly valuesExpression?: string;
  readonly conditional?: { readonly hide?: string };
  readonly components?: readonly FormComponent[];
  readonly readonly?: boolean | string;
  readonly disabled?: boolean;
  readonly decimalDigits?: number;
  readonly [extra: string]: unknown;
}

export interface FormSchema {
  /** The form id; BPMN user tasks reference it as `zeebe:formDefinition formId`. */
  readonly id: string;
  readonly type: 'default';
  readonly schemaVersion: number;
  readonly components: readonly FormComponent[];
  readonly executionPlatform?: string;
  readonly executionPlatformVersion?: string;
  readonly exporter?: { readonly name: string; readonly version: string };
  readonly [extra: string]: unknown;
}

/** Potok's custom field: a document given as a link or as a file uploaded before. */
export const DOCUMENT_FIELD_TYPE = 'potok-document';
export type DocumentValue = { readonly url: string } | { readonly fileId: string };

/** Field types whose value is part of the answer. */
export const KEYED_TYPES = new Set([
  'textfield', 'textarea', 'number', 'datetime', 'checkbox', 'checklist', 'radio', 'select', 'taglist', DOCUMENT_FIELD_TYPE,
]);
/** Types that only show something (or, for `button`, submit); they carry no value. */
export const DISPLAY_TYPES = new Set(['text', 'html', 'image', 'spacer', 'separator', 'button']);
export const CONTAINER_TYPES = new Set(['group']);
export const CHOICE_TYPES = new Set(['radio', 'select', 'checklist', 'taglist']);

export interface FieldError {
  /** The value's path in the submission, dotted: `requisites.inn`, `documents.passport`. */
  readonly field: string;
  readonly code: string;
  /** Russian, starting with the field's label. */
  readonly message: string;
}
