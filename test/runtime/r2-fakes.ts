/**
 * Stand-ins for R2's tests: a command executor that records what the workers and the
 * scheduler send and, like the real one, deletes a fired timer's row in its transaction.
 */
import type { Command, Effect } from '../../src/engine/api.ts';
import type { PotokDatabase } from '../../src/store/database.ts';
import { deleteTimer, timerRowId } from '../../src/store/timer.repository.ts';
import type { CommandPort } from '../../src/runtime/jobs/runtime-ports.ts';

export class CodedError extends Error {
  constructor(
    readonly code: string,
    message = code,
  ) {
    super(message);
  }
}

export interface RecordedCommand {
  readonly instanceId: string;
  readonly command: Command;
}

export class RecordingExecutor implements CommandPort {
  readonly commands: RecordedCommand[] = [];
  /** Throw this for the next commands (one per call) before recording them. */
  readonly failures: unknown[] = [];
  constructor(private readonly database: PotokDatabase) {}

  async execute(instanceId: string, command: Command): Promise<{ effects: readonly Effect[] }> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    if (command.kind === 'fireTimer') {
      await this.database.db.transaction().execute(async (trx) => {
        await deleteTimer(trx, timerRowId(instanceId, command.timerId));
      });
    }
    this.commands.push({ instanceId, command });
    return { effects: [] };
  }

  ofKind<K extends Command['kind']>(kind: K): Array<{ instanceId: string; command: Extract<Command, { kind: K }> }> {
    return this.commands.filter((c) => c.command.kind === kind) as any;
  }
}
