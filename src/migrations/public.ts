/** `stratum/migrations`: what migration files import (API.md §3). */
export { Migration, type MigrationOptions, type MigrationKey } from './migration.js';
export { operations } from './operations/index.js';
export { fields } from './fields.js';
export { Index, UniqueConstraint, CheckConstraint } from '../models/indexes.js';
export { Q } from '../query/q.js';
export { F } from '../query/expressions.js';
