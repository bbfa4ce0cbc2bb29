/**
 * The `potok` command line. Each sub-command lives in its own file under ./commands and
 * registers itself on the program. Exit codes: 0 success, 1 failure of the system,
 * 2 bad input (a bad model, scenario, argument or file), with the reason on stderr.
 */
import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.ts';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

/** Thrown by commands for bad input; main turns it into exit code 2. */
export class BadInputError extends Error {
  override name = 'BadInputError';
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command('potok')
    .description('Potok: sales processes on a durable BPMN engine')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  let exitCode = EXIT_OK;
  await registerCommands(
    program,
    (code) => {
      exitCode = code;
    },
    argv,
  );
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT_OK;
      return EXIT_BAD_INPUT;
    }
    if (err instanceof BadInputError) {
      process.stderr.write(`potok: ${err.message}\n`);
      return EXIT_BAD_INPUT;
    }
    process.stderr.write(`potok: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return EXIT_FAILURE;
  }
}
