export * from './form-schema.types.ts';
export { validateSubmission, fieldLabel, type SubmissionContext, type SubmissionResult } from './submission.validator.ts';
export { FRANCHISE_TASK_RULES, type TaskRule, type TaskRuleInput } from './franchise-task.rules.ts';
export { checkDocumentValue, DOCUMENT_FIELD_CONFIG } from './document-field.ts';
export { checkFormSchema, type FormSchemaProblem } from './form-schema.check.ts';
export { loadTaskForm, loadFormFile, FormFileError, STATIC_FORM_IDS, GENERATED_FORM_IDS, FORMS_DIR } from './form.repository.ts';
