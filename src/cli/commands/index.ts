import type { Command } from 'commander';
import { registerCalendarCommand } from './calendar.command.ts';
import { registerDeployCommand } from './deploy.command.ts';
import { registerInstancesCommand } from './instances.command.ts';
import { registerMigrateCommand } from './migrate.command.ts';
import { registerOnecCommand } from './onec.command.ts';
import { registerServeCommand } from './serve.command.ts';
import { registerSimulateCommand } from './simulate.command.ts';
import { registerUserCommand } from './user.command.ts';
import { registerValidateCommand } from './validate.command.ts';
import { registerWorkerCommand } from './worker.command.ts';

/** Sets the process exit code from inside a command action. */
export type SetExitCode = (code: number) => void;

/** Every sub-command registers here, one line each (keep them in alphabetical order). */
export function registerCommands(_program: Command, _setExitCode: SetExitCode): void {
  registerCalendarCommand(_program, _setExitCode);
  registerDeployCommand(_program, _setExitCode);
  registerInstancesCommand(_program, _setExitCode);
  registerMigrateCommand(_program, _setExitCode);
  registerOnecCommand(_program, _setExitCode);
  registerServeCommand(_program, _setExitCode);
  registerSimulateCommand(_program, _setExitCode);
  registerUserCommand(_program, _setExitCode);
  registerValidateCommand(_program, _setExitCode);
  registerWorkerCommand(_program, _setExitCode);
}
