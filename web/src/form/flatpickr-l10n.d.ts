// flatpickr ships its locales' ESM builds without declarations.
declare module 'flatpickr/dist/esm/l10n/ru.js' {
  import type { CustomLocale } from 'flatpickr/dist/types/locale.js';
  export const Russian: CustomLocale;
}
declare module 'flatpickr/dist/esm/l10n/default.js' {
  import type { CustomLocale } from 'flatpickr/dist/types/locale.js';
  export const english: CustomLocale;
}
