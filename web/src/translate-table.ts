/**
 * A `translate` service for the bpmn.io libraries (form-js, bpmn-js): the library's English
 * text in the UI's language from a Russian table, `{name}`s filled in. A text not in the
 * table stays as the library writes it.
 */
import i18next from 'i18next';

export type Translate = (template: string, replacements?: Record<string, unknown>) => string;

export function translateFrom(ru: Readonly<Record<string, string>>): Translate {
  return (template, replacements = {}) => {
    const text = i18next.language === 'en' ? template : (ru[template] ?? template);
    return text.replace(/\{([^}]+)\}/g, (whole, key: string) => (key in replacements ? String(replacements[key]) : whole));
  };
}
