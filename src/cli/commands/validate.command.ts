/**
 * `potok validate MODEL.bpmn`: compile a model the way deployment does and list every
 * problem (one per line: `elementId (type): message [line N]`), or `valid: <process ids>`.
 * Exit 0 only for a valid model; 2 for a refused model or an unreadable file.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { compileModel, type ModelProblem } from '../../engine/index.ts';
import { BadInputError, EXIT_BAD_INPUT } from '../main.ts';
import type { SetExitCode } from './index.ts';

export function formatProblem(problem: ModelProblem): string {
  const where = problem.elementId ? `${problem.elementId} (${problem.elementType ?? 'element'})` : problem.elementType ? `(${problem.elementType})` : 'model';
  const line = problem.line !== undefined ? ` [line ${problem.line}]` : '';
  return `${where}: ${problem.message}${line}`;
}

export function registerValidateCommand(program: Command, setExitCode: SetExitCode): void {
  program
    .command('validate')
    .description('check a BPMN model (Camunda 8 dialect) against what Potok runs; lists every problem')
    .argument('<model>', 'the .bpmn file')
    .action(async (file: string) => {
      let xml: string;
      try {
        xml = await readFile(file, 'utf8');
      } catch (err) {
        throw new BadInputError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      const result = await compileModel(xml);
      if (result.ok) {
        process.stdout.write(`valid: ${result.processes.map((p) => p.id).join(', ')}\n`);
        return;
      }
      for (const problem of result.problems) process.stdout.write(`${formatProblem(problem)}\n`);
      process.stderr.write(`potok: ${file} is refused: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}\n`);
      setExitCode(EXIT_BAD_INPUT);
    });
}
