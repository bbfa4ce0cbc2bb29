/**
 * The Russian templates Potok ships (processes/templates/*.json). The store seeds the
 * admin-editable templates from them; the admin's edits live in the database.
 */
import { readFile } from 'node:fs/promises';
import { TEMPLATE_TYPES, type TemplateType } from './template-catalogue.ts';
import { validateTemplate, type MailTemplate } from './template.renderer.ts';

export const SHIPPED_TEMPLATES_DIR = new URL('../../../processes/templates/', import.meta.url);

/** Reads and validates one shipped template; throws with the problems when a file is broken. */
export async function loadShippedTemplate(type: TemplateType, dir: URL = SHIPPED_TEMPLATES_DIR): Promise<MailTemplate> {
  const file = new URL(`${type}.json`, dir);
  const json = JSON.parse(await readFile(file, 'utf8')) as unknown;
  const checked = validateTemplate(json);
  if (!checked.ok) throw new Error(`${file.pathname}: ${checked.problems.map((p) => p.message).join('; ')}`);
  if (checked.template.type !== type) throw new Error(`${file.pathname}: type is ${checked.template.type}, expected ${type}`);
  return checked.template;
}

export async function loadShippedTemplates(dir: URL = SHIPPED_TEMPLATES_DIR): Promise<Record<TemplateType, MailTemplate>> {
  const entries = await Promise.all(TEMPLATE_TYPES.map(async (t) => [t, await loadShippedTemplate(t, dir)] as const));
  return Object.fromEntries(entries) as Record<TemplateType, MailTemplate>;
}
