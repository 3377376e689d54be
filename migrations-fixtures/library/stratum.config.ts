import { defineConfig } from 'stratum';

// The sample project of the demo, the end-to-end tests and the start-up benchmark (API.md §1).
export default defineConfig({
  apps: ['./apps/library'],
  databases: {
    default: { url: process.env.DATABASE_URL ?? 'sqlite:./db.sqlite3' },
  },
});
