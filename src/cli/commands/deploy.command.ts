/**
 * `potok deploy MODEL.bpmn [--shipped] [--actor LOGIN]`: deploys a BPMN model. Prints
 * `key version (created|unchanged)` per process, or every problem of a refused model
 * (element, type, message, line) with exit code 2.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { createRuntime } from '../../runtime/index.ts';
import { RuntimeError } from '../../runtime/errors.ts';
import { BadInputError, EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK } from '../main.ts';
import type { SetExitCode } from './index.ts';
import { addDatabaseOptions, openMigratedDatabase, type DatabaseOptions } from './migrate.command.ts';

interface DeployOptions extends DatabaseOptions {
  shipped?: boolean;
  actor?: string;
  json?: boolean;
}

export function registerDeployCommand(program: Command, setExitCode: SetExitCode): void {
  addDatabaseOptions(
    program
      .command('deploy')
      .description('deploy a BPMN model (a new version only when it changed)')
      .argument('<model>', 'the .bpmn file')
      .option('--shipped', 'deploy as a shipped model (does not replace an admin\'s chosen version)')
      .option('--actor <login>', 'who deploys (recorded with the version)')
      .option('--json', 'print the result as JSON'),
  ).action(async (file: string, options: DeployOptions) => {
    let xml: string;
    try {
      xml = await readFile(file, 'utf8');
    } catch (err) {
      throw new BadInputError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const database = await openMigratedDatabase(options);
    if (!database) return setExitCode(EXIT_FAILURE);
    try {
      const runtime = createRuntime({ database });
      const deployed = await runtime.deployments.deployModel(xml, { source: options.shipped ? 'shipped' : 'admin', actor: options.actor ?? null });
      if (options.json) process.stdout.write(`${JSON.stringify(deployed)}\n`);
      else for (const d of deployed) process.stdout.write(`${d.key}\tversion ${d.version}\t${d.created ? 'deployed' : 'unchanged'}${d.isDefault ? '\tused for new instances' : ''}\n`);
      setExitCode(EXIT_OK);
    } catch (err) {
      if (err instanceof RuntimeError && err.code === 'MODEL_INVALID') {
        process.stderr.write(`potok: ${file} was refused (${err.problems.length} problem(s)):\n`);
        for (const p of err.problems) {
          const where = [p.elementId, p.elementType].filter(Boolean).join(' ');
          process.stderr.write(`  ${p.code}${where ? ` [${where}]` : ''}${p.line ? ` line ${p.line}` : ''}: ${p.message}\n`);
        }
        setExitCode(EXIT_BAD_INPUT);
      } else {
        process.stderr.write(`potok: ${(err as Error).message}\n`);
        setExitCode(EXIT_FAILURE);
      }
    } finally {
      await database.close().catch(() => {});
    }
  });
}
