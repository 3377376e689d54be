#!/usr/bin/env -S node --import tsx --no-warnings
// The CLI from the TypeScript sources, no build step: `node --import tsx bin/dev.js migrate` (or `./bin/dev.js`).
// tsx transpiles src/ on the fly; the oclif command target is pointed at src/commands/index.ts instead of
// dist/, so an edit to a command or to the library is live at the next run.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execute } from '@oclif/core';

const root = fileURLToPath(new URL('..', import.meta.url));
const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
pjson.oclif.commands = { ...pjson.oclif.commands, target: './src/commands/index.ts' };

await execute({ loadOptions: { root, pjson } });
