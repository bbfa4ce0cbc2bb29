/**
 * Which placeholders each template type may use. A template is checked against its
 * type's list when saved (`validateTemplate`), so a typo like {{client.nmae}} is refused
 * at once instead of reaching a client as an empty gap.
 */

export const TEMPLATE_TYPES = ['presentation', 'meeting_invitation', 'premises_requirements'] as const;
export type TemplateType = (typeof TEMPLATE_TYPES)[number];

export interface PlaceholderInfo {
  readonly name: string; // e.g. 'client.name'
  readonly description: string; // Russian: shown to the admin in the template editor
  readonly sample: string; // used by previews when a deal has no value
}

const COMMON: readonly PlaceholderInfo[] = [
  { name: 'client.name', description: 'Контактное лицо клиента', sample: 'Иван Петров' },
  { name: 'client.email', description: 'E-mail клиента', sample: 'ivan.petrov@example.ru' },
  { name: 'client.phone', description: 'Телефон клиента', sample: '+7 900 123-45-67' },
  { name: 'deal.title', description: 'Название сделки (клиент)', sample: 'ООО «Ромашка»' },
  { name: 'deal.city', description: 'Город', sample: 'Казань' },
  { name: 'rep.name', description: 'Торговый представитель: имя', sample: 'Мария Смирнова' },
  { name: 'rep.phone', description: 'Торговый представитель: телефон', sample: '+7 900 765-43-21' },
  { name: 'rep.email', description: 'Торговый представитель: e-mail', sample: 'm.smirnova@pivo.example' },
  { name: 'company.name', description: 'Название компании', sample: 'Пивной Дом' },
  { name: 'company.phone', description: 'Телефон компании', sample: '+7 800 000-00-00' },
  { name: 'company.email', description: 'E-mail компании', sample: 'franchise@pivo.example' },
  { name: 'company.website', description: 'Сайт компании', sample: 'https://pivo.example' },
];

const MEETING: readonly PlaceholderInfo[] = [
  { name: 'meeting.start', description: 'Встреча: дата и время начала', sample: '16 марта 2026 г., 11:00' },
  { name: 'meeting.end', description: 'Встреча: дата и время окончания', sample: '16 марта 2026 г., 12:00' },
  { name: 'meeting.date', description: 'Встреча: дата', sample: '16 марта 2026 г.' },
  { name: 'meeting.time', description: 'Встреча: время (с–по)', sample: '11:00–12:00' },
  { name: 'meeting.place', description: 'Встреча: место', sample: 'Казань, ул. Баумана, 10, офис 5' },
];

const PREMISES: readonly PlaceholderInfo[] = [
  { name: 'premises.callDate', description: 'Дата, когда ТП позвонит уточнить результат поиска помещения', sample: '20 марта 2026 г.' },
];

export const PLACEHOLDER_CATALOGUE: Readonly<Record<TemplateType, readonly PlaceholderInfo[]>> = {
  presentation: COMMON,
  meeting_invitation: [...COMMON, ...MEETING],
  premises_requirements: [...COMMON, ...MEETING, ...PREMISES],
};

export function isTemplateType(v: unknown): v is TemplateType {
  return typeof v === 'string' && (TEMPLATE_TYPES as readonly string[]).includes(v);
}

export function allowedPlaceholders(type: TemplateType): ReadonlySet<string> {
  return new Set(PLACEHOLDER_CATALOGUE[type].map((p) => p.name));
}

/** Sample values for a preview without a deal. */
export function sampleData(type: TemplateType): TemplateData {
  const data: Record<string, Record<string, string>> = {};
  for (const p of PLACEHOLDER_CATALOGUE[type]) {
    const [group, key] = p.name.split('.') as [string, string];
    (data[group] ??= {})[key] = p.sample;
  }
  return data;
}

/** Values for placeholders: `{ client: { name: '…' }, meeting: { start: '…' } }`. Missing values render as empty. */
export type TemplateData = Readonly<Record<string, Readonly<Record<string, string | number | null | undefined>> | undefined>>;
