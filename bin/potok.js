#!/usr/bin/env node
// The `potok` command. Sources are TypeScript, loaded through tsx, so a checkout runs
// without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
