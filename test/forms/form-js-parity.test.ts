import { describe, it, expect } from 'vitest';
import { validateSubmission } from '../../src/forms/index.ts';
import { boundFields } from '../../src/forms/form-fields.ts';
import { GOOD, readForm, type Sample } from './fixtures.ts';
import { importInFormJs } from './support/form-js.harness.ts';

/**
 * "A submission the form would refuse is refused by the server too": the real form-js
 * validator and conditions judge mutated answers, and the server must agree.
 */

const get = (data: any, path: string) => path.split('.').reduce((n, k) => (n == null ? undefined : n[k]), data);
function withValue(data: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(data);
  const keys = path.split('.');
  let node: any = copy;
  for (const k of keys.slice(0, -1)) node = node[k] ??= {};
  if (value === undefined) delete node[keys.at(-1)!];
  else node[keys.at(-1)!] = value;
  return copy;
}

let refusedByFormJs = 0;
let accepted = 0;

/** Each good answer, and for each of its fields: removed, emptied, and given a wrong text and a wrong boolean. */
function mutations(sample: Sample): Sample[] {
  const schema = readForm(sample.task);
  const out: Sample[] = [sample];
  for (const { path } of boundFields(schema).map((f) => ({ path: f.path.join('.') }))) {
    for (const value of [undefined, '', 'x', false]) {
      if (get(sample.data, path) === value) continue;
      out.push({ ...sample, data: withValue(sample.data, path, value) });
    }
  }
  return out;
}

describe.each(GOOD.map((s, i) => [`${s.task} #${i}`, s] as const))('%s and its mutations', (_name, good) => {
  it('given each variant, when form-js refuses a field, then the server refuses that field too', async () => {
    const form = await importInFormJs(readForm(good.task));
    for (const sample of mutations(good)) {
      const everything = { ...(sample.context.variables ?? {}), ...(sample.context.options ?? {}), ...sample.data };
      const formJsErrors = Object.keys(form.errors(everything));
      if (formJsErrors.length) refusedByFormJs++;
      const result = validateSubmission(readForm(sample.task), sample.data, sample.context);
      const serverErrors = result.ok ? [] : result.errors.map((e) => e.field);
      for (const field of formJsErrors) expect(serverErrors, `${JSON.stringify(sample.data)}: form-js refuses ${field}`).toContain(field);
    }
  });

  it('given each variant, when accepted, then the server keeps exactly the fields form-js shows', async () => {
    const form = await importInFormJs(readForm(good.task));
    for (const sample of mutations(good)) {
      const result = validateSubmission(readForm(sample.task), sample.data, sample.context);
      if (!result.ok) continue;
      accepted++;
      const everything = { ...(sample.context.variables ?? {}), ...sample.data };
      const shown = form.visiblePaths(everything);
      const kept = boundFields(readForm(sample.task)).map((f) => f.path.join('.')).filter((p) => get(result.values, p) !== undefined);
      for (const path of kept) expect(shown, JSON.stringify(sample.data)).toContain(path);
      for (const path of shown) if (get(sample.data, path) !== undefined && get(sample.data, path) !== '') expect(kept, JSON.stringify(sample.data)).toContain(path);
    }
  });
});

describe('the mutations above', () => {
  it('given all of them, then form-js refused many and the server accepted many (the comparisons were not empty)', () => {
    expect(refusedByFormJs).toBeGreaterThan(50);
    expect(accepted).toBeGreaterThan(50);
  });
});
