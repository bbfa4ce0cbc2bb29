/**
 * A task's form rendered by the form-js viewer from the schema the API sends, pre-filled
 * with the task's values. Server refusals (422, one message per dotted field path) are put
 * on the fields they concern.
 */
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import { Form } from '@bpmn-io/form-js-viewer';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import flatpickrModule from 'flatpickr';
import type { FlatpickrFn } from 'flatpickr/dist/types/instance.js';
import { Russian } from 'flatpickr/dist/esm/l10n/ru.js';
import { english } from 'flatpickr/dist/esm/l10n/default.js';
import i18n from '../i18n.ts';
import { potokFormModule } from './document-field.ts';
import { formTranslateModule, translateFormDom } from './form-translate.ts';
import type { FieldError } from '../api.ts';
import { valuesForForm, valuesFromForm } from './company-time.ts';

export interface TaskFormHandle {
  /** Validates in the browser; returns the data or null when the form shows errors. */
  collect(): Record<string, unknown> | null;
  showServerErrors(errors: FieldError[]): FieldError[];
  /** Puts a message under the field at a dotted value path (null takes it away); false when the form has no such field. */
  markField(path: string, message: string | null): boolean;
}

/** Dotted value path (as the server names fields) → form-js field id. */
export function fieldIdsByPath(schema: any): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (components: any[], prefix: string) => {
    for (const c of components ?? []) {
      if (c.key) out.set(prefix + c.key, c.id);
      const nextPrefix = c.path ? `${prefix}${c.path}.` : prefix;
      if (c.components) walk(c.components, nextPrefix);
    }
  };
  walk(schema?.components ?? [], '');
  return out;
}

type TaskFormProps = {
  schema: any;
  values: Record<string, unknown>;
  readOnly?: boolean;
  onChange?: (data: Record<string, unknown>) => void;
  /** The company's UTC offset ("+03:00"): date-time fields show and send the company's wall time (company-time.ts). */
  companyOffset?: string;
};

export const TaskForm = forwardRef<TaskFormHandle, TaskFormProps>(function TaskForm({ schema, values, readOnly, onChange, companyOffset = '+03:00' }, ref) {
  const container = useRef<HTMLDivElement>(null);
  const form = useRef<Form | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;
  useEffect(() => {
    const flatpickr = ((flatpickrModule as unknown as { default?: FlatpickrFn }).default ?? flatpickrModule) as unknown as FlatpickrFn;
    // form-js's date picker (flatpickr) speaks the UI's language: month and day names, the week from Monday.
    flatpickr.localize(i18n.language === 'en' ? { ...english, firstDayOfWeek: 1 } : Russian);
    // No input debounce: every keystroke is in the form's data at once, so a re-render for a
    // message on another field (the banned-ИНН check) never drops what was just typed.
    const f = new Form({ container: container.current!, additionalModules: [potokFormModule, formTranslateModule], debounce: false } as any);
    form.current = f;
    const stopDomTranslation = translateFormDom(container.current!);
    f.on('changed', (state: { data: Record<string, unknown> }) => changed.current?.(valuesFromForm(schema, state.data, companyOffset)));
    void f.importSchema(schema, valuesForForm(schema, values)).then(() => {
      if (readOnly) f.setProperty('readOnly', true);
    });
    return () => {
      stopDomTranslation();
      f.destroy();
    };
  }, [schema, values, readOnly, companyOffset]);
  useImperativeHandle(ref, () => ({
    collect() {
      const f = form.current;
      if (!f) return null;
      const { data, errors } = f.submit();
      if (Object.keys(errors).length) {
        (container.current?.querySelector('[aria-invalid="true"], .fjs-has-errors input') as HTMLElement | null)?.focus();
        return null;
      }
      return valuesFromForm(schema, data, companyOffset);
    },
    showServerErrors(list) {
      const f = form.current;
      if (!f) return list;
      const ids = fieldIdsByPath(schema);
      const errors: Record<string, string[]> = {};
      const unplaced: FieldError[] = [];
      for (const e of list) {
        const id = ids.get(e.field);
        if (id) (errors[id] ??= []).push(e.message);
        else unplaced.push(e);
      }
      f._setState({ errors });
      setTimeout(() => (container.current?.querySelector('.fjs-has-errors input, .fjs-has-errors textarea, .fjs-has-errors select') as HTMLElement | null)?.focus(), 0);
      return unplaced;
    },
    markField(path, message) {
      const f = form.current;
      const id = fieldIdsByPath(schema).get(path);
      if (!f || !id) return false;
      const errors = { ...(f._getState().errors as Record<string, string[]>) };
      if (message) errors[id] = [message];
      else delete errors[id];
      f._setState({ errors });
      return true;
    },
  }));
  return <div ref={container} className="task-form" />;
});
