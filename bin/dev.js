#!/usr/bin/env node
// The CLI from the TypeScript sources, with no build step: `./bin/dev.js migrate` or `node bin/dev.js migrate`.
// tsx transpiles src/ on the fly and oclif's command table and hook are pointed at src/ instead of dist/,
// so an edit to a command or to the library is live at the next run. bin/run.js is the built, fast path.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const { execute } = await import('@oclif/core');
const root = fileURLToPath(new URL('..', import.meta.url));
const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
pjson.oclif.commands = { ...pjson.oclif.commands, target: './src/commands/index.ts' };
pjson.oclif.hooks = { command_not_found: './src/commands/hooks/command-not-found.ts' };

await execute({ loadOptions: { root, pjson } });
