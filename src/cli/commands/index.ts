import type { Command } from 'commander';

/** Sets the process exit code from inside a command action. */
export type SetExitCode = (code: number) => void;

type Register = (program: Command, setExitCode: SetExitCode) => void;

/**
 * Every sub-command, by name, loaded on demand: a command's module pulls in what it
 * needs (the HTTP server, the database drivers, the simulator), so loading only the one
 * being run keeps `potok calendar …` or `potok validate …` quick. Keep alphabetical.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  calendar: async () => (await import('./calendar.command.ts')).registerCalendarCommand,
  deploy: async () => (await import('./deploy.command.ts')).registerDeployCommand,
  instances: async () => (await import('./instances.command.ts')).registerInstancesCommand,
  migrate: async () => (await import('./migrate.command.ts')).registerMigrateCommand,
  onec: async () => (await import('./onec.command.ts')).registerOnecCommand,
  serve: async () => (await import('./serve.command.ts')).registerServeCommand,
  simulate: async () => (await import('./simulate.command.ts')).registerSimulateCommand,
  user: async () => (await import('./user.command.ts')).registerUserCommand,
  validate: async () => (await import('./validate.command.ts')).registerValidateCommand,
  worker: async () => (await import('./worker.command.ts')).registerWorkerCommand,
};

/** Registers the command named by `argv[0]`, or all of them (for help and unknown names). */
export async function registerCommands(program: Command, setExitCode: SetExitCode, argv: readonly string[] = []): Promise<void> {
  const named = argv[0] !== undefined ? COMMANDS[argv[0]] : undefined;
  const loaders = named ? [named] : Object.values(COMMANDS);
  for (const register of await Promise.all(loaders.map((load) => load()))) register(program, setExitCode);
}
