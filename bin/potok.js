#!/usr/bin/env node
// The `potok` command. Sources are TypeScript, loaded through tsx, so a checkout runs
// without a build step.
import { register } from 'tsx/esm/api';

register();
// `potok simulate … | head`: the reader went away; stop quietly, as other command-line tools do.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
