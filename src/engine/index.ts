/** The engine's public surface: the contract types, the model compiler, apply and diffState. */
export * from './api.ts';
export { compileModel, type CompileOptions } from './model/compile-model.ts';
export type { CompiledProcess, CompiledElement, CompiledFlow } from './model/model.types.ts';
export { apply } from './execution/apply.ts';
export { diffState, type StateDiff, type VariableScopeDiff } from './execution/diff-state.ts';
