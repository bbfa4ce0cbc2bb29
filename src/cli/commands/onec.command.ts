/**
 * `potok onec check [--url URL --user NAME --password SECRET]`: can Potok use 1C?
 * Reports each finding (reachable, login, every catalog the connector writes is
 * published) and what to do about it. Defaults come from POTOK_ONEC_URL, POTOK_ONEC_USER,
 * POTOK_ONEC_PASSWORD (the admin's stored configuration is read by `serve`, not here).
 * Exit 0 only when 1C is usable; 1 when it is not; 2 for bad arguments.
 */
import type { Command } from 'commander';
import { checkConnection, type OneCCheckResult } from '../../connectors/onec/onec-check.ts';
import { validateOneCConfig } from '../../connectors/onec/onec-config.ts';
import { BadInputError, EXIT_FAILURE, EXIT_OK } from '../main.ts';
import type { SetExitCode } from './index.ts';

interface OneCCheckOptions {
  url?: string;
  user?: string;
  password?: string;
  bankCatalog?: string;
  timeout?: string;
  json?: boolean;
}

const FLAGS: Record<string, string> = { url: '--url', user: '--user', bankCatalog: '--bank-catalog', timeoutMs: '--timeout' };

export function registerOnecCommand(program: Command, setExitCode: SetExitCode): void {
  const onec = program.command('onec').description('1C:Enterprise connection (standard OData interface)');
  onec
    .command('check')
    .description('check that 1C is reachable, accepts the login and publishes the catalogs Potok writes')
    .option('--url <url>', 'the infobase publication, e.g. http://1c.local/buh (default: POTOK_ONEC_URL)')
    .option('--user <name>', '1C user (default: POTOK_ONEC_USER)')
    .option('--password <secret>', '1C password (default: POTOK_ONEC_PASSWORD)')
    .option('--bank-catalog <name>', 'Catalog_КлассификаторБанков or Catalog_Банки (default: POTOK_ONEC_BANK_CATALOG or the classifier)')
    .option('--timeout <ms>', 'per-request timeout in milliseconds', '15000')
    .option('--json', 'print the findings as JSON')
    .action(async (options: OneCCheckOptions) => {
      const env = process.env;
      const checked = validateOneCConfig({
        url: options.url ?? env.POTOK_ONEC_URL,
        user: options.user ?? env.POTOK_ONEC_USER,
        password: options.password ?? env.POTOK_ONEC_PASSWORD ?? '',
        bankCatalog: options.bankCatalog ?? env.POTOK_ONEC_BANK_CATALOG,
        timeoutMs: options.timeout,
      });
      if (!checked.ok) {
        throw new BadInputError(checked.problems.map((p) => `${FLAGS[p.field] ?? p.field}: ${p.message}`).join('; '));
      }
      const result = await checkConnection(checked.config);
      process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatCheck(result));
      setExitCode(result.usable ? EXIT_OK : EXIT_FAILURE);
    });
}

export function formatCheck(result: OneCCheckResult): string {
  const lines = [`1C OData at ${result.url}`];
  for (const f of result.findings) {
    lines.push(`  ${f.ok ? 'ok ' : 'BAD'} ${f.message}`);
    if (!f.ok && f.hint) lines.push(`      → ${f.hint}`);
  }
  lines.push(result.usable ? 'Usable: Potok can create counterparties in 1C.' : 'Not usable: fix the points marked BAD, then run the check again.');
  return `${lines.join('\n')}\n`;
}
