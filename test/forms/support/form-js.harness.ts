/**
 * The real form-js viewer's core services (importer, path registry, FEEL, validator),
 * run in Node without rendering, with Potok's `potok-document` field registered as the
 * web UI registers it. Lets tests prove that the shipped forms import in form-js and that
 * the server refuses whatever form-js refuses.
 */
import { DOCUMENT_FIELD_CONFIG } from '../../../src/forms/document-field.ts';
import type { FormSchema } from '../../../src/forms/form-schema.types.ts';

type Any = any; // form-js ships no types for its internals

let loaded: Promise<Any> | undefined;
async function formJsModule(): Promise<Any> {
  // form-js touches a few browser globals when its module loads; rendering is never used.
  const g = globalThis as Any;
  g.KeyboardEvent ??= class {};
  g.document ??= { createElement: () => ({ setAttribute() {}, style: {}, classList: { add() {} }, appendChild() {} }) };
  loaded ??= import('@bpmn-io/form-js-viewer').then((fj: Any) => {
    // form-js does not export its Validator; a headless Form instance has one.
    const Validator = new fj.Form().get('validator').constructor;
    return { ...fj, Validator };
  });
  return loaded;
}

export interface FormJsForm {
  /** Keyed fields: their dotted value path and the form-js field. */
  fields: Array<{ path: string; field: Any }>;
  /** Paths of fields form-js would show for this data. */
  visiblePaths(data: Record<string, unknown>): string[];
  /** form-js's own validation errors per visible field path. */
  errors(data: Record<string, unknown>): Record<string, string[]>;
}

export async function importInFormJs(schema: FormSchema): Promise<FormJsForm> {
  const fj = await formJsModule();
  class EventBus {
    on() {}
    off() {}
    fire() {}
  }
  const translate = (text: string, replacements: Record<string, unknown> = {}) => text.replace(/{([^}]+)}/g, (_: string, k: string) => String(replacements[k] ?? `{${k}}`));
  let state: { data: Record<string, unknown>; initialData: Record<string, unknown> } = { data: {}, initialData: {} };
  const injector = fj.createInjector([
    {
      eventBus: ['type', EventBus],
      translate: ['value', translate],
      formFields: ['type', fj.FormFields],
      formFieldRegistry: ['type', fj.FormFieldRegistry],
      pathRegistry: ['type', fj.PathRegistry],
      fieldFactory: ['type', fj.FieldFactory],
      importer: ['type', fj.Importer],
      formLayouter: ['type', fj.FormLayouter],
      expressionLanguage: ['type', fj.FeelExpressionLanguage],
      conditionChecker: ['type', fj.ConditionChecker],
      validator: ['type', fj.Validator],
      form: ['value', { _getState: () => state }],
    },
  ]);
  injector.get('formFields').register(DOCUMENT_FIELD_CONFIG.type, { config: DOCUMENT_FIELD_CONFIG });
  injector.get('importer').importSchema(structuredClone(schema));
  const registry = injector.get('formFieldRegistry');
  const pathRegistry = injector.get('pathRegistry');
  const expressionLanguage = injector.get('expressionLanguage');
  const validator = injector.get('validator');
  const formFields = injector.get('formFields');
  const keyed = registry.getAll().filter((f: Any) => formFields.get(f.type).config.keyed);
  const fields = keyed.map((field: Any) => ({ path: pathRegistry.getValuePath(field).join('.'), field }));

  // Conditions are evaluated as form-js's ConditionChecker does; memoised per data object.
  const memo = new WeakMap<object, Map<string, boolean>>();
  const hides = (hide: string, data: Record<string, unknown>): boolean => {
    let results = memo.get(data);
    if (!results) memo.set(data, (results = new Map()));
    if (!results.has(hide)) {
      results.set(hide, expressionLanguage.evaluateUnaryTest(hide, fj.buildExpressionContext({ this: data, data, i: [], parent: null })) === true);
    }
    return results.get(hide)!;
  };
  const hidden = (field: Any, data: Record<string, unknown>): boolean => {
    for (let f = field; f; f = f._parent ? registry.get(f._parent) : null) {
      if (f.conditional?.hide && hides(f.conditional.hide, data)) return true;
    }
    return false;
  };
  const get = (data: Any, path: string) => path.split('.').reduce((node, k) => (node == null ? undefined : node[k]), data);
  return {
    fields,
    visiblePaths: (data) => fields.filter(({ field }: Any) => !hidden(field, data)).map(({ path }: Any) => path),
    errors: (data) => {
      state = { data, initialData: data };
      const out: Record<string, string[]> = {};
      for (const { path, field } of fields) {
        if (hidden(field, data)) continue;
        const errors = validator.validateField(field, get(data, path));
        if (errors.length) out[path] = errors;
      }
      return out;
    },
  };
}
