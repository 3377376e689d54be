/**
 * Kysely, as stratum imports it at run time. `npm run build` replaces the compiled `dist/db/kysely.js` with
 * Kysely bundled into one module (`scripts/bundle-kysely.mjs`): Kysely ships as ~280 ES modules, which cost
 * every connecting command ~120 ms of start-up to resolve and load, against ~20 ms for one file. Types
 * still come from the `kysely` package.
 */
export * from 'kysely';
