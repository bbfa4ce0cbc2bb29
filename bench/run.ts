/**
 * `npm run bench -- NAME [--quick] [...]` runs bench/NAME.bench.ts. Each benchmark
 * prints its figures as one JSON object on its last line; `--quick` finishes in under
 * a minute.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''));
const [name, ...rest] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench -- NAME [--quick]\navailable: ${available.join(', ') || '(none)'}\n`);
  process.exit(2);
}
const mod = (await import(pathToFileURL(path.join(here, `${name}.bench.ts`)).href)) as {
  run: (args: string[]) => Promise<Record<string, unknown>>;
};
const result = await mod.run(rest);
process.stdout.write(`${JSON.stringify(result)}\n`);
