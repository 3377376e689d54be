#!/usr/bin/env node
// The installed CLI: runs the compiled commands from dist/ (built by `npm run build`, or `prepare` on npm ci).
import { execute } from '@oclif/core';

await execute({ dir: import.meta.url });
