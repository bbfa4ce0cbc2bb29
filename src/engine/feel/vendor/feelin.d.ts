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
