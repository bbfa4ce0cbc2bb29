/**
 * `potok simulate SCENARIO.json [--format json|table] [--lang ru|en]`: runs a scenario
 * on the real engine, runtime, calendar, CRM and model on a virtual clock, in a fresh
 * in-memory database (nothing is sent), and prints what happens (docs/simulation.md).
 * JSON lines are printed as they happen, so the lines before a bad answer stay printed.
 * Exit 0 when the process ends, goes idle or raises an incident; 2 for a bad scenario.
 */
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { formatTable, loadScenario, ScenarioError, simulate, type SimEvent, type TableLanguage } from '../../simulation/index.ts';
import { workdayFromEnv, WorkdayConfigError } from '../../crm/admin/company-settings.service.ts';
import { BadInputError } from '../main.ts';
import type { SetExitCode } from './index.ts';

interface SimulateOptions {
  readonly format: string;
  readonly lang: string;
}

export function registerSimulateCommand(program: Command, _setExitCode: SetExitCode): void {
  program
    .command('simulate')
    .description('run a scenario on a virtual clock and print what the process does (one JSON object per line)')
    .argument('<scenario>', 'the scenario file (JSON, see docs/simulation.md)')
    .option('--format <format>', 'json (one event per line) or table (a timeline for people)', 'json')
    .option('--lang <lang>', 'labels of the table: ru or en', 'ru')
    .action(async (file: string, options: SimulateOptions) => {
      if (options.format !== 'json' && options.format !== 'table') throw new BadInputError(`--format: expected json or table, got "${options.format}"`);
      if (options.lang !== 'ru' && options.lang !== 'en') throw new BadInputError(`--lang: expected ru or en, got "${options.lang}"`);
      const zone = process.env.POTOK_TZ ?? 'Europe/Moscow';
      if (!DateTime.local().setZone(zone).isValid) throw new BadInputError(`POTOK_TZ is not a known time zone: "${zone}"`);
      let workday;
      try {
        workday = workdayFromEnv();
      } catch (err) {
        throw err instanceof WorkdayConfigError ? new BadInputError(err.message) : err;
      }
      const table = options.format === 'table';
      const events: SimEvent[] = [];
      const emit = (event: SimEvent) => {
        if (table) events.push(event);
        else process.stdout.write(`${JSON.stringify(event)}\n`);
      };
      try {
        const scenario = await loadScenario(file, zone);
        const result = await simulate(scenario, { zone, workday, emit });
        for (const where of result.unusedAnswers) process.stderr.write(`potok: warning: ${file}: ${where} was not used: the process never asked for it (a typo, or a path the deal did not take)\n`);
        if (result.cancelAfterUntil) process.stderr.write(`potok: warning: ${file}: cancel (its time is after until) was not used: the run stopped at "until" before it\n`);
      } catch (err) {
        if (err instanceof ScenarioError) {
          if (table && events.length) process.stdout.write(formatTable(events, options.lang as TableLanguage));
          throw new BadInputError(`${file}: ${err.message}`);
        }
        throw err;
      }
      if (table) process.stdout.write(formatTable(events, options.lang as TableLanguage));
    });
}
