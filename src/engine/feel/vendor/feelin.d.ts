// Types for the vendored feelin build (see feelin.js): the package's own API plus Potok's compileExpression.
export type FeelWarning = { type: string; message: string; position: { from: number; to: number } };
export type FeelResult = { value: unknown; warnings: FeelWarning[] };
export declare class SyntaxError extends Error {
  input: string;
  position: { from: number; to: number };
}
export declare function evaluate(expression: string, context?: Record<string, unknown>, dialect?: string): FeelResult;
export declare function unaryTest(expression: string, context?: Record<string, unknown>, dialect?: string): FeelResult;
export declare function compileExpression(expression: string, parseContext?: Record<string, unknown>, dialect?: string): (context: Record<string, unknown>) => FeelResult;
export declare const builtinFunctionNames: readonly string[];
/** The part of a lezer syntax node (from @bpmn-io/lezer-feel) that Potok reads. */
export interface FeelSyntaxNode {
  readonly name: string;
  readonly from: number;
  readonly to: number;
  readonly type: { readonly isError: boolean };
  readonly parent: FeelSyntaxNode | null;
  readonly firstChild: FeelSyntaxNode | null;
  readonly nextSibling: FeelSyntaxNode | null;
}
export declare function parseExpression(expression: string, context?: Record<string, unknown>, dialect?: string): { readonly topNode: FeelSyntaxNode };
/** A built-in's parameter names (a `...` prefix marks a rest parameter) and argument types ('number?' is optional). */
export interface FeelBuiltinSignature {
  readonly parameters: readonly string[];
  readonly types: readonly string[];
}
export declare const builtinFunctionSignatures: Readonly<Record<string, FeelBuiltinSignature>>;
