import { projectFor } from '../config/active-project.js';
import type { Connection } from '../db/connections.js';
import { StratumError } from '../errors.js';
import type { ShowmigrationsEntry, ShowmigrationsOptions } from './api-types.js';
import { MigrationExecutor } from './executor.js';
import { splitNodeKey, type NodeKey } from './graph.js';
import { MigrationLoader } from './loader.js';
import { requireApps } from './project-loading.js';
import { MigrationRecorder, type AppliedMigration } from './recorder.js';

/**
 * `stratum showmigrations` as a function: every migration with whether it is applied on the selected
 * database, per app in graph order, or (`plan`) the whole plan in dependency order. Reads only: it takes
 * no lock and creates no table.
 */
export async function showmigrations(options: ShowmigrationsOptions = {}): Promise<ShowmigrationsEntry[]> {
  const { project, owned } = await projectFor(options);
  try {
    const { config } = project;
    const apps = options.apps?.length ? [...options.apps] : config.apps.map((a) => a.label);
    requireApps(config, apps);
    let loader = await MigrationLoader.load(config.apps);
    const connection = await project.connections.get(options.database ?? 'default');
    const records = await readApplied(connection);
    if (loader.replacements.size) loader = await MigrationLoader.load(config.apps, new Set(records.keys()));
    const executor = new MigrationExecutor(loader, new Set(records.keys()));
    const keys = options.plan ? planKeys(executor, apps) : perAppKeys(loader, apps);
    return keys.map((key) => entryFor(loader, executor, records, key));
  } finally {
    if (owned) await project.connections.closeAll();
  }
}

async function readApplied(connection: Connection): Promise<Map<NodeKey, AppliedMigration>> {
  try {
    return await new MigrationRecorder(connection.db, connection.dialect).appliedMigrations();
  } catch (error) {
    if (error instanceof StratumError) throw error;
    throw connection.dialect.mapError(error);
  }
}

function planKeys(executor: MigrationExecutor, apps: readonly string[]): NodeKey[] {
  return executor.migrationPlan(executor.allLeaves(), true)
    .map((s) => s.migration.key)
    .filter((k) => apps.includes(splitNodeKey(k)[0]));
}

function perAppKeys(loader: MigrationLoader, apps: readonly string[]): NodeKey[] {
  const keys: NodeKey[] = [];
  for (const app of apps) {
    const seen = new Set<NodeKey>();
    for (const leaf of loader.graph.leafNodes(app)) {
      for (const key of loader.graph.forwardsPlan(leaf)) {
        if (splitNodeKey(key)[0] !== app || seen.has(key)) continue;
        seen.add(key);
        keys.push(key);
      }
    }
  }
  return keys;
}

function entryFor(
  loader: MigrationLoader,
  executor: MigrationExecutor,
  records: ReadonlyMap<NodeKey, AppliedMigration>,
  key: NodeKey,
): ShowmigrationsEntry {
  const migration = loader.graph.nodes.get(key)!;
  const record = records.get(key);
  const applied = executor.isApplied(migration);
  return {
    app: migration.appLabel,
    name: migration.name,
    applied,
    appliedAt: record ? record.applied.toISOString() : null,
    dependencies: loader.graph.parentsOf(key),
    ...(migration.replaces.length ? { replaces: migration.replaces.map(([a, n]) => `${a}.${n}`) } : {}),
  };
}
